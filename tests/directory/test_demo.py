import csv
from io import StringIO

import pytest
from django.core.management import call_command

from devtools.demo_loader import DEMO_DIR
from directory.models import Clinic, CostEntry
from doctors.models import DoctorProfile

pytestmark = pytest.mark.django_db

with open(DEMO_DIR / "directory" / "clinics.csv", encoding="utf-8", newline="") as _file:
    CLINICS = list(csv.DictReader(_file))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The demo applicant's proof document goes to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def seed_demo(out):
    call_command("seed_demo", "--allow-production", stdout=out)


def test_demo_directory_is_complete_and_idempotent():
    out = StringIO()
    seed_demo(out)
    assert "14 clinics" in out.getvalue()
    assert Clinic.objects.count() == len(CLINICS)
    assert Clinic.objects.filter(is_sponsored=True).exists()
    # Every price has a source and a date; references have links.
    assert not CostEntry.objects.filter(source_name="").exists()
    assert not CostEntry.objects.filter(source_kind="published_reference", source_url="").exists()
    assert CostEntry.objects.filter(treatment__slug="stem-cell-therapy", city__slug="mumbai")
    assert CostEntry.objects.exclude(country__slug="india").exists()
    assert DoctorProfile.objects.verified().filter(city__slug="mumbai").exists()
    counts = (Clinic.objects.count(), CostEntry.objects.count(), DoctorProfile.objects.count())

    seed_demo(StringIO())
    assert (Clinic.objects.count(), CostEntry.objects.count(), DoctorProfile.objects.count()) == (
        counts
    )


def test_demo_clinics_keep_an_editors_changes():
    seed_demo(StringIO())
    Clinic.objects.filter(slug=CLINICS[0]["slug"]).update(phone="+91 22 0000 0000")
    seed_demo(StringIO())
    assert Clinic.objects.get(slug=CLINICS[0]["slug"]).phone == "+91 22 0000 0000"


def test_demo_pages_render(client):
    seed_demo(StringIO())
    for url in [
        "/hospitals/",
        "/hospitals/stem-cell-therapy/mumbai/",
        "/clinics/kestrel-bay-hospital-mumbai/",
        "/top-doctors/orthopaedics/bengaluru/",
        "/cost/stem-cell-therapy/india/",
        "/cost/knee-replacement/united-kingdom/",
    ]:
        assert client.get(url).status_code == 200, url
