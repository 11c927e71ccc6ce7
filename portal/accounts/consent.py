"""Consent to process health data: recorded with the privacy policy version and the time.

``current_privacy_policy_version`` is the one place the version comes from (the setting
PRIVACY_POLICY_VERSION for now; it will read the versioned policy pages when they exist).
"""

from django.conf import settings
from django.utils import timezone

from .models import Consent

CONSENT_LABEL = (
    "I agree that the portal stores and processes the health information I give (my "
    "questions, photos and reports) so that doctors can answer me, as the privacy policy "
    "describes."
)
CONSENT_REQUIRED = "Please tick the box to agree: we cannot answer health questions without it."


def current_privacy_policy_version() -> str:
    return settings.PRIVACY_POLICY_VERSION


def consent_record(*, user, given_at=None) -> Consent:
    return Consent.objects.create(
        user=user,
        purpose=Consent.Purpose.HEALTH_DATA,
        policy_version=current_privacy_policy_version(),
        given_at=given_at or timezone.now(),
    )


def consent_current(*, user) -> Consent | None:
    return Consent.objects.filter(
        user=user, purpose=Consent.Purpose.HEALTH_DATA, withdrawn_at__isnull=True
    ).first()


def consent_withdraw(*, user) -> int:
    return Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
