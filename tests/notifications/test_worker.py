"""The answer -> email loop through the real Redis broker, a real Celery worker and a
real SMTP server."""

import time

import pytest
from django.db import transaction

from portal.notifications.models import Notification
from portal.notifications.tasks import notification_email_send_task
from questions.services import answer_create, question_create
from tests.conftest import message_text
from tests.factories import DoctorFactory
from tests.helpers import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

QUESTION_TEXT = "My seven year old has a dry itchy patch on her cheek that keeps coming back."
ANSWER_TEXT = "This sounds like **atopic eczema**. Use a fragrance-free moisturiser twice a day."


def ask(patient):
    return question_create(author=patient, text=QUESTION_TEXT, age=7, gender="female")


def test_committed_answer_emails_the_patient_once_with_a_link(
    celery_worker, smtp_sink, patient, doctor, settings
):
    question = ask(patient)
    answer_create(user=doctor.user, question=question, body=ANSWER_TEXT)

    messages = smtp_sink.wait_for(1)
    assert len(messages) == 1
    email = messages[0]
    notification = Notification.objects.get()
    body = message_text(email)
    assert email["To"] == patient.email
    assert email["Subject"] == "A doctor answered your question"
    assert f"{settings.SITE_URL}/notifications/{notification.pk}/" in body
    # Health data stays off email: neither the question nor the answer appear.
    for fragment in ("itchy patch", "eczema", "moisturiser", question.slug):
        assert fragment not in body
        assert fragment not in email["Subject"]
    assert wait_until(
        lambda: Notification.objects.get().email_status == Notification.EmailStatus.SENT
    )

    # Running the task again, directly and through the worker, sends nothing more.
    assert notification_email_send_task.apply(args=(notification.pk,)).get() is False
    notification_email_send_task.delay(notification.pk)
    # A second, independent answer is the marker: the solo worker handles tasks in order,
    # so once its email arrives the duplicate task has run too.
    second_doctor = DoctorFactory(full_name="Vikram Mehta")
    answer_create(user=second_doctor.user, question=question, body=ANSWER_TEXT)
    messages = smtp_sink.wait_for(2)
    time.sleep(0.3)
    assert [m["Subject"] for m in smtp_sink.messages] == [
        "A doctor answered your question",
        "A doctor answered your question",
    ]


def test_rolled_back_answer_sends_nothing(celery_worker, smtp_sink, patient, doctor):
    question = ask(patient)
    with pytest.raises(RuntimeError), transaction.atomic():
        answer_create(user=doctor.user, question=question, body=ANSWER_TEXT)
        raise RuntimeError("the request failed after the answer was written")
    assert not Notification.objects.exists()

    marker_doctor = DoctorFactory(full_name="Farah Khan")
    answer_create(user=marker_doctor.user, question=question, body=ANSWER_TEXT)
    smtp_sink.wait_for(1)
    time.sleep(0.3)
    assert [m["Subject"] for m in smtp_sink.messages] == ["A doctor answered your question"]
