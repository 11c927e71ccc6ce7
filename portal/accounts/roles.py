"""The one place that answers "what may this user do".

Roles are Django groups and permissions plus the doctor's verification state. Views,
services and templates ask these functions; none of them inspects groups or flags on its
own, so a button shown and a rule enforced can never disagree.
"""

EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"


def _doctor_profile(user):
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.doctor_profile
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist has no importable class
        return None


def is_doctor_applicant(user) -> bool:
    profile = _doctor_profile(user)
    return profile is not None and not profile.is_verified


def is_verified_doctor(user) -> bool:
    profile = _doctor_profile(user)
    return profile is not None and profile.is_verified


def is_editor(user) -> bool:
    return (
        getattr(user, "is_authenticated", False) and user.groups.filter(name=EDITORS_GROUP).exists()
    )


def is_moderator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


def is_patient(user) -> bool:
    """Any signed-in account can ask; doctors and staff may ask too."""
    return bool(getattr(user, "is_authenticated", False))


def bypasses_flood_control(user) -> bool:
    return is_moderator(user)


def can_answer(user) -> bool:
    return is_verified_doctor(user)


def can_view_private_questions(user) -> bool:
    return is_verified_doctor(user) or is_moderator(user)
