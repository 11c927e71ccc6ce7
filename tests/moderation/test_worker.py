"""The author hears of a moderator's decision through the outbox: a real worker on the
real Redis sends the email, with a link and no health text."""

import pytest

from moderation.services import item_hide
from portal.notifications.models import Notification
from questions.services import answer_create, question_create
from tests.conftest import message_text
from tests.helpers import wait_until
from tests.moderation.conftest import target

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

QUESTION_TEXT = "My son has a painful swollen knee after football practice yesterday."
ANSWER_TEXT = "Rest, ice and raise the knee; buy **MiracleGel** from my shop for a discount."
REASON = "Advertising a product."


def test_hidden_answer_emails_its_doctor_a_link_without_health_text(
    celery_worker, smtp_sink, patient, doctor, staff, settings
):
    question = question_create(author=patient, text=QUESTION_TEXT, age=12, gender="male")
    answer = answer_create(user=doctor.user, question=question, body=ANSWER_TEXT)
    smtp_sink.wait_for(1)  # the patient's "answered" email

    item_hide(moderator=staff, target=target("answer"), item=answer, reason=REASON)

    messages = smtp_sink.wait_for(2)
    email = next(m for m in messages if m["To"] == doctor.user.email)
    body = message_text(email)
    notification = Notification.objects.get(kind=Notification.Kind.MODERATION)
    assert email["Subject"] == "Moderators hid your answer"
    assert f"{settings.SITE_URL}/notifications/{notification.pk}/" in body
    for fragment in ("swollen knee", "MiracleGel", "football", question.slug):
        assert fragment not in body and fragment not in email["Subject"]
    assert wait_until(
        lambda: (
            Notification.objects.get(pk=notification.pk).email_status
            == Notification.EmailStatus.SENT
        )
    )
