"""Every public page renders in at most 8 queries once its fragments are cached (as a busy
site renders it for a signed-in reader, or for a visitor after a change), and the same
number whatever the data. Counted with the page cache off, so the page itself renders."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.services import article_publish, article_send_to_review
from directory.models import Clinic
from questions.models import Question
from questions.services import question_answer_figures_refresh
from tests.blog.conftest import make_editor, new_article, with_cover

from .test_queries import Directory

pytestmark = pytest.mark.django_db

BUDGET = 8
PAGES = [
    "/",
    "/questions/",
    "/questions/specialty/dermatology/",
    "{question}",
    "/doctors/doctor-0/",
    "/hospitals/",
    "/hospitals/stem-cell-therapy/",
    "/hospitals/stem-cell-therapy/mumbai/",
    "/clinics/{clinic}/",
    "/top-doctors/dermatology/mumbai/",
    "/cost/",
    "/cost/stem-cell-therapy/india/",
    "/blog/",
    "/blog/category/dermatology/",
    "{article}",
    "/blog/feed/",
    "/blog/feed/atom/",
    "/sitemap-questions.xml",
    "/about/",
]


def warm_queries(client, url: str) -> int:
    """Queries of the second render after a cold cache: fragments cached, page not."""
    cache.clear()
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    assert "X-Cache" not in response
    return len(ctx.captured_queries)


class Site(Directory):
    def grow_to(self, n: int) -> None:
        super().grow_to(n)
        for question in Question.objects.filter(answered_at__isnull=True):
            question_answer_figures_refresh(question_id=question.pk)


@pytest.fixture
def site(settings, india, mumbai, stem_cells, dermatology):
    settings.PAGE_CACHE_SECONDS = 0
    site = Site(india, mumbai, stem_cells, dermatology)
    site.grow_to(3)
    publisher = make_editor("publisher@example.org", name="Kavya Menon", can_publish=True)
    article = new_article(
        publisher,
        specialty=dermatology,
        treatment=stem_cells,
        non_medical=True,
        **with_cover(),
    )
    article_send_to_review(actor=publisher, article=article)
    article_publish(actor=publisher, article=article)
    site.urls = {
        "question": Question.objects.order_by("pk").first().get_absolute_url(),
        "clinic": Clinic.objects.get(name="Mumbai Clinic 00").slug,
        "article": article.get_absolute_url(),
    }
    return site


def test_every_public_page_fits_the_query_budget_whatever_the_data(client, site):
    urls = [page.format(**site.urls) for page in PAGES]
    few = {url: warm_queries(client, url) for url in urls}
    site.grow_to(8)
    many = {url: warm_queries(client, url) for url in urls}
    over = {url: count for url, count in many.items() if count > BUDGET}
    assert not over, f"over {BUDGET} queries: {over}"
    grew = {url: (few[url], many[url]) for url in urls if few[url] != many[url]}
    assert not grew, f"queries with 3 rows and with 8: {grew}"
