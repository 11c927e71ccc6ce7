"""The one place that answers "what may this user do".

Roles are Django groups and permissions plus the doctor's verification state. Views,
services and templates ask these functions; none of them inspects groups or flags on its
own, so a button shown and a rule enforced can never disagree.
"""

from django.core.exceptions import ObjectDoesNotExist

EDITORS_GROUP = "Editors"
CARE_COORDINATORS_GROUP = "Care coordinators"
VERIFY_DOCTOR_PERMISSION = "doctors.verify_doctor"
COORDINATE_QUOTES_PERMISSION = "consultations.coordinate_quotes"


def doctor_profile(user):
    """The user's doctors.DoctorProfile, whatever its state, or None (signed out, or never
    applied). The one way to get it: read by its reverse accessor so this module stays
    below the doctors app."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.doctor_profile
    except ObjectDoesNotExist:  # RelatedObjectDoesNotExist subclasses DoesNotExist
        return None


def has_doctor_profile(user) -> bool:
    """Applied as a doctor, whatever the application's state: the doctor dashboard."""
    return doctor_profile(user) is not None


def is_doctor_applicant(user) -> bool:
    profile = doctor_profile(user)
    return profile is not None and not profile.is_verified


def is_verified_doctor(user) -> bool:
    """Approved, and the twelve months since approval or re-confirmation have not run out
    (DoctorProfile.is_verified; DoctorProfile.objects.verified() in queries)."""
    profile = doctor_profile(user)
    return profile is not None and profile.is_verified


def is_expired_doctor(user) -> bool:
    """Was verified, did not re-confirm in time: may not answer until re-confirmed."""
    profile = doctor_profile(user)
    return profile is not None and profile.is_expired


def can_apply_as_doctor(user) -> bool:
    """Signed in, and either without a doctor profile or with an application that staff
    have not approved (an approved doctor re-confirms instead)."""
    if not getattr(user, "is_authenticated", False):
        return False
    profile = doctor_profile(user)
    return profile is None or not profile.is_approved


def can_verify_doctors(user) -> bool:
    """Staff holding the verify_doctor permission: review applications, read proof
    documents, approve or reject."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.is_active
        and user.has_perm(VERIFY_DOCTOR_PERMISSION)
    )


def is_editor(user) -> bool:
    return (
        getattr(user, "is_authenticated", False) and user.groups.filter(name=EDITORS_GROUP).exists()
    )


PRIVATE_QUESTIONS_PERMISSION = "questions.view_private_question"


def is_moderator(user) -> bool:
    """Staff who moderate questions: is_staff and the permission to read private ones.
    Editors and doctor verifiers are staff too, for the admin, but not moderators."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.has_perm(PRIVATE_QUESTIONS_PERMISSION)
    )


def is_patient(user) -> bool:
    """Any signed-in account can ask; doctors and staff may ask too."""
    return bool(getattr(user, "is_authenticated", False))


def bypasses_flood_control(user) -> bool:
    return is_moderator(user)


def can_answer(user) -> bool:
    return is_verified_doctor(user)


def can_view_private_questions(user) -> bool:
    return is_verified_doctor(user) or is_moderator(user)


def moderator_list():
    """Active accounts that moderate (is_moderator), for alerts that cannot wait."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    app_label, codename = PRIVATE_QUESTIONS_PERMISSION.split(".")
    perm = Q(
        user_permissions__codename=codename, user_permissions__content_type__app_label=app_label
    )
    group_perm = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | perm | group_perm)
        .distinct()
    )


# The authenticators that count as a second factor (recovery codes only back them up).
SECOND_FACTOR_TYPES = ("totp", "webauthn")


def requires_two_factor(user) -> bool:
    """Staff (moderators, doctor verifiers, editors, writers, care coordinators: every
    role that reaches the admin or a desk is staff) and superusers must use a second factor
    before they see anything (portal.accounts.two_factor). Doctors and patients may."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or user.is_superuser))


def is_care_coordinator(user) -> bool:
    """Staff holding consultations.coordinate_quotes (the Care coordinators group has it):
    the hospital quote desk and the patients' reports sent with enquiries (reads audited)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm(COORDINATE_QUOTES_PERMISSION)
    )
