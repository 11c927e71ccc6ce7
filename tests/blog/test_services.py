"""blog.services and blog.selectors: what saving an article computes and checks, the
cover image, and the re-review list."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from blog.models import Article, AuthorProfile
from blog.selectors import due_for_review_list, re_review_list
from blog.services import article_approve, editors_group_ensure, read_minutes
from tests.factories import DoctorFactory, UserFactory

from .conftest import live_article, new_article

pytestmark = pytest.mark.django_db


def test_read_time_is_rounded_up_from_the_words(writer, specialty):
    assert read_minutes(0) == 1
    assert read_minutes(200) == 1
    assert read_minutes(201) == 2
    article = new_article(writer, specialty=specialty, body="word " * 2150)
    assert article.read_minutes == 11


def test_rendering_happens_once_on_save(writer, specialty):
    article = new_article(writer, specialty=specialty, body="## One\n\n## Two\n\nText")

    assert article.body_html.startswith('<h2 id="one">')
    assert article.toc_html.count("<li>") == 2
    Article.objects.filter(pk=article.pk).update(body="Changed behind the service's back")
    assert Article.objects.get(pk=article.pk).body_html.startswith('<h2 id="one">')


def test_slugs_are_made_unique_and_never_shadow_blog_pages(writer, specialty):
    first = new_article(writer, specialty=specialty, title="Feed")
    second = new_article(writer, specialty=specialty, title="Feed")

    assert (first.slug, second.slug) == ("feed-2", "feed-3")
    with pytest.raises(ValidationError):
        new_article(writer, specialty=specialty, slug=first.slug)


def test_an_article_needs_a_topic(writer):
    with pytest.raises(ValidationError) as excinfo:
        new_article(writer)

    assert "specialty" in excinfo.value.message_dict


def test_the_author_is_an_editor_with_a_name_or_a_verified_doctor(writer, patient, specialty):
    with pytest.raises(PermissionDenied):
        new_article(patient, specialty=specialty)

    nameless = UserFactory(email="nameless@example.org")
    nameless.groups.add(editors_group_ensure())
    nameless = type(nameless).objects.get(pk=nameless.pk)
    with pytest.raises(ValidationError) as excinfo:
        new_article(nameless, specialty=specialty)
    assert "author profile" in str(excinfo.value)


def _doctor_who_writes(specialty, **fields):
    """A verified doctor who is also in the Editors group: writes as themselves."""
    doctor = DoctorFactory(specialties=[specialty], **fields)
    doctor.user.groups.add(editors_group_ensure())
    return type(doctor.user).objects.get(pk=doctor.user.pk)


def test_a_doctor_author_gets_an_author_page_from_their_profile(specialty):
    author = _doctor_who_writes(specialty, full_name="Rohan Iyer", slug="rohan-iyer")

    new_article(author, specialty=specialty)

    profile = AuthorProfile.objects.get(user=author)
    assert (profile.display_name, profile.slug) == ("Dr. Rohan Iyer", "rohan-iyer")


def test_a_doctor_cannot_review_their_own_article(specialty):
    author = _doctor_who_writes(specialty, full_name="Rohan Iyer", slug="rohan-iyer")
    with pytest.raises(ValidationError):
        new_article(author, specialty=specialty, reviewer=author.doctor_profile)


def image_upload(width: int, height: int, fmt: str = "PNG") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 120, 90)).save(buffer, format=fmt)
    return SimpleUploadedFile(f"Cover Photo.{fmt.lower()}", buffer.getvalue())


def test_cover_image_is_stored_as_renditions(writer, specialty, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = new_article(
        writer, specialty=specialty, cover_image=image_upload(3200, 1800), cover_alt="A clinic"
    )

    # cover_image names the largest JPEG rendition (link previews use it).
    assert article.cover_image.name.startswith("blog/covers/")
    assert article.cover_image.name.endswith("-1280.jpg")
    assert (article.cover_width, article.cover_height) == (1280, 720)
    with Image.open(tmp_path / article.cover_image.name) as stored:
        assert stored.format == "JPEG" and stored.size == (1280, 720)
    assert [s["w"] for s in article.cover_renditions["webp"]] == [320, 640, 960, 1280]


def test_a_small_cover_is_not_enlarged(writer, specialty, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = new_article(
        writer, specialty=specialty, cover_image=image_upload(640, 360), cover_alt="A clinic"
    )

    assert (article.cover_width, article.cover_height) == (640, 360)
    assert [s["w"] for s in article.cover_renditions["jpeg"]] == [320, 640]


def test_re_review_moves_a_live_article_off_the_due_list(publisher, reviewer, specialty):
    article = live_article(publisher, reviewer=reviewer, specialty=specialty)
    long_ago = timezone.now() - timedelta(days=500)
    Article.objects.filter(pk=article.pk).update(last_reviewed_at=long_ago, publish_at=long_ago)
    assert list(due_for_review_list()) == [article]
    assert list(re_review_list(doctor=reviewer.doctor_profile)) == [article]

    article_approve(actor=reviewer, article=Article.objects.get(pk=article.pk))

    assert list(due_for_review_list()) == []
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_a_never_reviewed_article_falls_due_a_period_after_publication(
    publisher, specialty, settings
):
    article = live_article(publisher, specialty=specialty)
    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() - timedelta(days=settings.ARTICLE_REVIEW_PERIOD_DAYS + 1)
    )

    assert list(due_for_review_list()) == [article]
