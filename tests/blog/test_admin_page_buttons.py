"""The article's own admin page moves it on (issue 16): "Save and send to review" and
"Save and publish", each offered only to whoever may use it and carried out by the
blog's services; publish times say their time zone; the admin carries the portal's name."""

import pytest
from django.urls import reverse

from blog import permissions
from blog.models import Article, ArticleStatusChange

from .conftest import new_article, with_cover
from .test_admin import add_form

pytestmark = pytest.mark.django_db


def change_url(article) -> str:
    return reverse("admin:blog_article_change", args=[article.pk])


def test_writer_is_offered_send_to_review_not_publish_and_it_works(client, writer, specialty):
    article = new_article(writer, specialty=specialty)
    client.force_login(writer)

    page = client.get(change_url(article)).content.decode()
    assert 'name="_send_to_review"' in page and 'name="_publish"' not in page

    response = client.post(
        change_url(article), {**add_form(writer, specialty), "_send_to_review": "1"}, follow=True
    )

    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert "Saved and sent to review." in response.content.decode()
    assert ArticleStatusChange.objects.filter(actor=writer, to_status="review").exists()


def test_publisher_publishes_from_the_article_page_through_the_service(
    client, publisher, specialty
):
    # Publishing needs a cover with its alt text, and a medical review unless not medical.
    article = new_article(publisher, specialty=specialty, non_medical=True, **with_cover())
    client.force_login(publisher)
    form = add_form(publisher, specialty, cover_alt="A blue test picture", non_medical="on")

    client.post(change_url(article), {**form, "_publish": "1"})

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_live
    assert ArticleStatusChange.objects.filter(actor=publisher, to_status="published").exists()


def test_a_writer_posting_publish_anyway_is_refused_by_the_service(client, writer, specialty):
    article = new_article(writer, specialty=specialty)
    client.force_login(writer)

    response = client.post(
        change_url(article), {**add_form(writer, specialty), "_publish": "1"}, follow=True
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert f"Saved, but not moved on: {permissions.PUBLISH_PUBLISHERS_ONLY}" in (
        response.content.decode().replace("&#x27;", "'")
    )


def test_publish_time_says_its_time_zone_and_the_admin_is_branded(
    client, publisher, specialty, settings
):
    article = new_article(publisher, specialty=specialty)
    client.force_login(publisher)

    page = client.get(change_url(article)).content.decode()
    index = client.get(reverse("admin:index")).content.decode()

    assert f"In the portal's time zone, {settings.TIME_ZONE}" in page
    assert "css/admin.css" in page
    assert f"{settings.SITE_NAME} admin" in index
