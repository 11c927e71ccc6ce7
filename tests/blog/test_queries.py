"""The article page costs a fixed number of queries, however many related questions,
answering doctors, articles, clinics and cost entries exist."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import CostEntry
from directory.services import clinic_create, cost_entry_create
from portal.taxonomy.models import City, Country
from tests.factories import DoctorFactory
from tests.questions.helpers import answered_question

from .conftest import live_article

pytestmark = pytest.mark.django_db

# The article with its topic, author and reviewer; references; FAQ; related articles;
# questions; their answers with doctors; the directory's link lists (at most five). The
# references and FAQ are kept as a fragment after the first render: two fewer then.
ARTICLE_PAGE_BUDGET = 11


@pytest.fixture
def india(db):
    return Country.objects.create(name="India", slug="india", iso_code="IN", currency="INR")


def grow(*, n: int, start: int, specialty, treatment, india, publisher, reviewer):
    """n more of everything the article page lists: answered questions (by up to three
    doctors each), doctors in new cities, related articles, clinics and their prices."""
    numbers = range(start, start + n)
    doctors = [
        DoctorFactory(
            specialties=[specialty],
            city=City.objects.create(country=india, name=f"City {i}", slug=f"city-{i}"),
        )
        for i in numbers
    ]
    for k, i in enumerate(numbers):
        answered_question(doctors=doctors[k : k + 3], specialty=specialty)
        live_article(publisher, reviewer=reviewer, specialty=specialty, title=f"Related {i}")
        city = doctors[k].city
        clinic = clinic_create(
            name=f"Clinic {city.name} {i}",
            city=city,
            address="1 Main Road",
            specialties=[specialty],
            treatments=[treatment],
            doctors=[doctors[k]],
        )
        cost_entry_create(
            treatment=treatment,
            clinic=clinic,
            low_price=Decimal(100000),
            high_price=Decimal(200000),
            source_kind=CostEntry.SourceKind.CLINIC_QUOTE,
            source_name="Written quote",
            checked_on=date.today() - timedelta(days=3),  # noqa: DTZ011 - a calendar date
        )


def count_queries(client, url: str) -> int:
    """The queries of a render from nothing: no fragment kept from the last one (an
    article's references and FAQ, a list's length and topics are)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_article_page_query_count_is_flat(client, publisher, reviewer, specialty, treatment, india):
    article = live_article(publisher, reviewer=reviewer, specialty=specialty, treatment=treatment)
    people = {"publisher": publisher, "reviewer": reviewer}
    topic = {"specialty": specialty, "treatment": treatment, "india": india}
    grow(n=1, start=0, **topic, **people)
    small = count_queries(client, article.get_absolute_url())

    grow(n=12, start=1, **topic, **people)
    large = count_queries(client, article.get_absolute_url())

    assert large == small
    assert large <= ARTICLE_PAGE_BUDGET, large


def test_index_and_topic_pages_query_count_is_flat(client, publisher, specialty):
    live_article(publisher, specialty=specialty)
    small = count_queries(client, "/blog/"), count_queries(client, "/blog/category/dermatology/")

    for i in range(15):
        live_article(publisher, specialty=specialty, title=f"More {i}")
    large = count_queries(client, "/blog/"), count_queries(client, "/blog/category/dermatology/")

    assert large == small
