"""Writes for the blog: saving articles (rendered once, here) and every workflow step.

Each step checks its permission (blog.permissions), moves the status with a conditional
update so two editors clicking at once cannot both succeed, and records who did it.
"""

import logging
import math

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from doctors.models import DoctorProfile
from portal.accounts import roles
from portal.accounts.groups import groups_sync
from portal.images import (
    ImageTooLarge,
    NotAnImage,
    Renditions,
    image_check,
    image_format,
    image_renditions,
)
from portal.notifications.models import Notification
from portal.notifications.services import notification_create
from portal.rendering import render_article
from portal.search import detect_language

from .models import Article, ArticleStatusChange, AuthorProfile, FAQItem, Reference
from .permissions import (
    REVIEW_PERMISSION,
    check_byline,
    check_edit_article,
    check_publish_article,
    check_return_to_draft,
    check_review_article,
    check_send_to_review,
    is_writer,
)

logger = logging.getLogger(__name__)

WORDS_PER_MINUTE = 200
# The cover's sizes: a phone's card at 1x up to the article page on a wide screen at 2x.
COVER_WIDTHS = (320, 640, 960, 1280)
COVER_FOLDER = "blog/covers"
COVER_NOT_AN_IMAGE = "The cover is not an image we can use: upload a JPEG, PNG or WebP picture."
COVER_DAMAGED = "The cover picture is damaged or incomplete: save it again and upload the new file."
COVER_ALT_REQUIRED = (
    "Describe the cover picture for people who cannot see it (alt text), e.g. “A doctor "
    "examining a patient's scalp”."
)
COVER_KEPT_WHEN_PUBLISHED = (
    "A published article keeps its cover: upload a new picture instead of removing it, or "
    "unpublish the article first."
)
COVER_REQUIRED_TO_PUBLISH = (
    "Add a cover picture and its description (alt text) before publishing: articles "
    "without one look unfinished in lists and link previews."
)
# Paths under /blog/ that an article's slug must not shadow.
RESERVED_SLUGS = frozenset({"author", "category", "feed", "preview", "review", "page"})

Status = Article.Status


def read_minutes(word_count: int) -> int:
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


def article_validate(*, article: Article) -> None:
    """The rules an article must meet before it is saved; raises ValidationError."""
    errors: dict[str, str] = {}
    if article.specialty_id is None and article.treatment_id is None:
        errors["specialty"] = "Choose a specialty or a treatment: it is the article's topic."
    if article.slug in RESERVED_SLUGS:
        errors["slug"] = f"“{article.slug}” is used by the blog's own pages; choose another."
    elif article.slug and Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists():
        errors["slug"] = "Another article has this address; choose another."
    if article.reviewer_id is not None:
        reviewer = DoctorProfile.objects.filter(pk=article.reviewer_id).first()
        if reviewer is None or not reviewer.is_verified:
            errors["reviewer"] = "The medical reviewer must be a verified doctor."
        elif reviewer.user_id == article.author_id:
            errors["reviewer"] = "A doctor cannot review their own article."
    errors.update(_cover_errors(article))
    if article.author_id is not None:
        author = article.author
        if not (roles.is_editor(author) or roles.is_verified_doctor(author)):
            errors["author"] = "The author must be an editor or a verified doctor."
        elif not (
            AuthorProfile.objects.filter(user=author).exists() or roles.is_verified_doctor(author)
        ):
            errors["author"] = (
                "This editor has no author profile yet: add one (name and short bio) under "
                "Blog > Author profiles, so readers see who wrote the article."
            )
    if errors:
        raise ValidationError(errors)


def _ensure_author_profile(user) -> None:
    """A doctor writing for the blog gets an author profile made from their doctor
    profile, so every byline has a page."""
    if AuthorProfile.objects.filter(user=user).exists():
        return
    doctor = DoctorProfile.objects.filter(user=user).first()
    if doctor is None:
        return
    slug = doctor.slug
    if AuthorProfile.objects.filter(slug=slug).exists():
        slug = f"{slug}-{user.pk}"
    AuthorProfile.objects.create(user=user, display_name=doctor.display_name, slug=slug)


def _new_cover(article: Article):
    """The cover file just uploaded and not stored yet, or None."""
    upload = article.cover_image
    return upload if upload and not getattr(upload, "_committed", True) else None


def _cover_errors(article: Article) -> dict[str, str]:
    """A new cover must be an image we decode; any cover needs its alt text."""
    errors = {}
    upload = _new_cover(article)
    if upload is not None:
        upload.open()
        if image_format(upload) not in ("JPEG", "PNG", "WEBP"):
            errors["cover_image"] = COVER_NOT_AN_IMAGE
        elif image_check(upload) is None:
            errors["cover_image"] = COVER_DAMAGED
    if article.cover_image and not article.cover_alt.strip():
        errors["cover_alt"] = COVER_ALT_REQUIRED
    return errors


def _store_cover(article: Article) -> None:
    """Make a newly uploaded cover's renditions (portal.images: COVER_WIDTHS in WebP and
    JPEG, without the camera's metadata, which may hold a location), here and now: an
    editor's upload is one picture, done in well under a second, and the article page
    then never shows a half-ready cover. ``cover_image`` names the largest JPEG."""
    upload = _new_cover(article)
    if upload is None:
        if not article.cover_image:
            article.cover_width = article.cover_height = None
            article.cover_renditions = {}
        return
    upload.open()
    try:
        renditions = image_renditions(upload, folder=COVER_FOLDER, widths=COVER_WIDTHS)
    except ImageTooLarge as exc:
        raise ValidationError({"cover_image": exc.message(upload.name)}) from exc
    except NotAnImage as exc:
        raise ValidationError({"cover_image": COVER_DAMAGED}) from exc
    article.cover_renditions = renditions
    article.cover_image.name = renditions["jpeg"][-1]["name"]
    article.cover_image._committed = True
    article.cover_width, article.cover_height = renditions["width"], renditions["height"]


def _cover_files(article: Article) -> set[str]:
    """The names of the article's cover files: every rendition, and ``cover_image``."""
    names = Renditions(article.cover_renditions).names()
    if article.cover_image:
        names.add(article.cover_image.name)
    return names


def _delete_replaced_cover_on_commit(article: Article, *, before: set[str]) -> None:
    """Once the new cover (or none) is committed, delete the files of the one it replaced.
    Rendition names come from the picture's bytes, so the same picture uploaded again
    keeps its files, and so does a picture another article also uses as its cover."""
    gone = before - _cover_files(article)
    if not gone:
        return
    storage = article.cover_image.storage

    def delete():
        shared = set()
        for other in Article.objects.exclude(pk=article.pk).filter(
            cover_image__in=[n for n in gone if n.endswith(".jpg")]
        ):
            shared |= _cover_files(other)
        for name in sorted(gone - shared):
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not delete the replaced cover file %s", name)

    transaction.on_commit(delete, robust=True)


def check_cover_for_publishing(article: Article) -> None:
    """Publishing needs a cover with its alt text (lists, the page and link previews
    show it)."""
    if not (article.cover_renditions and article.cover_image and article.cover_alt.strip()):
        raise ValidationError(COVER_REQUIRED_TO_PUBLISH, code="cover_required")


# What an editor edits; the rest moves only through the workflow steps below.
EDITABLE_FIELDS = (
    "title",
    "slug",
    "specialty",
    "treatment",
    "summary",
    "body",
    "cover_image",
    "cover_alt",
    "author",
    "reviewer",
    "non_medical",
    "publish_at",
)


def _unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=True)[:190].strip("-") or "article"
    taken = set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _render_and_store(article: Article) -> None:
    if not article.slug:
        article.slug = _unique_slug(article.title)
    article_validate(article=article)
    rendered = render_article(article.body)
    article.body_html = rendered.html
    article.toc_html = rendered.toc_html
    article.read_minutes = read_minutes(rendered.word_count)
    article.language = detect_language(f"{article.title}. {article.summary}. {article.body}")
    _store_cover(article)
    article.save()
    _ensure_author_profile(article.author)


@transaction.atomic
def article_save(*, actor, article: Article, changed: tuple[str, ...] | None = None) -> Article:
    """Save an article someone has written or edited: check, render, store.

    The markdown is rendered here, once, into body_html and toc_html; pages only read
    the stored HTML. For an existing article only the ``changed`` fields (default: every
    editable field) are taken from ``article``, onto the row as it is now: a form opened
    before someone else published or approved it cannot undo that. ``article`` is
    refreshed from the database afterwards."""
    if article._state.adding:
        check_edit_article(actor, article)
        check_byline(actor, author_id=article.author_id)
        _render_and_store(article)
        return article

    current = Article.objects.select_for_update().get(pk=article.pk)
    check_edit_article(actor, current)
    before = {
        "reviewer_id": current.reviewer_id,
        "title": current.title,
        "body": current.body,
        "status": current.status,
        "publish_at": current.publish_at,
        "was_live": current.is_live,
        "cover": current.cover_image.name,
        "cover_files": _cover_files(current),
    }
    previous_author_id = current.author_id
    for name in EDITABLE_FIELDS if changed is None else changed:
        if name in EDITABLE_FIELDS:
            attname = Article._meta.get_field(name).attname
            setattr(current, attname, getattr(article, attname))
    check_byline(actor, author_id=current.author_id, previous_author_id=previous_author_id)
    if current.status == Status.PUBLISHED and before["cover"] and not current.cover_image:
        raise ValidationError({"cover_image": COVER_KEPT_WHEN_PUBLISHED})
    if current.status == Status.PUBLISHED and current.publish_at is None:
        current.publish_at = before["publish_at"]  # live keeps its time; a new one reschedules
    current.last_reviewed_at = _approval_after_edit(before, current, current.last_reviewed_at)
    _render_and_store(current)
    _delete_replaced_cover_on_commit(current, before=before["cover_files"])
    article.refresh_from_db()
    return article


def _approval_after_edit(before: dict, article: Article, reviewed_at):
    """A medical approval covers the text the doctor read and the doctor named: it lapses
    when the reviewer changes, or when the text changes before the article is live.
    Editing a live article needs the publish permission; its review date stays."""
    if reviewed_at is None:
        return None
    if before["reviewer_id"] != article.reviewer_id:
        return None
    changed_text = (before["title"], before["body"]) != (article.title, article.body)
    if changed_text and not before["was_live"]:  # drafts, reviews and scheduled articles
        return None
    return reviewed_at


@transaction.atomic
def article_review_lapse(*, actor, article: Article) -> None:
    """The FAQ or the references changed (admin inlines) before the article went live:
    the doctor's approval no longer covers what will be published."""
    check_edit_article(actor, article)
    current = Article.objects.select_for_update().get(pk=article.pk)
    if not current.is_live and current.last_reviewed_at is not None:
        Article.objects.filter(pk=current.pk).update(last_reviewed_at=None)


@transaction.atomic
def article_create(
    *,
    actor,
    title: str,
    body: str,
    summary: str,
    author=None,
    slug: str = "",
    specialty=None,
    treatment=None,
    reviewer=None,
    non_medical: bool = False,
    publish_at=None,
    cover_image=None,
    cover_alt: str = "",
    references: tuple[dict, ...] = (),
    faq: tuple[tuple[str, str], ...] = (),
) -> Article:
    """A new draft, with its references ({title, publisher, url}) and FAQ (question,
    answer) in order. The author is the actor (blog.permissions: a byline is one's own)."""
    article = Article(
        title=title,
        slug=slug,
        body=body,
        summary=summary,
        author=author or actor,
        specialty=specialty,
        treatment=treatment,
        reviewer=reviewer,
        non_medical=non_medical,
        publish_at=publish_at,
        cover_alt=cover_alt,
    )
    if cover_image is not None:
        article.cover_image = cover_image
    article_save(actor=actor, article=article)
    for order, ref in enumerate(references):
        reference = Reference(article=article, order=order, **ref)
        reference.full_clean()
        reference.save()
    for order, (question, answer) in enumerate(faq):
        item = FAQItem(article=article, order=order, question=question, answer=answer)
        item.full_clean()
        item.save()
    return article


def _move(*, article: Article, actor, to_status: str, note: str = "", **fields) -> Article:
    """Move the article from its current status to ``to_status`` if nobody moved it in
    the meantime, and record the step."""
    from_status = article.status
    moved = Article.objects.filter(pk=article.pk, status=from_status).update(
        status=to_status, **fields
    )
    if not moved:
        raise ValidationError(
            gettext("Someone else changed this article's status; reload and retry.")
        )
    article.status = to_status
    for name, value in fields.items():
        setattr(article, name, value)
    ArticleStatusChange.objects.create(
        article=article, actor=actor, from_status=from_status, to_status=to_status, note=note
    )
    return article


@transaction.atomic
def article_send_to_review(*, actor, article: Article, note: str = "") -> Article:
    check_send_to_review(actor, article)
    article = _move(article=article, actor=actor, to_status=Status.REVIEW, note=note)
    _notify_reviewers(article)
    return article


# The title of the reviewer's notification: a link to the review desk, no article text.
REVIEW_REQUEST_TITLE = "An article was sent to you for medical review"


def _notify_reviewers(article: Article) -> None:
    """The assigned reviewer, or with none assigned every medical reviewer who may take
    it (verified doctors holding blog.review_article, never its author), hears through
    the outbox."""
    app_label, codename = REVIEW_PERMISSION.split(".")
    holds = (
        Q(user__is_superuser=True)
        | Q(
            user__user_permissions__codename=codename,
            user__user_permissions__content_type__app_label=app_label,
        )
        | Q(
            user__groups__permissions__codename=codename,
            user__groups__permissions__content_type__app_label=app_label,
        )
    )
    reviewers = DoctorProfile.objects.verified().filter(holds).exclude(user_id=article.author_id)
    if article.reviewer_id is not None:
        reviewers = reviewers.filter(pk=article.reviewer_id)
    for doctor in reviewers.select_related("user").distinct():
        notification_create(
            recipient=doctor.user,
            kind=Notification.Kind.ARTICLE_REVIEW,
            title=REVIEW_REQUEST_TITLE,
            target_path=reverse("blog:review"),
        )


@transaction.atomic
def article_publish(*, actor, article: Article, note: str = "") -> Article:
    """Publish now, or at the article's publish time when that is in the future."""
    check_publish_article(actor, article)
    check_cover_for_publishing(article)
    now = timezone.now()
    publish_at = article.publish_at if article.publish_at and article.publish_at > now else now
    if not note and publish_at > now:
        note = f"Scheduled for {timezone.localtime(publish_at):%Y-%m-%d %H:%M}"
    return _move(
        article=article,
        actor=actor,
        to_status=Status.PUBLISHED,
        note=note,
        publish_at=publish_at,
    )


@transaction.atomic
def article_approve(*, actor, article: Article, note: str = "") -> Article:
    """A medical reviewer approves the article's content (or re-reviews a live one). They
    become its reviewer, and its last-reviewed date is now. The status does not change:
    a publisher publishes."""
    check_review_article(actor, article)
    doctor = actor.doctor_profile
    now = timezone.now()
    updated = Article.objects.filter(pk=article.pk, status=article.status).update(
        reviewer=doctor, last_reviewed_at=now
    )
    if not updated:
        raise ValidationError(
            gettext("Someone else changed this article's status; reload and retry.")
        )
    article.reviewer = doctor
    article.last_reviewed_at = now
    ArticleStatusChange.objects.create(
        article=article,
        actor=actor,
        from_status=article.status,
        to_status=article.status,
        note=note or f"Medically approved by {doctor.display_name}",
    )
    return article


@transaction.atomic
def article_return_to_draft(*, actor, article: Article, note: str = "") -> Article:
    """Back to the writer: from review (changes asked for) or from published
    (unpublished)."""
    check_return_to_draft(actor, article)
    if article.status == Status.REVIEW and not note.strip() and not is_writer(actor):
        raise ValidationError(gettext("Tell the writer what to change."))
    return _move(article=article, actor=actor, to_status=Status.DRAFT, note=note.strip())


def editors_group_ensure() -> Group:
    """The Editors group with its declared permissions (portal.accounts.groups, synced
    after every migrate): for the demo loader, and for callers that want the group."""
    return groups_sync(names={roles.EDITORS_GROUP})[roles.EDITORS_GROUP]
