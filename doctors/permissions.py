"""Who may do what with doctor applications, profiles and proof documents. Services call
the ``check_*`` functions; views and templates may call the ``can_*`` twins. Each pair is
built from one ``_*_denial`` function returning the reason for a refusal (or None), so a
button shown and a rule enforced never disagree. Roles themselves live in
portal.accounts.roles."""

from portal.accounts import roles
from portal.permissions import deny

from .models import REMINDER_BEFORE

APPLY_SIGN_IN = "Sign in to apply as a doctor."
APPLY_ALREADY_APPROVED = (
    "Your application is already approved: edit your profile from the dashboard."
)
EDIT_PROFILE_DOCTORS_ONLY = "Only verified doctors can edit a public profile."
RECONFIRM_NOT_OPEN = (
    f"Re-confirmation opens {REMINDER_BEFORE.days} days before your verification ends, "
    "for approved doctors."
)
VERIFY_STAFF_ONLY = "Only staff with the verification permission can do this."
DECIDE_OWN_APPLICATION = "You cannot decide on your own application."
DOCUMENT_VERIFIERS_ONLY = "Proof documents are only for staff who verify doctors."


def _apply_denial(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return APPLY_SIGN_IN
    if not roles.can_apply_as_doctor(user):
        return APPLY_ALREADY_APPROVED
    return None


def can_apply(user) -> bool:
    return _apply_denial(user) is None


def check_apply_permission(user) -> None:
    deny(_apply_denial(user))


def _edit_public_profile_denial(user) -> str | None:
    return None if roles.is_verified_doctor(user) else EDIT_PROFILE_DOCTORS_ONLY


def can_edit_public_profile(user) -> bool:
    """A verified doctor edits the public parts of their profile (photo, bio, fees...);
    the verified parts (name, registration, qualifications) change only through an
    application that staff review."""
    return _edit_public_profile_denial(user) is None


def check_edit_public_profile_permission(user) -> None:
    deny(_edit_public_profile_denial(user))


def _reconfirm_denial(user) -> str | None:
    profile = roles.doctor_profile(user)
    if profile is not None and profile.reconfirmation_open():
        return None
    return RECONFIRM_NOT_OPEN


def can_reconfirm(user) -> bool:
    return _reconfirm_denial(user) is None


def check_reconfirm_permission(user) -> None:
    deny(_reconfirm_denial(user))


def _verify_denial(user) -> str | None:
    return None if roles.can_verify_doctors(user) else VERIFY_STAFF_ONLY


def can_verify(user) -> bool:
    return _verify_denial(user) is None


def check_verify_permission(user) -> None:
    deny(_verify_denial(user))


def _decide_application_denial(user, doctor) -> str | None:
    """A verifier decides on other people's applications, never their own."""
    denial = _verify_denial(user)
    if denial is None and doctor.user_id == user.pk:
        return DECIDE_OWN_APPLICATION
    return denial


def can_decide_application(user, doctor) -> bool:
    return _decide_application_denial(user, doctor) is None


def check_decide_application_permission(user, doctor) -> None:
    deny(_decide_application_denial(user, doctor))


def _download_document_denial(user, document) -> str | None:
    return None if roles.can_verify_doctors(user) else DOCUMENT_VERIFIERS_ONLY


def can_download_document(user, document) -> bool:
    return _download_document_denial(user, document) is None


def check_download_document_permission(user, document) -> None:
    deny(_download_document_denial(user, document))
