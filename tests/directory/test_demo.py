from io import StringIO

import pytest

from directory.demo import CLINICS, seed_directory
from directory.models import Clinic, CostEntry
from doctors.models import DoctorProfile

pytestmark = pytest.mark.django_db


def test_seed_directory_is_complete_and_idempotent():
    out = StringIO()
    seed_directory(out)
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

    seed_directory(StringIO())
    assert (Clinic.objects.count(), CostEntry.objects.count(), DoctorProfile.objects.count()) == (
        counts
    )


def test_demo_pages_render(client):
    seed_directory(StringIO())
    for url in [
        "/hospitals/",
        "/hospitals/stem-cell-therapy/mumbai/",
        "/clinics/kestrel-bay-hospital-mumbai/",
        "/top-doctors/orthopaedics/bengaluru/",
        "/cost/stem-cell-therapy/india/",
        "/cost/knee-replacement/united-kingdom/",
    ]:
        assert client.get(url).status_code == 200, url
