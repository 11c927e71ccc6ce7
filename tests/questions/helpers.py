"""Small builders shared by the question, doctor and notification tests.

Questions that a test is *about* are asked through ``questions.services``; these helpers
set up the surroundings (answered questions, dates) quickly and realistically."""

from datetime import datetime

from questions.models import Question
from questions.services import answer_create
from tests.factories import QuestionFactory

ANSWER_BODY = "Use a fragrance-free moisturiser twice a day and see a dermatologist if it spreads."


def answered_question(*, doctors, answered_at: datetime | None = None, **fields) -> Question:
    """A question written directly, then answered through the service by each doctor."""
    question = QuestionFactory(**fields)
    for doctor in doctors:
        answer_create(user=doctor.user, question=question, body=ANSWER_BODY)
    if answered_at is not None:
        Question.objects.filter(pk=question.pk).update(answered_at=answered_at)
    question.refresh_from_db()
    return question


def set_created_at(question: Question, when: datetime) -> Question:
    Question.objects.filter(pk=question.pk).update(created_at=when)
    question.refresh_from_db()
    return question
