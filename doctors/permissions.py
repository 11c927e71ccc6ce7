"""Who may do what with doctor applications, profiles and proof documents. Services call
the ``check_*`` functions; views and templates may call the ``can_*`` twins, so a button
shown and a rule enforced never disagree. Roles themselves live in portal.accounts.roles."""

from django.core.exceptions import PermissionDenied

from portal.accounts import roles


def _profile(user):
    if not getattr(user, "is_authenticated", False):
        return None
    # A missing profile raises RelatedObjectDoesNotExist, an AttributeError.
    return getattr(user, "doctor_profile", None)


def can_apply(user) -> bool:
    return roles.can_apply_as_doctor(user)


def check_apply_permission(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to apply as a doctor.")
    if not can_apply(user):
        raise PermissionDenied(
            "Your application is already approved: edit your profile from the dashboard."
        )


def can_edit_public_profile(user) -> bool:
    """A verified doctor edits the public parts of their profile (photo, bio, fees...);
    the verified parts (name, registration, qualifications) change only through an
    application that staff review."""
    return roles.is_verified_doctor(user)


def check_edit_public_profile_permission(user) -> None:
    if not can_edit_public_profile(user):
        raise PermissionDenied("Only verified doctors can edit a public profile.")


def can_reconfirm(user) -> bool:
    profile = _profile(user)
    return profile is not None and profile.reconfirmation_open()


def check_reconfirm_permission(user) -> None:
    if not can_reconfirm(user):
        raise PermissionDenied(
            "Re-confirmation opens 30 days before your verification ends, for approved doctors."
        )


def can_verify(user) -> bool:
    return roles.can_verify_doctors(user)


def check_verify_permission(user) -> None:
    if not can_verify(user):
        raise PermissionDenied("Only staff with the verification permission can do this.")


def can_decide_application(user, doctor) -> bool:
    """A verifier decides on other people's applications, never their own."""
    return can_verify(user) and doctor.user_id != user.pk


def check_decide_application_permission(user, doctor) -> None:
    check_verify_permission(user)
    if doctor.user_id == user.pk:
        raise PermissionDenied("You cannot decide on your own application.")


def can_download_document(user, document) -> bool:
    return can_verify(user)


def check_download_document_permission(user, document) -> None:
    if not can_download_document(user, document):
        raise PermissionDenied("Proof documents are only for staff who verify doctors.")
