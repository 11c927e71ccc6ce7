"""Issue 15, point 3: a byline is the writer's own identity, and a medical article is
published only after a verified doctor other than its author approved it."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from blog import permissions
from blog.models import Article
from blog.services import (
    article_approve,
    article_publish,
    article_save,
    article_send_to_review,
)

from .conftest import new_article, with_cover

pytestmark = pytest.mark.django_db

ADD = reverse("admin:blog_article_add")


def _jsonld(html: str) -> list:
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    found = []
    for block in blocks:
        data = json.loads(block)
        found.extend(data if isinstance(data, list) else [data])
    return found


def _result_list(html: str) -> str:
    match = re.search(r'<table id="result_list">(.*?)</table>', html, re.S)
    return match.group(1) if match else ""


def test_issue15_point3_writer_cannot_sign_an_article_with_a_verified_doctors_name(
    writer, doctor, specialty
):
    with pytest.raises(PermissionDenied, match="You write as yourself"):
        new_article(writer, specialty=specialty, author=doctor.user)
    assert not Article.objects.exists()

    article = new_article(writer, specialty=specialty)
    article.author = doctor.user  # an edit that swaps the byline
    with pytest.raises(PermissionDenied, match="You write as yourself"):
        article_save(actor=writer, article=article, changed=("author",))
    assert Article.objects.get(pk=article.pk).author == writer


def test_issue15_point3_editor_keeps_the_writers_byline_when_editing(writer, publisher, specialty):
    article = new_article(writer, specialty=specialty)
    article.summary = "A shorter summary."

    article_save(actor=publisher, article=article, changed=("summary",))

    assert Article.objects.get(pk=article.pk).author == writer


def test_issue15_point3_admin_author_dropdown_offers_only_oneself_by_name(
    client, writer, publisher, doctor, specialty
):
    client.force_login(writer)
    html = client.get(ADD).content.decode()

    select = re.search(r'<select name="author"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert "Arjun Das" in select
    assert "@" not in select  # names, never login emails
    assert doctor.display_name not in select and "Kavya Menon" not in select

    # Posting someone else's id is refused by the form, nothing saved.
    from .test_admin import add_form

    response = client.post(ADD, add_form(doctor.user, specialty))
    assert response.status_code == 200
    assert "author" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_issue15_point3_author_profiles_list_shows_no_login_emails(client, writer, publisher):
    client.force_login(publisher)

    html = client.get(reverse("admin:blog_authorprofile_changelist")).content.decode()

    rows = _result_list(html)
    assert "Arjun Das" in rows
    assert "@" not in rows
    # Searching by a login email finds nobody: the email is no way in either.
    found = client.get(reverse("admin:blog_authorprofile_changelist"), {"q": writer.email})
    assert "Arjun Das" not in _result_list(found.content.decode())


def test_issue15_point3_editor_cannot_publish_an_unreviewed_medical_article(
    writer, publisher, specialty
):
    article = new_article(writer, specialty=specialty)

    assert not permissions.can_publish_article(publisher, article)
    with pytest.raises(PermissionDenied, match="must approve"):
        article_publish(actor=publisher, article=article)
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_issue15_point3_a_non_medical_article_publishes_without_review(
    writer, publisher, specialty
):
    article = new_article(writer, specialty=specialty, non_medical=True, **with_cover())

    article_publish(actor=publisher, article=article)

    assert Article.objects.get(pk=article.pk).is_live


def test_issue15_point3_doctor_reviews_an_article_a_writer_wrote_then_it_publishes(
    client, writer, publisher, reviewer, specialty
):
    article = new_article(
        writer, specialty=specialty, reviewer=reviewer.doctor_profile, **with_cover()
    )
    article_send_to_review(actor=writer, article=article)

    assert permissions.can_review_article(reviewer, article)
    article_approve(actor=reviewer, article=article)
    article_publish(actor=publisher, article=article)

    html = client.get(article.get_absolute_url()).content.decode()
    page = next(d for d in _jsonld(html) if d.get("@type") == "MedicalWebPage")
    # The JSON-LD author is the writer (a Person), the doctor is the reviewer.
    assert page["mainEntity"]["author"]["@type"] == "Person"
    assert page["mainEntity"]["author"]["name"] == "Arjun Das"
    assert page["reviewedBy"]["name"] == reviewer.doctor_profile.display_name


def test_issue15_point3_article_change_page_shows_no_login_emails(
    client, writer, publisher, reviewer, specialty
):
    article = new_article(writer, specialty=specialty, reviewer=reviewer.doctor_profile)
    article_send_to_review(actor=writer, article=article)
    article_approve(actor=reviewer, article=article)
    client.force_login(publisher)

    html = client.get(reverse("admin:blog_article_change", args=[article.pk])).content.decode()

    form = html.split('id="article_form"', 1)[1]
    for person in (writer, reviewer):
        assert person.email not in form
    select = re.search(r'<select name="author"[^>]*>(.*?)</select>', form, re.S).group(1)
    assert "Arjun Das" in select and "Kavya Menon" in select  # the writer, or oneself
    assert reviewer.doctor_profile.display_name in form  # the workflow history, by name
