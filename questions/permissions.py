"""Who may do what to questions and answers. Services call the ``check_*`` functions;
templates may call the ``can_*`` twins to hide a button. Each pair is built from one
``_*_denial`` function that returns the reason for a refusal (or None), so the two can
never disagree, and each reason is a constant here that the tests assert on."""

from portal.accounts import roles
from portal.permissions import deny

PRIVATE_QUESTION = "This question is private."
ANSWER_DOCTORS_ONLY = "Only verified doctors can answer questions."
ASK_SIGN_IN = "Sign in to ask a question."
THANK_ASKER_ONLY = "Only the person who asked can thank the doctor."
AGREE_DOCTORS_ONLY = "Only verified doctors can agree with an answer."
AGREE_OWN_ANSWER = "You cannot agree with your own answer."


def _view_denial(user, question) -> str | None:
    if not question.is_private:
        return None
    if getattr(user, "is_authenticated", False) and (
        question.author_id == user.pk or roles.can_view_private_questions(user)
    ):
        return None
    return PRIVATE_QUESTION


def can_view_question(user, question) -> bool:
    return _view_denial(user, question) is None


def check_view_question(user, question) -> None:
    deny(_view_denial(user, question))


def _answer_denial(user, question) -> str | None:
    if not roles.can_answer(user):
        return ANSWER_DOCTORS_ONLY
    return _view_denial(user, question)


def can_answer_question(user, question) -> bool:
    return _answer_denial(user, question) is None


def check_answer_permission(user, question) -> None:
    deny(_answer_denial(user, question))


def _ask_denial(user) -> str | None:
    return None if roles.is_patient(user) else ASK_SIGN_IN


def check_ask_permission(user) -> None:
    deny(_ask_denial(user))


def _thank_denial(user, answer) -> str | None:
    if (
        getattr(user, "is_authenticated", False)
        and answer.question.author_id == user.pk
        and answer.doctor.user_id != user.pk
    ):
        return None
    return THANK_ASKER_ONLY


def can_thank_answer(user, answer) -> bool:
    return _thank_denial(user, answer) is None


def check_thank_permission(user, answer) -> None:
    deny(_thank_denial(user, answer))


def _agree_denial(user, answer) -> str | None:
    if not roles.is_verified_doctor(user):
        return AGREE_DOCTORS_ONLY
    if answer.doctor.user_id == user.pk:
        return AGREE_OWN_ANSWER
    return _view_denial(user, answer.question)


def can_agree_answer(user, answer, *, already_agreed: bool | None = None) -> bool:
    """A verified doctor may agree with another doctor's answer, once. Pass
    ``already_agreed`` when the page has looked it up for every answer at once. Having
    agreed already hides the button but is no refusal: agreeing twice counts once."""
    if _agree_denial(user, answer) is not None:
        return False
    if already_agreed is None:
        already_agreed = answer.agreements.filter(doctor__user=user).exists()
    return not already_agreed


def check_agree_permission(user, answer) -> None:
    deny(_agree_denial(user, answer))


# --- Attachments, follow-ups, "was this resolved?" ------------------------------------------
ATTACHMENT_FORBIDDEN = "Only the patient, verified doctors and moderators can open attachments."
ATTACH_ASKER_ONLY = "Only the person who asked can add photos or reports."
FOLLOW_UP_ASKER_ONLY = "Only the person who asked can send the doctor a follow-up."
FOLLOW_UP_REPLY_DOCTOR_ONLY = "Only the doctor who answered can reply to this follow-up."
RESOLVE_ASKER_ONLY = "Only the person who asked can say whether it was resolved."
RESOLVE_UNANSWERED = "You can say whether it was resolved once a doctor has answered."


def _attachment_view_denial(user, attachment) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return ATTACHMENT_FORBIDDEN
    if attachment.uploader_id == user.pk:
        return None
    # A file staged on a form not yet posted belongs to its uploader alone.
    if attachment.question_id is not None and roles.can_view_private_questions(user):
        return None
    return ATTACHMENT_FORBIDDEN


def can_view_attachments(user, question) -> bool:
    """The thumbnails on a question's page and the dashboard: the asker, verified doctors
    and moderators. Everyone else reads only how many there are."""
    return getattr(user, "is_authenticated", False) and (
        question.author_id == user.pk or roles.can_view_private_questions(user)
    )


def can_view_attachment(user, attachment) -> bool:
    return _attachment_view_denial(user, attachment) is None


def check_view_attachment(user, attachment) -> None:
    deny(_attachment_view_denial(user, attachment))


def _attach_denial(user, question) -> str | None:
    if getattr(user, "is_authenticated", False) and question.author_id == user.pk:
        return None
    return ATTACH_ASKER_ONLY


def can_attach(user, question) -> bool:
    """The asker, while nobody has answered (the service says why not after that)."""
    return _attach_denial(user, question) is None and question.answer_count == 0


def check_attach_permission(user, question) -> None:
    deny(_attach_denial(user, question))


def _follow_up_denial(user, answer) -> str | None:
    if (
        getattr(user, "is_authenticated", False)
        and answer.question.author_id == user.pk
        and answer.doctor.user_id != user.pk
    ):
        return None
    return FOLLOW_UP_ASKER_ONLY


def can_follow_up(user, answer) -> bool:
    return _follow_up_denial(user, answer) is None


def check_follow_up_permission(user, answer) -> None:
    deny(_follow_up_denial(user, answer))


def _follow_up_reply_denial(user, follow_up) -> str | None:
    if follow_up.answer.doctor.user_id == getattr(user, "pk", None) and roles.can_answer(user):
        return None
    return FOLLOW_UP_REPLY_DOCTOR_ONLY


def can_reply_follow_up(user, follow_up) -> bool:
    return _follow_up_reply_denial(user, follow_up) is None


def check_follow_up_reply_permission(user, follow_up) -> None:
    deny(_follow_up_reply_denial(user, follow_up))


def _resolve_denial(user, question) -> str | None:
    if not (getattr(user, "is_authenticated", False) and question.author_id == user.pk):
        return RESOLVE_ASKER_ONLY
    if not question.answer_count:
        return RESOLVE_UNANSWERED
    return None


def can_mark_resolved(user, question) -> bool:
    return _resolve_denial(user, question) is None


def check_resolve_permission(user, question) -> None:
    deny(_resolve_denial(user, question))
