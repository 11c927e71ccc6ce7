"""The registry of what can be reported and moderated.

Each entry says how to find an item, who wrote it, what moderators read, where it lives
and what must follow a change of its visibility. The item apps know nothing of this
module (they sit below it); a new kind of item (follow-ups) is one more entry here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from blog.models import Article
from directory.models import Clinic
from doctors.models import DoctorProfile
from questions.models import Answer, FollowUp, Question
from questions.permissions import can_view_question
from questions.services import answer_notify_asker, question_answer_figures_refresh


def _nothing(item) -> None:
    return None


@dataclass(frozen=True)
class Target:
    kind: str
    label: str
    model: type[models.Model]
    queryset: Callable[[], models.QuerySet]
    author: Callable[[models.Model], object | None]
    title: Callable[[models.Model], str]
    body_html: Callable[[models.Model], str]
    url: Callable[[models.Model], str]
    # May ``user`` see this item as the public does (and so report it)?
    visible_to: Callable[[object, models.Model], bool]
    # Everything a user posted of this kind ("remove all of a spam account's posts").
    posts_by: Callable[[object], models.QuerySet] | None = None
    after_change: Callable[[models.Model], None] = _nothing
    # A held item a moderator approved: what its publication would have done.
    on_approve: Callable[[models.Model], None] = _nothing
    # The author's link to their hidden item in a notification.
    author_url: Callable[[models.Model], str] | None = None

    @property
    def has_author(self) -> bool:
        return self.posts_by is not None or self.kind == "doctor"


def _question_visible(user, question) -> bool:
    return question.is_public and can_view_question(user, question)


def _answer_visible(user, answer) -> bool:
    return answer.is_public and _question_visible(user, answer.question)


def _answer_after_change(answer) -> None:
    question_answer_figures_refresh(question_id=answer.question_id)


def _follow_up_visible(user, follow_up) -> bool:
    return follow_up.is_public and _answer_visible(user, follow_up.answer)


def _follow_up_html(follow_up) -> str:
    parts = [linebreaks(follow_up.text, autoescape=True)]
    if follow_up.reply:
        parts.append(linebreaks(f"Reply: {follow_up.reply}", autoescape=True))
    return "".join(parts)


def _article_author_url(article) -> str:
    return reverse("admin:blog_article_change", args=[article.pk])


TARGETS: dict[str, Target] = {
    t.kind: t
    for t in (
        Target(
            kind="question",
            label=_("question"),
            model=Question,
            queryset=lambda: Question.objects.select_related("author", "specialty"),
            author=lambda q: q.author,
            title=lambda q: q.text[:120],
            body_html=lambda q: "",
            url=lambda q: q.get_absolute_url(),
            # What a notification stores: a link with no words of the question.
            author_url=lambda q: q.get_link_path(),
            visible_to=_question_visible,
            posts_by=lambda user: Question.objects.filter(author=user),
        ),
        Target(
            kind="answer",
            label=_("answer"),
            model=Answer,
            queryset=lambda: Answer.objects.select_related(
                "question", "question__specialty", "doctor", "doctor__user"
            ),
            author=lambda a: a.doctor.user,
            title=lambda a: f"Answer by {a.doctor.display_name} to: {a.question.text[:90]}",
            body_html=lambda a: a.body_html,
            url=lambda a: a.get_absolute_url(),
            author_url=lambda a: a.get_link_path(),
            visible_to=_answer_visible,
            posts_by=lambda user: Answer.objects.filter(doctor__user=user),
            after_change=_answer_after_change,
            on_approve=lambda a: answer_notify_asker(answer=a),
        ),
        Target(
            kind="follow_up",
            label=_("follow-up"),
            model=FollowUp,
            queryset=lambda: FollowUp.objects.select_related(
                "answer", "answer__doctor", "answer__question", "answer__question__author"
            ),
            author=lambda f: f.answer.question.author,
            title=lambda f: f"Follow-up to {f.answer.doctor.display_name}: {f.text[:90]}",
            body_html=_follow_up_html,
            url=lambda f: f"{f.answer.question.get_absolute_url()}#follow-up-{f.pk}",
            author_url=lambda f: f"{f.answer.question.get_link_path()}#follow-up-{f.pk}",
            visible_to=_follow_up_visible,
            posts_by=lambda user: FollowUp.objects.filter(answer__question__author=user),
        ),
        Target(
            kind="article",
            label=_("article"),
            model=Article,
            queryset=lambda: Article.objects.select_related("author"),
            author=lambda a: a.author,
            title=lambda a: a.title,
            body_html=lambda a: a.body_html,
            url=lambda a: a.get_absolute_url(),
            visible_to=lambda user, a: a.is_public and a.is_live,
            author_url=_article_author_url,
        ),
        Target(
            kind="doctor",
            label=_("doctor profile"),
            model=DoctorProfile,
            queryset=lambda: DoctorProfile.objects.select_related("user"),
            author=lambda d: d.user,
            title=lambda d: d.display_name,
            body_html=lambda d: "",
            url=lambda d: d.get_absolute_url(),
            visible_to=lambda user, d: (
                d.is_public and DoctorProfile.objects.listed().filter(pk=d.pk).exists()
            ),
        ),
        Target(
            kind="clinic",
            label=_("clinic page"),
            model=Clinic,
            queryset=lambda: Clinic.objects.select_related("city"),
            author=lambda c: None,
            title=lambda c: c.name,
            body_html=lambda c: "",
            url=lambda c: c.get_absolute_url(),
            visible_to=lambda user, c: c.is_public,
        ),
    )
}
KINDS = tuple(TARGETS)


def target_for_model(model) -> Target | None:
    for target in TARGETS.values():
        if target.model is model or isinstance(model, target.model):
            return target
    return None
