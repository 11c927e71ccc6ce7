"""Article covers: required (with alt text) to publish, made into renditions on upload, and
shown as <picture> on the article, the cards (index, related, home) and in link previews."""

import json
import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from blog.models import Article
from blog.services import (
    COVER_ALT_REQUIRED,
    COVER_DAMAGED,
    COVER_KEPT_WHEN_PUBLISHED,
    COVER_NOT_AN_IMAGE,
    COVER_REQUIRED_TO_PUBLISH,
    article_publish,
    article_save,
    article_send_to_review,
)

from .conftest import cover_upload, live_article, new_article
from .test_admin import ADD, add_form

pytestmark = pytest.mark.django_db


def jpeg_bytes(size=(1600, 900)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (30, 140, 130)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_publishing_without_a_cover_is_refused_with_a_clear_message(publisher, specialty):
    # Not medical, so the cover is the only thing missing.
    article = new_article(publisher, specialty=specialty, non_medical=True)
    article_send_to_review(actor=publisher, article=article)

    with pytest.raises(ValidationError) as exc:
        article_publish(actor=publisher, article=article)

    assert exc.value.messages == [COVER_REQUIRED_TO_PUBLISH]
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW


def test_publishing_from_the_admin_list_without_a_cover_says_why(client, publisher, specialty):
    article = new_article(publisher, specialty=specialty, non_medical=True)
    client.force_login(publisher)

    response = client.post(
        reverse("admin:blog_article_changelist"),
        {"action": "publish", "_selected_action": [str(article.pk)]},
        follow=True,
    )

    assert COVER_REQUIRED_TO_PUBLISH in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_a_cover_needs_its_alt_text(publisher, specialty):
    with pytest.raises(ValidationError) as exc:
        new_article(publisher, specialty=specialty, cover_image=cover_upload(), cover_alt="  ")

    assert exc.value.message_dict == {"cover_alt": [COVER_ALT_REQUIRED]}
    assert not Article.objects.exists()


def test_removing_the_alt_text_of_a_live_article_is_refused(publisher, specialty):
    article = live_article(publisher, specialty=specialty)
    article.cover_alt = ""

    with pytest.raises(ValidationError) as exc:
        article_save(actor=publisher, article=article, changed=("cover_alt",))

    assert exc.value.message_dict == {"cover_alt": [COVER_ALT_REQUIRED]}
    assert Article.objects.get(pk=article.pk).cover_alt == "A blue test picture"


def test_removing_the_cover_of_a_published_article_is_refused(publisher, specialty):
    article = live_article(publisher, specialty=specialty)
    name = article.cover_image.name
    article.cover_image = ""

    with pytest.raises(ValidationError) as exc:
        article_save(actor=publisher, article=article, changed=("cover_image",))

    assert exc.value.message_dict == {"cover_image": [COVER_KEPT_WHEN_PUBLISHED]}
    assert Article.objects.get(pk=article.pk).cover_image.name == name


def test_a_cover_with_alt_text_publishes(publisher, specialty):
    article = live_article(publisher, specialty=specialty)

    assert article.status == Article.Status.PUBLISHED
    assert [s["w"] for s in article.cover_renditions["webp"]] == [320, 640]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        pytest.param(
            SimpleUploadedFile("cover.jpg", jpeg_bytes()[:3000]), COVER_DAMAGED, id="truncated"
        ),
        pytest.param(
            SimpleUploadedFile("cover.jpg", b"%PDF-1.4 a document"), COVER_NOT_AN_IMAGE, id="pdf"
        ),
        pytest.param(
            SimpleUploadedFile("cover.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            COVER_NOT_AN_IMAGE,
            id="svg",
        ),
    ],
)
def test_a_hostile_cover_is_a_clear_error(publisher, specialty, upload, message):
    with pytest.raises(ValidationError) as exc:
        new_article(publisher, specialty=specialty, cover_image=upload, cover_alt="A picture")

    assert exc.value.message_dict == {"cover_image": [message]}
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "content", [jpeg_bytes()[:3000], b"%PDF-1.4 a document"], ids=["truncated", "pdf"]
)
def test_a_hostile_cover_in_the_admin_is_a_form_error_not_a_500(client, writer, specialty, content):
    client.force_login(writer)
    data = add_form(writer, specialty, cover_alt="A picture")
    data["cover_image"] = SimpleUploadedFile("cover.jpg", content, content_type="image/jpeg")

    response = client.post(ADD, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "cover_image" in errors
    assert not Article.objects.exists()


def test_the_admin_asks_for_alt_text_with_a_cover(client, writer, specialty):
    client.force_login(writer)
    data = add_form(writer, specialty, cover_alt="")
    data["cover_image"] = SimpleUploadedFile("cover.jpg", jpeg_bytes(), content_type="image/jpeg")

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover_alt"] == [COVER_ALT_REQUIRED]


@pytest.fixture
def covered(publisher, specialty):
    upload = SimpleUploadedFile("cover.jpg", jpeg_bytes(), content_type="image/jpeg")
    return live_article(
        publisher,
        title="Psoriasis and stem cells",
        specialty=specialty,
        cover_image=upload,
        cover_alt="Round cells clustered together",
    )


def test_article_page_shows_the_cover_as_a_picture_and_in_link_previews(client, covered, settings):
    html = client.get(covered.get_absolute_url()).content.decode()

    cover = re.search(r'<figure class="article__cover">(.*?)</figure>', html, re.S).group(1)
    assert '<source type="image/webp" srcset="' in cover
    assert "-640.webp 640w" in cover and "-1280.webp 1280w" in cover
    assert "-320.jpg 320w" in cover and "-1280.jpg 1280w" in cover
    assert 'width="1280" height="720"' in cover
    assert 'alt="Round cells clustered together"' in cover
    assert 'fetchpriority="high"' in cover and 'loading="lazy"' not in cover  # first screen

    image_url = f"{settings.SITE_URL}{covered.cover_image.url}"
    assert image_url.endswith("-1280.jpg")
    assert f'<meta property="og:image" content="{image_url}">' in html
    assert '<meta property="og:image:alt" content="Round cells clustered together">' in html
    assert '<meta property="og:image:width" content="1280">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta name="twitter:image:alt" content="Round cells clustered together">' in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert f'"image":"{image_url}"' in "".join(blocks)
    assert all(json.loads(block) for block in blocks)


def card_pictures(html: str) -> list[str]:
    return re.findall(
        r'<picture><source type="image/webp"[^>]*>\s*<img class="acard__img"[^>]*>', html
    )


def test_cards_on_the_index_related_articles_and_home_page_show_the_cover(
    client, covered, publisher, specialty
):
    other = live_article(publisher, title="Scalp psoriasis or dandruff", specialty=specialty)

    for url in (reverse("blog:index"), other.get_absolute_url(), "/"):
        html = client.get(url).content.decode()
        pictures = card_pictures(html)
        assert pictures, url
        # Decorative beside the title it illustrates; loaded only when scrolled to.
        assert all('alt=""' in p and 'loading="lazy"' in p for p in pictures), url
        assert all('sizes="(min-width: 1024px) 360px' in p for p in pictures), url
    home = client.get("/").content.decode()
    assert 'id="home-articles-title"' in home and covered.title in home


def _stored(article) -> set[str]:
    from portal.images import Renditions

    return Renditions(article.cover_renditions).names() | {article.cover_image.name}


def test_a_replaced_cover_is_deleted_with_its_renditions_after_commit(
    covered, publisher, django_capture_on_commit_callbacks
):
    storage = covered.cover_image.storage
    old = _stored(covered)
    assert len(old) == 8 and all(storage.exists(name) for name in old)  # 4 widths x 2 formats

    covered.cover_image = SimpleUploadedFile(
        "new.jpg", jpeg_bytes((1400, 800)), content_type="image/jpeg"
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article_save(actor=publisher, article=covered, changed=("cover_image",))
    assert all(storage.exists(name) for name in old)  # still there until the commit
    for callback in callbacks:
        callback()

    assert not any(storage.exists(name) for name in old)
    assert all(storage.exists(name) for name in _stored(covered))


def test_the_same_cover_uploaded_again_keeps_its_files(
    covered, publisher, django_capture_on_commit_callbacks
):
    storage = covered.cover_image.storage
    before = _stored(covered)

    covered.cover_image = SimpleUploadedFile("again.jpg", jpeg_bytes(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        article_save(actor=publisher, article=covered, changed=("cover_image",))

    assert _stored(covered) == before
    assert all(storage.exists(name) for name in before)


def test_a_cover_another_article_shares_is_not_deleted_when_one_changes(
    covered, publisher, specialty, django_capture_on_commit_callbacks
):
    storage = covered.cover_image.storage
    twin = live_article(
        publisher,
        title="Psoriasis on the scalp",
        specialty=specialty,
        cover_image=SimpleUploadedFile("same.jpg", jpeg_bytes(), content_type="image/jpeg"),
        cover_alt="Round cells clustered together",
    )
    assert _stored(twin) == _stored(covered)

    covered.cover_image = cover_upload(800, 450)
    with django_capture_on_commit_callbacks(execute=True):
        article_save(actor=publisher, article=covered, changed=("cover_image",))

    assert all(storage.exists(name) for name in _stored(twin))


def test_an_article_has_one_og_image_its_cover(client, covered):
    html = client.get(covered.get_absolute_url()).content.decode()

    assert html.count('<meta property="og:image" ') == 1
    assert "og-default" not in html
