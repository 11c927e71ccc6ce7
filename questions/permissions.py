"""Who may do what to questions and answers. Services call the ``check_*`` functions;
templates may call the ``can_*`` twins to hide a button. Each pair is built from one
``_*_denial`` function that returns the reason for a refusal (or None), so the two can
never disagree, and each reason is a constant here that the tests assert on."""

from django.core.exceptions import PermissionDenied

from portal.accounts import roles

PRIVATE_QUESTION = "This question is private."
ANSWER_DOCTORS_ONLY = "Only verified doctors can answer questions."
ASK_SIGN_IN = "Sign in to ask a question."
THANK_ASKER_ONLY = "Only the person who asked can thank the doctor."
AGREE_DOCTORS_ONLY = "Only verified doctors can agree with an answer."
AGREE_OWN_ANSWER = "You cannot agree with your own answer."


def _deny(denial: str | None) -> None:
    if denial is not None:
        raise PermissionDenied(denial)


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
    _deny(_view_denial(user, question))


def _answer_denial(user, question) -> str | None:
    if not roles.can_answer(user):
        return ANSWER_DOCTORS_ONLY
    return _view_denial(user, question)


def can_answer_question(user, question) -> bool:
    return _answer_denial(user, question) is None


def check_answer_permission(user, question) -> None:
    _deny(_answer_denial(user, question))


def _ask_denial(user) -> str | None:
    return None if roles.is_patient(user) else ASK_SIGN_IN


def check_ask_permission(user) -> None:
    _deny(_ask_denial(user))


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
    _deny(_thank_denial(user, answer))


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
    _deny(_agree_denial(user, answer))
