import pytest

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
