"""The editors' admin: writing an article with references and FAQ, the workflow actions
(which go through the services and their permission checks), the preview link and the
lists reviewers and editors work from."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog import permissions
from blog.models import Article, ArticleStatusChange

from .conftest import BODY, live_article, new_article, with_cover

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:blog_article_changelist")
ADD = reverse("admin:blog_article_add")


def inline_management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_form(author, topic, **overrides) -> dict:
    data = {
        "title": "Psoriasis and Stem Cells",
        "slug": "psoriasis-and-stem-cells",
        "specialty": str(topic.pk),
        "treatment": "",
        "summary": "What stem cells can and cannot do for psoriasis.",
        "body": BODY,
        "cover_alt": "",
        "author": str(author.pk),
        "reviewer": "",
        "publish_at_0": "",
        "publish_at_1": "",
        **inline_management("references", 1),
        "references-0-order": "0",
        "references-0-title": "Global report on psoriasis",
        "references-0-publisher": "World Health Organization",
        "references-0-url": "https://www.who.int/publications/i/item/9789241565189",
        **inline_management("faq_items", 2),
        "faq_items-0-order": "0",
        "faq_items-0-question": "Can stem cells cure psoriasis?",
        "faq_items-0-answer": "Not today.",
        "faq_items-1-order": "1",
        "faq_items-1-question": "Is it legal in India?",
        "faq_items-1-answer": "Only within an approved trial.",
        **inline_management("status_changes", 0),
    }
    data.update(overrides)
    return data


def run_action(client, action: str, *articles):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [str(a.pk) for a in articles]},
        follow=True,
    )


def test_writer_writes_an_article_with_a_table_references_and_faq(client, writer, specialty):
    client.force_login(writer)

    response = client.post(ADD, add_form(writer, specialty))

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert "<table>" in article.body_html and 'href="#how-it-is-treated"' in article.toc_html
    assert [r.title for r in article.references.all()] == ["Global report on psoriasis"]
    assert [f.question for f in article.faq_items.all()] == [
        "Can stem cells cure psoriasis?",
        "Is it legal in India?",
    ]


def test_admin_form_rejects_what_the_service_rejects(client, writer, specialty, applicant):
    client.force_login(writer)

    response = client.post(
        ADD, add_form(writer, specialty, specialty="", reviewer=str(applicant.pk), slug="feed")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"specialty", "reviewer", "slug"} <= set(errors)
    assert not Article.objects.exists()


def test_change_form_links_to_the_preview(client, writer, specialty):
    article = new_article(writer, specialty=specialty)
    client.force_login(writer)

    html = client.get(reverse("admin:blog_article_change", args=[article.pk])).content.decode()

    assert reverse("blog:preview", kwargs={"pk": article.pk}) in html
    assert "View on site" not in html  # not live: the public address would be a 404


def test_writer_sends_to_review_but_is_not_offered_publish(client, writer, specialty):
    article = new_article(writer, specialty=specialty)
    client.force_login(writer)

    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "send_to_review" in dict(actions) and "publish" not in dict(actions)
    run_action(client, "send_to_review", article)
    response = run_action(client, "publish", article)  # posted anyway

    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW
    assert response.status_code == 200


def test_publisher_publishes_from_the_list_through_the_service(client, publisher, specialty):
    ready = new_article(
        publisher, specialty=specialty, title="Ready", non_medical=True, **with_cover()
    )
    later = new_article(
        publisher,
        specialty=specialty,
        title="Later",
        publish_at=timezone.now() + timedelta(days=3),
        non_medical=True,
        **with_cover(),
    )
    client.force_login(publisher)

    response = run_action(client, "publish", ready, later)

    assert "2 published or scheduled." in response.content.decode()
    ready.refresh_from_db()
    later.refresh_from_db()
    assert ready.is_live and later.is_scheduled
    assert ArticleStatusChange.objects.filter(actor=publisher, to_status="published").count() == 2


def test_a_failed_step_is_reported_not_hidden(client, publisher, specialty):
    article = live_article(publisher, specialty=specialty)
    client.force_login(publisher)

    response = run_action(client, "send_to_review", article)

    assert permissions.SEND_TO_REVIEW_DRAFTS_ONLY in response.content.decode()


def test_writer_cannot_change_a_live_article_in_the_admin(client, writer, publisher, specialty):
    article = live_article(publisher, specialty=specialty)
    client.force_login(writer)
    url = reverse("admin:blog_article_change", args=[article.pk])

    page = client.get(url)
    client.post(url, add_form(writer, specialty, title="Changed by the writer"))

    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert Article.objects.get(pk=article.pk).title != "Changed by the writer"


def test_staff_outside_the_editors_group_cannot_open_articles(client, outsider):
    client.force_login(outsider)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(ADD).status_code == 403


def test_reviewers_and_editors_filter_the_list_by_workflow(client, publisher, writer, specialty):
    draft = new_article(writer, specialty=specialty, title="Draft")
    waiting = new_article(writer, specialty=specialty, title="Waiting")
    Article.objects.filter(pk=waiting.pk).update(status=Article.Status.REVIEW)
    fresh = live_article(publisher, specialty=specialty, title="Fresh")
    stale = live_article(publisher, specialty=specialty, title="Stale")
    Article.objects.filter(pk=stale.pk).update(
        publish_at=timezone.now() - timedelta(days=400), last_reviewed_at=None
    )
    client.force_login(publisher)

    def titles(workflow):
        response = client.get(CHANGELIST, {"workflow": workflow})
        return sorted(a.title for a in response.context["cl"].result_list)

    assert titles("draft") == [draft.title]
    assert titles("review") == [waiting.title]
    assert titles("live") == sorted([fresh.title, stale.title])
    assert titles("due") == [stale.title]


def test_due_for_review_follows_the_setting(client, publisher, reviewer, specialty, settings):
    article = live_article(publisher, reviewer=reviewer, specialty=specialty)
    Article.objects.filter(pk=article.pk).update(
        last_reviewed_at=timezone.now() - timedelta(days=40)
    )
    client.force_login(publisher)

    def due():
        response = client.get(CHANGELIST, {"workflow": "due"})
        return list(response.context["cl"].result_list)

    assert due() == []
    settings.ARTICLE_REVIEW_PERIOD_DAYS = 30
    assert due() == [article]
