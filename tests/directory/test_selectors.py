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
