"""Doctors verified before applications existed become approved applications, valid for
a year from their verification date; their one-line qualifications become rows."""

from datetime import timedelta

from django.db import migrations
from django.db.models import F

VALIDITY = timedelta(days=365)


def forwards(apps, schema_editor):
    DoctorProfile = apps.get_model("doctors", "DoctorProfile")
    Qualification = apps.get_model("doctors", "Qualification")
    DoctorProfile.objects.update(submitted_at=F("created_at"))
    for profile in DoctorProfile.objects.filter(verified_at__isnull=False):
        profile.application_status = "approved"
        profile.verified_until = profile.verified_at + VALIDITY
        profile.save(update_fields=["application_status", "verified_until"])
    rows = []
    for profile in DoctorProfile.objects.exclude(qualifications="").filter(
        qualification_set__isnull=True
    ):
        # "MBBS, MD (General Medicine), DM (Cardiology)": commas separate the degrees.
        for degree in profile.qualifications.split(","):
            if degree.strip():
                rows.append(Qualification(doctor=profile, degree=degree.strip()[:120]))
    Qualification.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    # verified_at was kept, which is all the old schema knew about verification.
    pass


class Migration(migrations.Migration):
    dependencies = [("doctors", "0003_application")]

    operations = [migrations.RunPython(forwards, backwards)]
