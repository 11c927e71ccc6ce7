"""Stored directory pages follow the doctors they show: a cost page's clinic cards count
verified doctors, a clinic page lists them with their badges."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import DoctorFactory
from tests.test_page_cache import assert_hit, fresh, warm

pytestmark = pytest.mark.django_db


def test_a_cost_page_is_rendered_again_when_a_doctor_of_its_clinics_changes(
    redis_page_cache, clinic, stem_cells, other_specialty
):
    """A doctor of another specialty than the treatment's: only the clinic card's count
    of verified doctors shows them."""
    cardiologist = DoctorFactory(full_name="Vikram Mehta", specialties=[other_specialty])
    clinic.doctors.add(cardiologist)
    url = reverse("directory:cost", args=[stem_cells.slug, clinic.city.country.slug])
    warm(url)

    cardiologist.verified_until = timezone.now() - timedelta(days=1)
    cardiologist.save(update_fields=["verified_until"])

    fresh(url)


def test_a_clinic_page_is_kept_no_longer_than_its_doctors_verification(
    redis_page_cache, clinic, derm_doctor
):
    """Expiry is time passing, not an action: the stored page ends with it."""
    derm_doctor.verified_until = timezone.now() + timedelta(seconds=3)
    derm_doctor.save(update_fields=["verified_until"])
    url = reverse("directory:clinic", args=[clinic.slug])
    warm(url)
    assert "Asha Rao" in assert_hit(url)

    time.sleep(max(0.0, (derm_doctor.verified_until - timezone.now()).total_seconds()) + 0.2)

    assert "Dr. Asha Rao" not in fresh(url)
