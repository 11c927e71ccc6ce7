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
