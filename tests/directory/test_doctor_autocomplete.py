"""Issue 15, point 5: the clinic form's doctor autocomplete let editors and writers read
doctor applications: it matched login emails and registration numbers of pending and
rejected applicants."""

import pytest
from django.urls import reverse

from tests.blog.conftest import make_editor
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")


def _search(client, term: str) -> list[str]:
    response = client.get(
        AUTOCOMPLETE,
        {"app_label": "directory", "model_name": "clinic", "field_name": "doctors", "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


@pytest.fixture
def writer(db):
    return make_editor("writer@example.org", name="Arjun Das")


def test_issue15_point5_clinic_doctor_autocomplete_offers_verified_doctors_only(
    client, writer, doctor, applicant, expired_doctor
):
    rejected = DoctorFactory(
        full_name="Asha Rejected", verified_at=None, application_status="rejected"
    )
    client.force_login(writer)

    found = _search(client, "")
    assert "Dr. Asha Rao" in found
    for other in (applicant, expired_doctor, rejected):
        assert other.display_name not in found
    assert _search(client, "Ravi") == []  # the applicant, by name


def test_issue15_point5_clinic_doctor_autocomplete_is_no_email_or_registration_oracle(
    client, writer, doctor, applicant
):
    client.force_login(writer)

    for term in (
        "dr@example.org",
        "dr@",
        "example.org",
        doctor.registration_number,
        "applicant@",
        applicant.registration_number,
        "REG-",
    ):
        assert _search(client, term) == [], term
    response = client.get(
        AUTOCOMPLETE,
        {"app_label": "directory", "model_name": "clinic", "field_name": "doctors", "term": ""},
    )
    body = response.content.decode()
    assert "@" not in body and doctor.registration_number not in body
