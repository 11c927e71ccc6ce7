"""The doctors' admin: the verified record (name, registration, account, address,
qualifications) is read-only there; it changes only through the application and the
verification queue, which write the record of who changed what."""

import pytest
from django.urls import reverse

from doctors.models import DoctorProfile, Qualification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def inline_management(prefix: str, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(initial),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_the_admin_cannot_change_the_verified_record(client, doctor, specialty):
    qualification = Qualification.objects.create(doctor=doctor, degree="MBBS", year=2010)
    other_user = UserFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:doctors_doctorprofile_change", args=[doctor.pk])

    response = client.post(
        url,
        {
            "full_name": "Someone Else",
            "slug": "apply",
            "user": str(other_user.pk),
            "registration_number": "FORGED-1",
            "licensing_council": "other",
            "licensing_council_other": "Made-up Council",
            "registration_year": "1999",
            "specialties": [str(specialty.pk)],
            "bio": "Edited by staff.",
            **inline_management("qualification_set", 1),
            "qualification_set-0-id": str(qualification.pk),
            "qualification_set-0-doctor": str(doctor.pk),
            "qualification_set-0-degree": "PhD",
            **inline_management("documents"),
            **inline_management("events"),
        },
    )

    assert response.status_code == 302  # saved: the editable fields still work
    saved = DoctorProfile.objects.get(pk=doctor.pk)
    assert saved.bio == "Edited by staff."
    assert (saved.full_name, saved.slug, saved.user_id) == ("Asha Rao", "asha-rao", doctor.user_id)
    assert saved.registration_number == doctor.registration_number
    assert (saved.licensing_council, saved.registration_year) == ("", None)
    assert list(saved.qualification_set.values_list("degree", flat=True)) == ["MBBS"]
    assert client.get(reverse("admin:doctors_doctorprofile_add")).status_code == 403
