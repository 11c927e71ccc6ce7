"""Each directory list page costs the same number of queries with 3 rows as with 50, and
so does the cross-link tag on pages other apps own."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from directory.models import Clinic, CostEntry
from doctors.models import DoctorProfile
from questions.models import Answer
from tests.factories import DoctorFactory, QuestionFactory, SpecialtyFactory

from .factories import CityFactory, ClinicFactory, CostEntryFactory, TreatmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.long_file]


def queries(client, url: str) -> int:
    cache.clear()  # each count from cold: a doctor page caches its list total and figures
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


class Directory:
    """A directory that grows: ``grow_to(n)`` makes n of everything each page lists."""

    def __init__(self, india, mumbai, stem_cells, dermatology):
        self.india, self.mumbai, self.treatment, self.specialty = (
            india,
            mumbai,
            stem_cells,
            dermatology,
        )
        self.size = 0
        self.other = SpecialtyFactory(name="Orthopaedics", slug="orthopaedics")

    def grow_to(self, n: int) -> None:
        for i in range(self.size, n):
            city = CityFactory(name=f"Town {i:02d}", slug=f"town-{i}", country=self.india)
            # Treatments that share the specialty (related treatments, cost index rows).
            extra = TreatmentFactory(name=f"Therapy {i:02d}", slug=f"therapy-{i}",
                                     specialties=[self.specialty, self.other])  # fmt: skip
            doctor = DoctorFactory(full_name=f"Doctor {i:02d}", slug=f"doctor-{i}",
                                   specialties=[self.specialty, self.other],
                                   city=self.mumbai)  # fmt: skip
            far_doctor = DoctorFactory(full_name=f"Far Doctor {i:02d}", slug=f"far-doctor-{i}",
                                       specialties=[self.specialty], city=city)  # fmt: skip
            question = QuestionFactory(specialty=self.specialty, slug=f"q-{i}")
            Answer.objects.create(question=question, doctor=doctor, body="x", body_html="x",
                                  thanks_count=i % 3)  # fmt: skip
            here = ClinicFactory(name=f"Mumbai Clinic {i:02d}", city=self.mumbai,
                                 accreditations=["NABH"] if i % 2 else [],
                                 is_sponsored=i % 5 == 0,
                                 treatments=[self.treatment, extra],
                                 specialties=[self.specialty, self.other],
                                 doctors=[doctor, far_doctor])  # fmt: skip
            there = ClinicFactory(name=f"Town Clinic {i:02d}", city=city,
                                  treatments=[self.treatment, extra])  # fmt: skip
            for clinic in (here, there):
                CostEntryFactory(clinic=clinic, treatment=self.treatment)
                CostEntryFactory(clinic=clinic, treatment=extra,
                                 source_kind=CostEntry.SourceKind.EDITOR_SURVEY)  # fmt: skip
            CostEntryFactory(city=city, treatment=self.treatment, low_price=1000 + i)
        self.size = n


@pytest.fixture
def directory(india, mumbai, stem_cells, dermatology):
    return Directory(india, mumbai, stem_cells, dermatology)


LIST_PAGES = [
    "/hospitals/",
    "/hospitals/stem-cell-therapy/",
    "/hospitals/stem-cell-therapy/mumbai/",
    "/clinics/{clinic}/",
    "/top-doctors/dermatology/mumbai/",
    "/cost/",
    "/cost/stem-cell-therapy/india/",
]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_page_queries_do_not_grow_with_rows(client, directory, url):
    directory.grow_to(3)
    url = url.format(clinic=Clinic.objects.get(name="Mumbai Clinic 00").slug)
    few = queries(client, url)
    directory.grow_to(50)
    many = queries(client, url)
    assert few == many, f"{url}: {few} queries with 3 rows, {many} with 50"
    assert many <= 14, f"{url}: {many} queries"


def test_related_links_tag_queries_do_not_grow(directory, stem_cells, dermatology, mumbai):
    template = Template(
        "{% load directory_links %}"
        "{% directory_related_links specialty=specialty treatment=treatment city=city %}"
    )
    context = {"specialty": dermatology, "treatment": stem_cells, "city": mumbai}

    def render() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            html = template.render(Context(context))
        return len(ctx.captured_queries), html

    directory.grow_to(3)
    few, html = render()
    assert "Stem Cell Therapy hospitals in Town 00" in html
    directory.grow_to(50)
    many, html = render()
    assert few == many <= 5
    assert html.count("hospitals in Town") == 8  # a bounded list, not every city


@pytest.mark.parametrize("page", ["question", "doctor"])
def test_pages_of_other_apps_stay_flat_with_the_directory_links(
    client, directory, dermatology, page
):
    directory.grow_to(3)
    if page == "question":
        question = QuestionFactory(specialty=dermatology, slug="flat")
        url = question.get_absolute_url()
    else:
        url = DoctorProfile.objects.get(slug="doctor-0").get_absolute_url()
        queries(client, url)  # a doctor's first view counts their figures into a row, once
    few = queries(client, url)
    directory.grow_to(50)
    many = queries(client, url)
    assert few == many
