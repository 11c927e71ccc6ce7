"""Who may moderate, report and add peer notes. Each ``can_*``/``check_*`` pair is built
from one ``_*_denial`` function returning the reason (moderation.messages)."""

from portal.accounts import roles
from portal.permissions import deny

from . import messages


def _moderate_denial(user) -> str | None:
    return None if roles.is_moderator(user) else messages.MODERATORS_ONLY


def can_moderate(user) -> bool:
    return _moderate_denial(user) is None


def check_moderate_permission(user) -> None:
    deny(_moderate_denial(user))


def _peer_note_denial(user, answer) -> str | None:
    profile = roles.doctor_profile(user)
    if profile is None or not profile.is_verified:
        return messages.PEER_NOTE_DOCTORS_ONLY
    if answer.doctor_id == profile.pk:
        return messages.PEER_NOTE_OWN_ANSWER
    specialty_id = answer.question.specialty_id
    if specialty_id is None or not profile.specialties.filter(pk=specialty_id).exists():
        return messages.PEER_NOTE_DOCTORS_ONLY
    from .selectors import answer_has_open_medical_report

    if not answer_has_open_medical_report(answer=answer):
        return messages.PEER_NOTE_NOT_REPORTED
    return None


def can_add_peer_note(user, answer) -> bool:
    return _peer_note_denial(user, answer) is None


def check_peer_note_permission(user, answer) -> None:
    deny(_peer_note_denial(user, answer))
