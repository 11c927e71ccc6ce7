import pytest

from doctors.services import PublicDetails, QualificationData, doctor_application_submit

from .files import pdf_upload


def public_details(specialties=(), **overrides) -> PublicDetails:
    values = {
        "years_of_experience": 9,
        "specialties": list(specialties),
        "languages": "English, Hindi",
        "city": None,
        "clinic": "Sunrise Clinic, Andheri",
        "consultation_fee": 700,
        "bio": "Dermatologist in Mumbai.",
    }
    values.update(overrides)
    return PublicDetails(**values)


def submit(user, *, documents=None, specialties=(), **overrides):
    """Apply through the service with sensible defaults."""
    values = {
        "full_name": "Meera Joshi",
        "registration_number": "MMC 2015/02/1234",
        "licensing_council": "mmc",
        "licensing_council_other": "",
        "registration_year": 2015,
        "qualifications": [QualificationData("MBBS", "Grant Medical College", 2014)],
        "details": public_details(specialties),
        "new_documents": [pdf_upload()] if documents is None else documents,
    }
    values.update(overrides)
    return doctor_application_submit(user=user, **values)


@pytest.fixture
def application(patient, specialty):
    """The patient has applied: a pending application with one PDF."""
    return submit(patient, specialties=[specialty])
