"""Doctor emails through the real Redis broker, a real Celery worker and a real SMTP
server: approval, rejection, a request for information, and the expiry reminder (the
periodic job run directly with a fixed clock). Each arrives once, with a link and no
reason text."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from doctors.models import DoctorProfile
from doctors.services import (
    doctor_application_approve,
    doctor_application_reject,
    doctor_application_request_info,
    doctor_verification_remind,
)
from doctors.tasks import doctor_verification_reminders_task
from portal.notifications.models import Notification
from portal.notifications.tasks import notification_email_send_task
from tests.conftest import message_text
from tests.factories import DoctorFactory, UserFactory
from tests.helpers import wait_until

from .conftest import submit

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REASON = "Your registration number is not on the Maharashtra register."


def all_sent():
    return not Notification.objects.exclude(email_status=Notification.EmailStatus.SENT).exists()


def test_approval_email_arrives_once_with_a_link(
    celery_worker, smtp_sink, verifier, settings, specialty
):
    application = submit(UserFactory(email="new.doctor@example.org"), specialties=[specialty])

    doctor_application_approve(actor=verifier, doctor=application)

    messages = smtp_sink.wait_for(1)
    assert len(messages) == 1
    email = messages[0]
    notification = Notification.objects.get()
    assert email["To"] == "new.doctor@example.org"
    assert email["Subject"] == "Your doctor profile is approved: you can now answer questions"
    body = message_text(email)
    assert f"{settings.SITE_URL}/notifications/{notification.pk}/" in body
    assert "doctor profile on" in body
    assert wait_until(all_sent)

    # Again, directly and through the worker: nothing more is sent.
    assert notification_email_send_task.apply(args=(notification.pk,)).get() is False
    notification_email_send_task.delay(notification.pk)
    marker = submit(UserFactory(email="marker@example.org"), full_name="Marker Doctor")
    doctor_application_request_info(actor=verifier, doctor=marker, reason=REASON)
    smtp_sink.wait_for(2)
    time.sleep(0.3)
    assert [m["To"] for m in smtp_sink.messages] == ["new.doctor@example.org", "marker@example.org"]


@pytest.mark.parametrize(
    ("decide", "subject"),
    [
        (doctor_application_reject, "Your doctor application was not approved"),
        (doctor_application_request_info, "Your doctor application needs more information"),
    ],
)
def test_rejection_and_questions_are_emailed_without_the_reason(
    celery_worker, smtp_sink, verifier, decide, subject
):
    application = submit(UserFactory(email="applicant@example.org"))

    decide(actor=verifier, doctor=application, reason=REASON)

    messages = smtp_sink.wait_for(1)
    assert [m["Subject"] for m in messages] == [subject]
    body = message_text(messages[0])
    assert "register" not in body.replace("registration", "")
    assert "Maharashtra" not in body
    assert wait_until(all_sent)


def test_expiry_reminder_with_a_fixed_clock(celery_worker, smtp_sink, settings):
    now = timezone.now().replace(microsecond=0) + timedelta(days=200)  # a day in the future
    due = DoctorFactory(user__email="due@example.org")
    later = DoctorFactory(user__email="later@example.org")
    DoctorProfile.objects.filter(pk=due.pk).update(verified_until=now + timedelta(days=30))
    DoctorProfile.objects.filter(pk=later.pk).update(verified_until=now + timedelta(days=45))

    assert doctor_verification_remind(now=now) == 1
    assert doctor_verification_remind(now=now) == 0  # the daily job ran twice: still once

    messages = smtp_sink.wait_for(1)
    assert [m["To"] for m in messages] == ["due@example.org"]
    ends = timezone.localtime(now + timedelta(days=30))
    assert messages[0]["Subject"] == f"Please re-confirm your doctor details by {ends:%-d %B %Y}"
    notification = Notification.objects.get()
    assert f"{settings.SITE_URL}/notifications/{notification.pk}/" in message_text(messages[0])
    assert notification.target_path == "/doctors/dashboard/reconfirm/"

    # Through the scheduled task itself, today: nobody is due, nothing more is sent.
    assert doctor_verification_reminders_task.apply().get() == 0
    time.sleep(0.3)
    assert len(smtp_sink.messages) == 1
