"""The one rule for "verified", in Python and in the database, and the data migration
that carried existing doctors over."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from doctors.models import ApplicationStatus, DoctorProfile
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.mark.parametrize(
    ("status", "until", "verified", "listed"),
    [
        (ApplicationStatus.APPROVED, NOW + timedelta(days=1), True, True),
        (ApplicationStatus.APPROVED, NOW - timedelta(seconds=5), False, True),
        (ApplicationStatus.APPROVED, None, False, True),
        (ApplicationStatus.PENDING, NOW + timedelta(days=100), False, True),
        (ApplicationStatus.NEEDS_INFO, NOW + timedelta(days=100), False, True),
        (ApplicationStatus.REJECTED, NOW + timedelta(days=100), False, False),
    ],
)
def test_queryset_and_property_agree(status, until, verified, listed):
    doctor = DoctorFactory(verified_at=NOW - timedelta(days=300))
    DoctorProfile.objects.filter(pk=doctor.pk).update(
        application_status=status, verified_until=until
    )
    doctor.refresh_from_db()

    assert doctor.is_verified is verified
    assert DoctorProfile.objects.verified().filter(pk=doctor.pk).exists() is verified
    assert DoctorProfile.objects.listed().filter(pk=doctor.pk).exists() is listed


def test_a_never_approved_applicant_has_no_public_page(applicant):
    assert not DoctorProfile.objects.listed().exists()


def test_data_migration_approves_doctors_verified_before_applications_existed(specialty):
    migration = import_module("doctors.migrations.0004_existing_doctors_approved")
    verified_at = NOW - timedelta(days=100)
    old = DoctorFactory(qualifications="MBBS, MD (General Medicine), DM (Cardiology)")
    never = DoctorFactory(verified_at=None, qualifications="")
    DoctorProfile.objects.filter(pk=old.pk).update(
        verified_at=verified_at, application_status="pending", verified_until=None
    )

    migration.forwards(apps, None)

    old.refresh_from_db()
    never.refresh_from_db()
    assert old.application_status == "approved"
    assert old.verified_until == verified_at + timedelta(days=365)
    assert [q.degree for q in old.qualification_set.order_by("id")] == [
        "MBBS",
        "MD (General Medicine)",
        "DM (Cardiology)",
    ]
    assert never.application_status == "pending" and never.verified_until is None
    assert old.submitted_at == old.created_at


def test_the_council_name_is_the_choices_label_in_the_readers_language():
    from django.utils import translation

    from doctors.models import LicensingCouncil

    doctor = DoctorProfile(licensing_council_other="Medical Council of Ruritania")
    for council in LicensingCouncil:
        doctor.licensing_council = council.value
        for language in ("en-gb", "hi"):
            with translation.override(language):
                expected = (
                    "Medical Council of Ruritania"
                    if council == LicensingCouncil.OTHER
                    else str(council.label)
                )
                assert doctor.council_name == expected
                assert doctor.council_name == (
                    expected
                    if council == LicensingCouncil.OTHER
                    else doctor.get_licensing_council_display()
                )
    with translation.override("hi"):
        doctor.licensing_council = LicensingCouncil.NMC
        assert doctor.council_name != "National Medical Commission (Indian Medical Register)"
    doctor.licensing_council = "retired-code"  # no longer a choice: shown as stored
    assert doctor.council_name == doctor.get_licensing_council_display() == "retired-code"
    doctor.licensing_council = ""
    assert doctor.council_name == ""
