"""Consent to process health data: recorded with the privacy policy version and the time.

``current_privacy_policy_version`` is the one place the version comes from: the privacy
policy page's version in force (portal.policies), which the record also points at, so it
can never be deleted. Before any privacy policy is published (a new database without
the demo) the label is the setting PRIVACY_POLICY_VERSION and the record points at none.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from portal.policies.selectors import privacy_policy_current_version

from .models import Consent

# Plain strings (tests look for them in pages); forms show them through gettext_lazy.
CONSENT_LABEL = gettext_noop(
    "I agree that the portal stores and processes the health information I give (my "
    "questions, photos and reports) so that doctors can answer me, as the privacy policy "
    "describes."
)
CONSENT_REQUIRED = gettext_noop(
    "Please tick the box to agree: we cannot answer health questions without it."
)


def _version_label(version) -> str:
    return f"{version.number} of {version.published_at:%Y-%m-%d}"


def current_privacy_policy_version() -> str:
    """The version a consent given now is given under, as the account page shows it."""
    version = privacy_policy_current_version()
    return _version_label(version) if version else settings.PRIVACY_POLICY_VERSION


def consent_record(*, user, given_at=None) -> Consent:
    version = privacy_policy_current_version()
    return Consent.objects.create(
        user=user,
        purpose=Consent.Purpose.HEALTH_DATA,
        policy=version,
        policy_version=_version_label(version) if version else settings.PRIVACY_POLICY_VERSION,
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
