"""Automatic signals hold a new post for a moderator before it is public; the author is
told it waits; self-harm words alert moderators at once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation.selectors import moderation_queue
from moderation.services import item_dismiss
from moderation.targets import TARGETS
from portal import screening
from portal.accounts.models import User
from portal.notifications.models import Notification
from questions import messages as question_messages
from questions.models import Question
from questions.services import answer_create, question_create
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = "I have had a dry itchy rash on both my hands for three weeks now."


def ask(user, text=TEXT):
    return question_create(author=user, text=text, age=30, gender="female")


def old_account(email="old@example.org"):
    user = UserFactory(email=email)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=60))
    user.refresh_from_db()
    return user


@pytest.mark.parametrize(
    "extra", [" Call me on +91 98765 43210.", " See www.cheap-creams.example.com/offer"]
)
def test_new_account_with_a_link_or_phone_waits(patient, extra):
    question = ask(patient, TEXT + extra)
    assert question.visibility == "held"
    assert question.moderation_reason == screening.HELD_LINK_OR_PHONE
    assert not Question.objects.public().filter(pk=question.pk).exists()
    assert [e.item for e in moderation_queue()] == [question]


def test_older_account_with_a_phone_number_is_public():
    assert ask(old_account(), TEXT + " My number is 98765 43210.").is_public


def test_disposable_email_domain_waits():
    user = old_account("someone@mailinator.com")
    question = ask(user)
    assert question.moderation_reason == screening.HELD_DISPOSABLE_EMAIL


def test_the_same_text_many_times_waits(settings):
    settings.REPEATED_TEXT_LIMIT = 3
    QuestionFactory(text=TEXT)
    assert ask(old_account("a@example.org")).is_public
    assert ask(old_account("b@example.org")).moderation_reason == screening.HELD_REPEATED


def test_author_is_told_it_waits_and_the_public_cannot_read_it(client, patient):
    client.force_login(patient)
    response = client.post(
        reverse("questions:ask"),
        {"text": TEXT + " Call 98765 43210", "age": 30, "gender": "female"},
        follow=True,
    )
    assert question_messages.QUESTION_WAITING in response.content.decode()
    assert "Waiting for a moderator." in response.content.decode()
    question = Question.objects.get()
    client.logout()
    assert client.get(question.get_absolute_url()).status_code == 404


def test_mostly_link_answer_waits_and_the_asker_hears_on_approval(patient, doctor, staff):
    question = ask(old_account())
    answer = answer_create(
        user=doctor.user, question=question, body="Read this: https://example.org/hand-rash-guide"
    )
    assert answer.visibility == "held"
    question.refresh_from_db()
    assert question.answer_count == 0
    assert not Notification.objects.filter(kind="answer").exists()
    item_dismiss(moderator=staff, target=TARGETS["answer"], item=answer)
    question.refresh_from_db()
    assert question.answer_count == 1
    assert Notification.objects.filter(kind="answer", recipient=question.author).exists()


def test_a_real_answer_with_a_link_is_public(doctor):
    question = ask(old_account())
    body = (
        "This sounds like contact dermatitis from soap or detergent. Wear cotton-lined gloves "
        "for wet work, moisturise after each wash, and see https://example.org/eczema-guide."
    )
    assert answer_create(user=doctor.user, question=question, body=body).is_public


def test_self_harm_words_notify_every_moderator_at_once(staff, patient):
    question = ask(
        old_account(), "I feel hopeless and I keep thinking I want to die, what do I do?"
    )
    alert = Notification.objects.get(kind=Notification.Kind.MODERATION_ALERT)
    assert alert.recipient == staff
    assert alert.title == question_messages.SELF_HARM_ALERT
    assert alert.target_path == question.get_link_path()  # no words of the question
    assert not Notification.objects.filter(kind="moderation_alert", recipient=patient).exists()
