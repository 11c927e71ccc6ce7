"""The public blog pages: the article page in the seed page's order with its search-engine
markup, the index, topic and author pages, and the feeds."""

import json
import re
from datetime import timedelta
from xml.etree import ElementTree  # noqa: S405 - parsing our own feed

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, FAQItem, Reference
from blog.services import (
    article_approve,
    article_publish,
    article_send_to_review,
    editors_group_ensure,
)
from blog.sitemaps import ArticleSitemap
from tests.factories import DoctorFactory
from tests.questions.helpers import answered_question

from .conftest import live_article, new_article, with_cover

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(publisher, reviewer, specialty, treatment):
    article = live_article(
        publisher,
        reviewer=reviewer,
        specialty=specialty,
        treatment=treatment,
        references=(
            {
                "title": "Global report on psoriasis",
                "publisher": "WHO",
                "url": "https://who.example/p",
            },
        ),
        faq=(("Can stem cells cure psoriasis?", "Not today."), ("Is it legal?", "In trials.")),
    )
    return Article.objects.get(pk=article.pk)


def jsonld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = []
    for block in blocks:
        loaded = json.loads(block)
        data += loaded if isinstance(loaded, list) else [loaded]
    return data


def test_article_page_shows_every_part_in_the_seed_pages_order(
    client, article, doctor, publisher, specialty
):
    related = live_article(publisher, specialty=specialty, title="Scalp psoriasis or dandruff?")
    question = answered_question(doctors=[doctor], specialty=specialty, age=42, gender="male")

    response = client.get(article.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    parts = [
        "Get answers for your health queries from top doctors for free",  # banner
        "Privacy protection",
        'aria-label="Breadcrumb"',  # Home > Blog > Category > Title
        f'href="{reverse("blog:category", kwargs={"slug": "dermatology"})}"',
        'id="article-title"',
        "Written by",
        "Kavya Menon",
        "Medically reviewed by",
        "Dr. Asha Rao",
        "Verified doctor",
        "Last updated",
        "Last reviewed",
        f"{article.read_minutes} min read",
        'aria-labelledby="toc-title"',
        '<div class="prose article__body">',
        "<table>",
        'id="references-title"',
        "Global report on psoriasis",
        'id="faq-title"',
        "Can stem cells cure psoriasis?",
        'id="related-title"',
        related.title,
        'id="qa-title"',
        "Male | 42",
        "Read answer",
        "Answered on",
        'id="consult-title"',
        "Medical disclaimer.",
    ]
    main = html[html.index('<main id="main"') :]
    cursor = 0
    for part in parts:  # each part after the one before it
        found = main.find(part, cursor)
        assert found >= 0, f"missing, or out of order: {part}"
        cursor = found + len(part)
    assert question.get_absolute_url() in html
    # One "Ask a free question" button (the header's), not a second one in the banner.
    assert len(re.findall(r'class="btn[^"]*"[^>]*>Ask a free question<', html)) == 1
    # One medical disclaimer at the end: the article's, not the footer's as well.
    assert html.count("Medical disclaimer.") == 1
    nav = html[html.find('aria-label="Breadcrumb"') :]
    crumbs = re.findall(r"<li><a href=\"([^\"]+)\"", nav)[:4]
    assert crumbs == [
        "/",
        "/blog/",
        "/blog/category/dermatology/",
        article.get_absolute_url(),
    ]


def test_article_page_never_shows_a_patients_identity(client, article, doctor, specialty):
    question = answered_question(doctors=[doctor], specialty=specialty)

    html = client.get(article.get_absolute_url()).content.decode()

    assert question.author.email not in html
    assert "Female | 34" in html


def test_private_and_unanswered_questions_stay_off_the_article(client, article, doctor, specialty):
    answered_question(
        doctors=[doctor], specialty=specialty, text="A private itchy rash.", is_private=True
    )
    answered_question(doctors=[], specialty=specialty, text="An unanswered itchy rash.")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "A private itchy rash" not in html and "An unanswered itchy rash" not in html


def test_article_page_has_its_search_engine_markup(client, article, settings):
    html = client.get(article.get_absolute_url()).content.decode()
    data = {block["@type"]: block for block in jsonld(html)}

    url = f"{settings.SITE_URL}{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta name="description" content="{article.summary}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    page = data["MedicalWebPage"]
    assert page["url"] == url
    assert page["mainEntity"]["@type"] == "Article"
    assert page["mainEntity"]["author"]["name"] == "Kavya Menon"
    assert page["reviewedBy"] == {
        "@type": "Physician",
        "name": "Dr. Asha Rao",
        "url": f"{settings.SITE_URL}/doctors/asha-rao/",
    }
    assert page["lastReviewed"] == article.last_reviewed_at.date().isoformat()
    assert [c["name"] for c in data["BreadcrumbList"]["itemListElement"]] == [
        "Home",
        "Blog",
        "Dermatology",
        article.title,
    ]
    assert [q["name"] for q in data["FAQPage"]["mainEntity"]] == [
        "Can stem cells cure psoriasis?",
        "Is it legal?",
    ]


def test_json_ld_cannot_be_broken_out_of(client, publisher, specialty):
    title = "</script><script>alert(1)</script>"
    article = live_article(publisher, specialty=specialty, title=title)
    FAQItem.objects.create(article=article, question="</script><b>x</b>", answer="&<>")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert jsonld(html)  # still parses


def test_unreviewed_article_says_nothing_about_a_review(client, publisher, specialty):
    article = live_article(publisher, specialty=specialty)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Medically reviewed by" not in html and "Last reviewed" not in html
    assert "reviewedBy" not in html


def test_an_assigned_reviewer_shows_only_after_approving(client, publisher, doctor, specialty):
    article = live_article(publisher, specialty=specialty, reviewer=None)
    Article.objects.filter(pk=article.pk).update(reviewer=doctor)

    assert "Medically reviewed by" not in client.get(article.get_absolute_url()).content.decode()


def test_a_doctors_byline_links_to_their_profile(client, publisher, reviewer, specialty):
    author = DoctorFactory(full_name="Rohan Iyer", slug="rohan-iyer", specialties=[specialty])
    author.user.groups.add(editors_group_ensure())  # a doctor who writes, as themselves
    article = new_article(
        type(author.user).objects.get(pk=author.user.pk), specialty=specialty, **with_cover()
    )
    article_send_to_review(actor=publisher, article=article)
    article_approve(actor=reviewer, article=article)
    article_publish(actor=publisher, article=article)

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'<a class="byline__name" href="{author.get_absolute_url()}">Dr. Rohan Iyer</a>' in html
    author_page = client.get(reverse("blog:author", kwargs={"slug": "rohan-iyer"}))
    assert author_page.status_code == 200
    assert article.title in author_page.content.decode()


def test_an_editors_byline_links_to_their_author_page(client, article, publisher):
    html = client.get(article.get_absolute_url()).content.decode()
    url = reverse("blog:author", kwargs={"slug": "kavya-menon"})

    assert f'<a class="byline__name" href="{url}">Kavya Menon</a>' in html
    author_page = client.get(url).content.decode()
    assert "Kavya Menon" in author_page and article.title in author_page
    assert publisher.email not in author_page


def test_index_is_newest_first_and_paginated(client, publisher, specialty):
    now = timezone.now()
    for i in range(14):
        article = live_article(publisher, specialty=specialty, title=f"Article {i:02d}")
        Article.objects.filter(pk=article.pk).update(publish_at=now - timedelta(days=i))

    first = client.get(reverse("blog:index"))
    second = client.get(reverse("blog:index"), {"page": 2})

    titles = [a.title for a in first.context["page_obj"]]
    assert titles == [f"Article {i:02d}" for i in range(12)]
    assert [a.title for a in second.context["page_obj"]] == ["Article 12", "Article 13"]
    assert client.get(reverse("blog:index"), {"page": "x"}).status_code == 200


def test_category_pages_take_a_specialty_or_a_treatment(
    client, publisher, specialty, other_specialty, treatment
):
    skin = live_article(publisher, specialty=specialty, title="Skin")
    heart = live_article(publisher, specialty=other_specialty, title="Heart")
    cells = live_article(publisher, treatment=treatment, title="Cells")

    by_specialty = client.get(reverse("blog:category", kwargs={"slug": "dermatology"}))
    by_treatment = client.get(reverse("blog:category", kwargs={"slug": "stem-cell-therapy"}))

    assert [a.title for a in by_specialty.context["page_obj"]] == [skin.title]
    assert [a.title for a in by_treatment.context["page_obj"]] == [cells.title]
    assert heart.title not in by_specialty.content.decode()
    assert client.get(reverse("blog:category", kwargs={"slug": "nope"})).status_code == 404
    assert client.get(reverse("blog:author", kwargs={"slug": "nope"})).status_code == 404


@pytest.mark.parametrize("slug", ["%00", "psoriasis%00", "%3Cscript%3E", "..%2F..%2Fetc"])
def test_an_article_address_that_cannot_be_a_slug_is_a_404(client, article, slug):
    """Not a 500: PostgreSQL refuses a NUL byte in a query, so it never gets one."""
    assert client.get(f"/blog/{slug}/").status_code == 404


def test_treatment_only_article_shows_questions_of_the_treatments_specialty(
    client, publisher, doctor, specialty, treatment
):
    article = live_article(publisher, treatment=treatment)
    answered_question(doctors=[doctor], specialty=specialty)

    response = client.get(article.get_absolute_url())

    assert len(response.context["related_questions"]) == 1
    assert "Stem Cell Therapy" in response.content.decode()


def test_feeds_list_live_articles_newest_first(client, publisher, writer, specialty):
    older = live_article(publisher, specialty=specialty, title="Older")
    Article.objects.filter(pk=older.pk).update(publish_at=timezone.now() - timedelta(days=3))
    newer = live_article(publisher, specialty=specialty, title="Newer")
    new_article(writer, specialty=specialty, title="Draft only")

    rss = client.get(reverse("blog:feed"))
    atom = client.get(reverse("blog:feed_atom"))

    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    rss_root = ElementTree.fromstring(rss.content)  # noqa: S314 - our own feed
    items = rss_root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Newer", "Older"]
    assert items[0].findtext("link").endswith(newer.get_absolute_url())
    assert items[0].findtext("description") == newer.summary
    atom_root = ElementTree.fromstring(atom.content)  # noqa: S314 - our own feed
    entries = atom_root.findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries] == [
        "Newer",
        "Older",
    ]
    assert b"Draft only" not in rss.content + atom.content


def test_references_open_outside_without_passing_rank(client, article):
    Reference.objects.create(article=article, title="NHS", url="https://www.nhs.uk/", order=5)

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<a href="https://www.nhs.uk/" rel="nofollow noopener" target="_blank">' in html


def test_the_sitemap_lists_live_articles_only(publisher, writer, specialty):
    live = live_article(publisher, specialty=specialty, title="Live")
    new_article(writer, specialty=specialty, title="Draft")

    sitemap = ArticleSitemap()
    assert [a.title for a in sitemap.items()] == ["Live"]
    assert sitemap.location(live) == live.get_absolute_url()
    assert sitemap.lastmod(live) == live.updated_at
