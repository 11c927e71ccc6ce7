"""The editorial workflow and who may move an article: writer, publisher, medical reviewer
and outsider, through the services (where the rules live) and the pages that call them."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from blog import permissions
from blog.models import Article, ArticleStatusChange
from blog.services import (
    article_approve,
    article_publish,
    article_return_to_draft,
    article_review_lapse,
    article_save,
    article_send_to_review,
)

from .conftest import live_article, new_article, with_cover

pytestmark = pytest.mark.django_db

Status = Article.Status


def steps(article):
    return list(
        ArticleStatusChange.objects.filter(article=article)
        .order_by("created_at", "id")
        .values_list("actor__email", "from_status", "to_status")
    )


def test_writer_drafts_and_sends_to_review_but_cannot_publish(writer, specialty):
    article = new_article(writer, specialty=specialty)
    assert article.status == Status.DRAFT

    article_send_to_review(actor=writer, article=article)
    with pytest.raises(PermissionDenied):
        article_publish(actor=writer, article=article)

    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert steps(article) == [(writer.email, "draft", "review")]


def test_publisher_publishes_and_every_step_is_recorded(writer, publisher, reviewer, specialty):
    article = new_article(writer, specialty=specialty, **with_cover())
    article_send_to_review(actor=writer, article=article)
    article_approve(actor=reviewer, article=article, note="Checked the doses")
    article_publish(actor=publisher, article=article)

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.is_live
    assert article.reviewer.user == reviewer
    assert article.last_reviewed_at is not None
    assert steps(article) == [
        (writer.email, "draft", "review"),
        (reviewer.email, "review", "review"),
        (publisher.email, "review", "published"),
    ]
    approval = ArticleStatusChange.objects.get(article=article, actor=reviewer)
    assert approval.note == "Checked the doses"


def test_outsider_can_do_nothing(outsider, writer, specialty, patient):
    with pytest.raises(PermissionDenied):
        new_article(outsider, specialty=specialty)
    article = new_article(writer, specialty=specialty)
    for step in (article_send_to_review, article_publish, article_approve):
        for person in (outsider, patient):
            with pytest.raises(PermissionDenied):
                step(actor=person, article=article)
    article.title = "Hijacked"
    with pytest.raises(PermissionDenied):
        article_save(actor=outsider, article=article)
    assert Article.objects.get(pk=article.pk).title != "Hijacked"


def test_reviewer_cannot_write_or_publish(reviewer, writer, specialty):
    with pytest.raises(PermissionDenied):
        new_article(reviewer, specialty=specialty)
    article = new_article(writer, specialty=specialty)
    article_send_to_review(actor=writer, article=article)
    with pytest.raises(PermissionDenied):
        article_publish(actor=reviewer, article=article)


def test_a_doctor_without_the_review_permission_cannot_approve(doctor, writer, specialty):
    article = new_article(writer, specialty=specialty)
    article_send_to_review(actor=writer, article=article)

    with pytest.raises(PermissionDenied):
        article_approve(actor=doctor.user, article=article)


def test_only_the_assigned_reviewer_approves(writer, reviewer, other_reviewer, specialty):
    article = new_article(writer, specialty=specialty, reviewer=reviewer.doctor_profile)
    article_send_to_review(actor=writer, article=article)

    with pytest.raises(PermissionDenied):
        article_approve(actor=other_reviewer, article=article)
    article_approve(actor=reviewer, article=article)


def test_a_doctor_cannot_approve_their_own_article(reviewer, specialty):
    from blog.selectors import review_queue
    from blog.services import editors_group_ensure

    reviewer.groups.add(editors_group_ensure())  # the doctor also writes
    article = new_article(reviewer, specialty=specialty)
    article_send_to_review(actor=reviewer, article=article)

    with pytest.raises(PermissionDenied, match=re.escape(permissions.REVIEW_OWN_ARTICLE)):
        article_approve(actor=reviewer, article=article)
    assert article not in review_queue(doctor=reviewer.doctor_profile)
    article.refresh_from_db()
    assert article.reviewer_id is None and article.last_reviewed_at is None


def test_drafts_cannot_be_approved(writer, reviewer, specialty):
    article = new_article(writer, specialty=specialty)

    with pytest.raises(PermissionDenied):
        article_approve(actor=reviewer, article=article)


def test_reviewer_sends_back_to_the_writer_with_a_note(writer, reviewer, specialty):
    article = new_article(writer, specialty=specialty)
    article_send_to_review(actor=writer, article=article)

    with pytest.raises(ValidationError):
        article_return_to_draft(actor=reviewer, article=article, note="  ")
    article_return_to_draft(actor=reviewer, article=article, note="Cite the trial")

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert ArticleStatusChange.objects.filter(note="Cite the trial").exists()


def test_writer_cannot_change_or_unpublish_a_live_article(writer, publisher, specialty):
    article = live_article(publisher, specialty=specialty)

    article.title = "Changed by the writer"
    with pytest.raises(PermissionDenied):
        article_save(actor=writer, article=article)
    with pytest.raises(PermissionDenied):
        article_return_to_draft(actor=writer, article=article)

    article_return_to_draft(actor=publisher, article=Article.objects.get(pk=article.pk))
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_a_step_from_a_stale_copy_fails_and_records_nothing(writer, publisher, specialty):
    article = new_article(writer, specialty=specialty, non_medical=True, **with_cover())
    stale = Article.objects.get(pk=article.pk)
    article_publish(actor=publisher, article=article)

    stale.status = Status.DRAFT  # what a page loaded before the publish still shows
    with pytest.raises(ValidationError):
        article_send_to_review(actor=writer, article=stale)
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    assert len(steps(article)) == 1


def test_editing_the_text_after_approval_needs_a_new_approval(writer, reviewer, specialty):
    article = new_article(writer, specialty=specialty)
    article_send_to_review(actor=writer, article=article)
    article_approve(actor=reviewer, article=article)

    article.body += "\n\nA new claim the doctor has not read."
    article_save(actor=writer, article=article)

    assert Article.objects.get(pk=article.pk).last_reviewed_at is None


def test_editing_a_scheduled_article_after_approval_needs_a_new_approval(
    writer, publisher, reviewer, specialty
):
    article = new_article(
        writer, specialty=specialty, publish_at=timezone.now() + timedelta(days=3), **with_cover()
    )
    article_send_to_review(actor=writer, article=article)
    article_approve(actor=reviewer, article=article)
    article_publish(actor=publisher, article=article)
    assert Article.objects.get(pk=article.pk).is_scheduled

    article.body += "\n\nA new claim the doctor has not read."
    article_save(actor=publisher, article=article)

    assert Article.objects.get(pk=article.pk).last_reviewed_at is None


def test_faq_or_reference_changes_lapse_the_approval_until_live(
    writer, publisher, reviewer, specialty
):
    draft = new_article(writer, specialty=specialty)
    article_send_to_review(actor=writer, article=draft)
    article_approve(actor=reviewer, article=draft)
    live = live_article(publisher, reviewer=reviewer, specialty=specialty, title="Live one")

    article_review_lapse(actor=publisher, article=draft)
    article_review_lapse(actor=publisher, article=live)

    assert Article.objects.get(pk=draft.pk).last_reviewed_at is None
    assert Article.objects.get(pk=live.pk).last_reviewed_at is not None


def test_a_form_saved_late_keeps_the_status_and_review_it_did_not_see(
    writer, publisher, reviewer, specialty
):
    article = new_article(writer, specialty=specialty, **with_cover())
    article_send_to_review(actor=writer, article=article)
    form_copy = Article.objects.get(pk=article.pk)  # an admin form opened now
    article_approve(actor=reviewer, article=article)
    article_publish(actor=publisher, article=article)

    form_copy.summary = "A clearer summary."
    article_save(actor=publisher, article=form_copy, changed=("summary",))

    saved = Article.objects.get(pk=article.pk)
    assert saved.status == Status.PUBLISHED
    assert saved.last_reviewed_at is not None
    assert saved.summary == "A clearer summary."


def test_reviewer_must_be_a_verified_doctor(writer, applicant, specialty):
    with pytest.raises(ValidationError) as excinfo:
        new_article(writer, specialty=specialty, reviewer=applicant)

    assert "reviewer" in excinfo.value.message_dict


# --- what visitors see ------------------------------------------------------------------


def test_drafts_and_articles_in_review_are_never_public(client, writer, specialty):
    draft = new_article(writer, specialty=specialty, title="A draft")
    in_review = new_article(writer, specialty=specialty, title="In review")
    article_send_to_review(actor=writer, article=in_review)

    for article in (draft, in_review):
        assert client.get(article.get_absolute_url()).status_code == 404
    index = client.get(reverse("blog:index")).content.decode()
    assert "A draft" not in index and "In review" not in index


def test_scheduled_article_is_hidden_until_its_time(client, publisher, specialty):
    later = timezone.now() + timedelta(days=2)
    article = new_article(
        publisher, specialty=specialty, publish_at=later, non_medical=True, **with_cover()
    )
    article_publish(actor=publisher, article=article)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_scheduled

    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get(reverse("blog:index")).content.decode()
    assert article.title not in client.get(reverse("blog:feed")).content.decode()

    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_preview_is_for_editors_and_the_assigned_reviewer_only(
    client, writer, reviewer, other_reviewer, outsider, patient, specialty
):
    article = new_article(writer, specialty=specialty, reviewer=reviewer.doctor_profile)
    url = reverse("blog:preview", kwargs={"pk": article.pk})

    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for person in (outsider, patient, reviewer):  # a draft is not the reviewer's yet
        client.force_login(person)
        assert client.get(url).status_code == 403

    article_send_to_review(actor=writer, article=article)
    client.force_login(other_reviewer)
    assert client.get(url).status_code == 403
    for person in (reviewer, writer):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert b'name="robots" content="noindex, nofollow"' in response.content
        assert article.title.encode() in response.content


def test_preview_renders_exactly_the_public_template(client, publisher, specialty):
    article = live_article(publisher, specialty=specialty)
    client.force_login(publisher)

    preview = client.get(reverse("blog:preview", kwargs={"pk": article.pk}))
    cache.clear()  # the public page draws its kept blocks too, not the preview's copies
    public = client.get(article.get_absolute_url())

    # The topic's part (blog/partials/article_topic.html) is drawn before the page.
    assert "blog/article_detail.html" in [t.name for t in preview.templates]
    assert [t.name for t in preview.templates] == [t.name for t in public.templates]


# --- the reviewer's desk -------------------------------------------------------------------


def test_review_queue_lists_what_waits_for_this_doctor(
    client, writer, reviewer, other_reviewer, specialty
):
    mine = new_article(writer, specialty=specialty, title="Mine", reviewer=reviewer.doctor_profile)
    unassigned = new_article(writer, specialty=specialty, title="Unassigned")
    theirs = new_article(
        writer, specialty=specialty, title="Theirs", reviewer=other_reviewer.doctor_profile
    )
    new_article(writer, specialty=specialty, title="Still a draft")
    for article in (mine, unassigned, theirs):
        article_send_to_review(actor=writer, article=article)

    client.force_login(reviewer)
    response = client.get(reverse("blog:review"))

    assert [a.title for a in response.context["waiting"]] == ["Mine", "Unassigned"]


def test_review_queue_is_closed_to_everyone_else(client, writer, doctor, patient):
    for person in (writer, doctor.user, patient):
        client.force_login(person)
        assert client.get(reverse("blog:review")).status_code == 403


def test_reviewer_approves_and_asks_for_changes_from_the_queue(client, writer, reviewer, specialty):
    first = new_article(writer, specialty=specialty, title="First")
    second = new_article(writer, specialty=specialty, title="Second")
    for article in (first, second):
        article_send_to_review(actor=writer, article=article)
    client.force_login(reviewer)

    client.post(reverse("blog:approve", kwargs={"pk": first.pk}), {"note": "Accurate"})
    client.post(reverse("blog:request_changes", kwargs={"pk": second.pk}), {"note": ""})
    assert Article.objects.get(pk=second.pk).status == Status.REVIEW  # a note is required
    client.post(reverse("blog:request_changes", kwargs={"pk": second.pk}), {"note": "Add refs"})

    first.refresh_from_db()
    assert first.last_reviewed_at is not None and first.reviewer.user == reviewer
    assert Article.objects.get(pk=second.pk).status == Status.DRAFT


def test_approving_by_post_needs_the_permission(client, writer, doctor, specialty):
    article = new_article(writer, specialty=specialty)
    article_send_to_review(actor=writer, article=article)
    client.force_login(doctor.user)

    response = client.post(reverse("blog:approve", kwargs={"pk": article.pk}))

    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).last_reviewed_at is None
