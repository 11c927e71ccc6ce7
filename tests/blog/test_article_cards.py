"""Article cards kept rendered in the shared cache under what they show
(blog/templatetags/article_cards.py, portal/pagecache.py: rendered_blocks): drawn once and
reused by every list that shows the article (the blog index, its topic and author pages,
related articles, the home page), and never stale, since a change to anything a card
shows is a new key."""

from datetime import timedelta
from itertools import count

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from blog.models import Article, AuthorProfile
from blog.services import article_save
from blog.templatetags.article_cards import CARD_TEMPLATE
from tests.helpers import drawn

from .conftest import live_article
from .test_covers import jpeg_bytes

pytestmark = pytest.mark.django_db

_fresh_urls = count()


def cards_drawn():
    return drawn(CARD_TEMPLATE)


def blog_index(prefix: str = "") -> str:
    """The blog index at an address no stored page has: rendered now."""
    with translation.override(None):  # a page in Hindi leaves Hindi on for reverse()
        path = reverse("blog:index")
    response = Client().get(f"{prefix}{path}?v={next(_fresh_urls)}")
    assert response.status_code == 200
    return response.content.decode()


def card_of(page: str, text: str) -> str:
    """The card (``<article class="card acard">``) holding ``text``."""
    start = page.rindex('<article class="card acard">', 0, page.index(text))
    return page[start : page.index("</article>", start)]


@pytest.fixture
def article(publisher, specialty):
    return live_article(publisher, specialty=specialty, title="Itchy elbows in winter")


def test_a_card_is_drawn_once_then_reused_by_the_next_render(redis_page_cache, article):
    with cards_drawn() as first:
        page = blog_index()
    with cards_drawn() as second:
        again = blog_index()

    assert len(first) == 1
    assert second == []
    assert card_of(again, "Itchy elbows in winter") == card_of(page, "Itchy elbows in winter")


def test_the_same_card_with_another_heading_is_a_card_of_its_own(
    redis_page_cache, article, specialty
):
    """The index heads each card with h2; the author page lists them under its own h2."""
    blog_index()
    with cards_drawn() as drawn:
        response = Client().get(reverse("blog:author", kwargs={"slug": "kavya-menon"}))

    assert len(drawn) == 1
    card = card_of(response.content.decode(), "Itchy elbows in winter")
    assert '<h3 class="acard__title">' in card


def test_the_same_article_in_hindi_is_a_card_of_its_own(redis_page_cache, article):
    blog_index()
    with cards_drawn() as drawn:
        hindi = blog_index("/hi")

    assert len(drawn) == 1
    assert "min read" not in card_of(hindi, "Itchy elbows in winter")


def test_an_edited_title_shows_on_the_next_render(redis_page_cache, article, publisher):
    blog_index()

    article.title = "Itchy elbows when the air is dry"
    article_save(actor=publisher, article=article, changed=("title",))

    page = blog_index()
    assert "Itchy elbows in winter" not in page
    assert "Itchy elbows when the air is dry" in card_of(page, "Itchy elbows when the air is dry")


def test_a_new_cover_shows_on_the_next_render(redis_page_cache, article, publisher):
    old = card_of(blog_index(), "Itchy elbows in winter")
    assert article.cover_image.name in old

    article.cover_image = SimpleUploadedFile(
        "new.jpg", jpeg_bytes((1400, 800)), content_type="image/jpeg"
    )
    article_save(actor=publisher, article=article, changed=("cover_image",))

    card = card_of(blog_index(), "Itchy elbows in winter")
    assert article.cover_image.name in card
    assert card != old


def test_renaming_the_author_changes_the_card(redis_page_cache, article, publisher):
    assert "By Kavya Menon" in card_of(blog_index(), "Itchy elbows in winter")

    profile = AuthorProfile.objects.get(user=publisher)
    profile.display_name = "Kavya Menon-Iyer"
    profile.save()

    assert "By Kavya Menon-Iyer" in card_of(blog_index(), "Itchy elbows in winter")


def test_renaming_the_topic_changes_the_card(redis_page_cache, article, specialty):
    assert "Dermatology" in card_of(blog_index(), "Itchy elbows in winter")

    specialty.name = "Skin and hair"
    specialty.save()

    card = card_of(blog_index(), "Itchy elbows in winter")
    assert "Skin and hair" in card
    assert "Dermatology" not in card


def test_a_doctors_lapsed_verification_changes_the_byline(
    redis_page_cache, article, doctor, monkeypatch
):
    """Time alone ends a verification: no action, no version moves, yet the card shows it:
    the byline is a verified doctor's name, else their author profile's (none here)."""
    Article.objects.filter(pk=article.pk).update(author=doctor.user)
    assert "By Dr. Asha Rao" in card_of(blog_index(), "Itchy elbows in winter")

    lapsed = doctor.verified_until + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: lapsed)

    card = card_of(blog_index(), "Itchy elbows in winter")
    assert "Dr. Asha Rao" not in card
    assert "By Health Portal editorial team" in card
