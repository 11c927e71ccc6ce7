import time
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from directory import selectors
from tests.factories import DoctorFactory

from .factories import ClinicFactory

pytestmark = pytest.mark.django_db


def test_verified_doctor_list_is_the_one_filter(dermatology, mumbai):
    verified = DoctorFactory(specialties=[dermatology], city=mumbai)
    DoctorFactory(specialties=[dermatology], city=mumbai, verified_at=None)
    assert list(selectors.verified_doctor_list()) == [verified]
    assert list(selectors.top_doctor_list(specialty=dermatology, city=mumbai)) == [verified]


def test_clinic_order_ignores_sponsorship(stem_cells, mumbai, derm_doctor):
    sponsored = ClinicFactory(name="A Sponsored", city=mumbai, treatments=[stem_cells],
                              is_sponsored=True)  # fmt: skip
    plain = ClinicFactory(name="B Plain", city=mumbai, treatments=[stem_cells])
    with_doctor = ClinicFactory(name="C With Doctor", city=mumbai, treatments=[stem_cells],
                                doctors=[derm_doctor])  # fmt: skip
    accredited = ClinicFactory(name="D Accredited", city=mumbai, treatments=[stem_cells],
                               accreditations=["NABH"])  # fmt: skip
    order = list(selectors.clinic_list_for_treatment(treatment=stem_cells, city=mumbai))
    assert order == [accredited, with_doctor, sponsored, plain]
    # Sponsorship changes nothing: flip it and the order stays.
    sponsored.is_sponsored, plain.is_sponsored = False, True
    sponsored.save()
    plain.save()
    assert list(selectors.clinic_list_for_treatment(treatment=stem_cells, city=mumbai)) == order


def test_unverified_doctors_do_not_count_for_a_clinic(stem_cells, mumbai):
    applicant = DoctorFactory(verified_at=None)
    ClinicFactory(name="A", city=mumbai, treatments=[stem_cells], doctors=[applicant])
    (clinic,) = selectors.clinic_list_for_treatment(treatment=stem_cells, city=mumbai)
    assert clinic.verified_doctor_count == 0


def test_related_links_prefer_the_home_country(stem_cells, mumbai, delhi, istanbul, india):
    ClinicFactory(city=istanbul, treatments=[stem_cells])
    ClinicFactory(city=istanbul, treatments=[stem_cells])
    ClinicFactory(city=delhi, treatments=[stem_cells])
    rows = selectors.related_link_rows(treatment=stem_cells, city=mumbai)
    assert [r["clinic__city__slug"] for r in rows["hospitals"]] == ["delhi", "istanbul"]
    assert rows["country"] == india


def test_related_links_with_nothing_to_go_on():
    rows = selectors.related_link_rows()
    assert rows["hospitals"] == rows["doctors"] == rows["costs"] == []


def test_related_links_leave_the_city_out_and_still_fill_the_list(
    dermatology, stem_cells, mumbai, delhi, pune, istanbul
):
    # Mumbai ranks first everywhere: most clinics, most doctors.
    for city, clinics in ((mumbai, 3), (delhi, 2), (pune, 1), (istanbul, 1)):
        for _ in range(clinics):
            ClinicFactory(city=city, treatments=[stem_cells])
            DoctorFactory(specialties=[dermatology], city=city)
    rows = selectors.related_link_rows(specialty=dermatology, city=mumbai, limit=2)
    assert [r["clinic__city__slug"] for r in rows["hospitals"]] == ["delhi", "pune"]
    assert [r["slug"] for r in rows["doctors"]] == ["delhi", "pune"]
    elsewhere = selectors.related_link_rows(specialty=dermatology, city=istanbul, limit=2)
    assert [r["clinic__city__slug"] for r in elsewhere["hospitals"]] == ["mumbai", "delhi"]


def test_related_links_of_one_specialty_are_read_once_for_every_city(
    dermatology, stem_cells, mumbai, delhi, django_assert_num_queries
):
    ClinicFactory(city=mumbai, treatments=[stem_cells])
    ClinicFactory(city=delhi, treatments=[stem_cells])
    in_mumbai = selectors.related_link_rows(specialty=dermatology, city=mumbai)
    with django_assert_num_queries(0):
        in_delhi = selectors.related_link_rows(specialty=dermatology, city=delhi)
    assert [r["clinic__city__slug"] for r in in_mumbai["hospitals"]] == ["delhi"]
    assert [r["clinic__city__slug"] for r in in_delhi["hospitals"]] == ["mumbai"]


def test_a_cost_pages_clinics_are_the_treatments_list_in_that_country(
    stem_cells, hair_transplant, mumbai, delhi, istanbul, india, derm_doctor
):
    ClinicFactory(name="A Plain", city=mumbai, treatments=[stem_cells])
    ClinicFactory(name="B With Doctor", city=delhi, treatments=[stem_cells], doctors=[derm_doctor])
    ClinicFactory(name="C Accredited", city=mumbai, treatments=[stem_cells], accreditations=["JCI"])
    ClinicFactory(name="D Abroad", city=istanbul, treatments=[stem_cells])
    ClinicFactory(name="E Other Treatment", city=mumbai, treatments=[hair_transplant])
    expected = list(selectors.clinic_list_for_treatment(treatment=stem_cells, country=india))

    for limit in (2, 7):
        kept = selectors.cost_page_clinics(treatment=stem_cells, country=india, limit=limit)
        assert [c.name for c in kept] == [c.name for c in expected][:limit]
        assert [c.verified_doctor_count for c in kept] == [
            c.verified_doctor_count for c in expected
        ][:limit]
        assert [c.city.country.name for c in kept] == ["India"] * len(kept)  # select_related
    assert [c.name for c in expected] == ["C Accredited", "B With Doctor", "A Plain"]


def test_a_cost_pages_clinics_count_the_doctors_verified_when_it_is_read(
    stem_cells, mumbai, india, derm_doctor
):
    """The kept query takes the time as a value: a verification that ran out between two
    reads is not counted by the second."""
    derm_doctor.verified_until = timezone.now() + timedelta(seconds=1)
    derm_doctor.save(update_fields=["verified_until"])
    ClinicFactory(name="A", city=mumbai, treatments=[stem_cells], doctors=[derm_doctor])

    (first,) = selectors.cost_page_clinics(treatment=stem_cells, country=india, limit=7)
    assert first.verified_doctor_count == 1
    time.sleep(max(0.0, (derm_doctor.verified_until - timezone.now()).total_seconds()) + 0.1)
    (later,) = selectors.cost_page_clinics(treatment=stem_cells, country=india, limit=7)
    assert later.verified_doctor_count == 0


def test_a_cost_page_is_about_a_known_treatment_and_country(stem_cells, india):
    assert selectors.cost_page_place(treatment_slug=stem_cells.slug, country_slug="india") == (
        stem_cells,
        india,
    )
    for treatment_slug, country_slug in [("nope", "india"), (stem_cells.slug, "atlantis")]:
        with pytest.raises(Http404):
            selectors.cost_page_place(treatment_slug=treatment_slug, country_slug=country_slug)
