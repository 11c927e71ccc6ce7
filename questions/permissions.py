"""Who may do what to questions and answers. Services call these; templates may call the
``can_*`` twins to hide a button, so the two never disagree."""

from django.core.exceptions import PermissionDenied

from portal.accounts import roles


def can_view_question(user, question) -> bool:
    if not question.is_private:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return question.author_id == user.pk or roles.can_view_private_questions(user)


def check_view_question(user, question) -> None:
    if not can_view_question(user, question):
        raise PermissionDenied("This question is private.")


def can_answer_question(user, question) -> bool:
    return roles.can_answer(user) and can_view_question(user, question)


def check_answer_permission(user, question) -> None:
    if not roles.can_answer(user):
        raise PermissionDenied("Only verified doctors can answer questions.")
    check_view_question(user, question)


def check_ask_permission(user) -> None:
    if not roles.is_patient(user):
        raise PermissionDenied("Sign in to ask a question.")


def can_thank_answer(user, answer) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and answer.question.author_id == user.pk
        and answer.doctor.user_id != user.pk
    )


def check_thank_permission(user, answer) -> None:
    if not can_thank_answer(user, answer):
        raise PermissionDenied("Only the person who asked can thank the doctor.")


def can_agree_answer(user, answer, *, already_agreed: bool | None = None) -> bool:
    """A verified doctor may agree with another doctor's answer, once. Pass
    ``already_agreed`` when the page has looked it up for every answer at once."""
    if not roles.is_verified_doctor(user) or answer.doctor.user_id == user.pk:
        return False
    if not can_view_question(user, answer.question):
        return False
    if already_agreed is None:
        already_agreed = answer.agreements.filter(doctor__user=user).exists()
    return not already_agreed


def check_agree_permission(user, answer) -> None:
    if not roles.is_verified_doctor(user):
        raise PermissionDenied("Only verified doctors can agree with an answer.")
    if answer.doctor.user_id == user.pk:
        raise PermissionDenied("You cannot agree with your own answer.")
    check_view_question(user, answer.question)
