"""The ask and answer forms take their limits and messages from one source each: the
model for the age, the settings' "Portal rules" for lengths, questions.messages for the
wording the services use too."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from questions import messages
from questions.forms import AnswerForm, QuestionForm
from questions.models import AGE_MAX, AGE_MIN, AGE_RANGE_MESSAGE, Question
from tests.factories import QuestionFactory


def test_the_age_limits_of_form_field_and_database_are_the_models():
    field = QuestionForm().fields["age"]
    validators = {type(v).__name__: v for v in Question._meta.get_field("age").validators}

    assert (field.min_value, field.max_value) == (AGE_MIN, AGE_MAX)
    assert validators["MinValueValidator"].limit_value == AGE_MIN
    assert validators["MaxValueValidator"].limit_value == AGE_MAX
    assert field.error_messages["max_value"] == AGE_RANGE_MESSAGE


def test_the_length_limits_of_the_forms_are_the_settings():
    text, body = QuestionForm().fields["text"], AnswerForm().fields["body"]

    assert (text.min_length, text.max_length) == (
        settings.QUESTION_MIN_LENGTH,
        settings.QUESTION_MAX_LENGTH,
    )
    assert (body.min_length, body.max_length) == (
        settings.ANSWER_MIN_LENGTH,
        settings.ANSWER_MAX_LENGTH,
    )
    assert text.error_messages["min_length"] == messages.QUESTION_TOO_SHORT
    assert body.error_messages["min_length"] == messages.ANSWER_TOO_SHORT


def test_a_short_answer_gets_the_services_message_from_the_form():
    form = AnswerForm({"body": "Use moisturiser."})

    assert form.errors == {"body": [messages.ANSWER_TOO_SHORT % {"limit_value": 20}]}


@pytest.mark.django_db
def test_the_database_refuses_an_age_over_the_limit_with_the_same_message():
    question = QuestionFactory()
    question.age = AGE_MAX + 1

    with pytest.raises(ValidationError) as exc_info:
        question.full_clean()
    assert AGE_RANGE_MESSAGE in exc_info.value.messages

    with pytest.raises(IntegrityError):
        Question.objects.filter(pk=question.pk).update(age=AGE_MAX + 1)
