"""portal.notifications.services: the outbox row, the at-most-once email and the sweep.

The email is sent by calling the service directly (as the worker would) against a real
SMTP server; Celery itself is exercised in test_worker.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.services import (
    MAX_EMAIL_ATTEMPTS,
    STALE_CLAIM_AFTER,
    notification_create,
    notification_email_send,
    notification_mark_read,
    notifications_email_retry,
    notifications_mark_all_read,
    notifications_requeue_stale,
)
from tests.conftest import free_port, message_text
from tests.helpers import queued_tasks

pytestmark = pytest.mark.django_db

Status = Notification.EmailStatus
TARGET = "/questions/7/#answer-3"


@pytest.fixture
def notification(patient, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = notification_create(
            recipient=patient,
            kind=Notification.Kind.ANSWER,
            title="A doctor answered your question",
            target_path=TARGET,
        )
    assert len(queued_tasks(callbacks)) == 1  # the email task, queued for after commit
    return created


def test_notification_create_writes_a_pending_unread_row(notification, patient):
    row = Notification.objects.get()
    assert row == notification
    assert row.recipient == patient
    assert row.email_status == Status.PENDING
    assert (row.email_attempts, row.read_at, row.email_sent_at) == (0, None, None)


def test_email_is_sent_once_with_a_link_and_no_health_text(notification, smtp_sink, settings):
    assert notification_email_send(notification_id=notification.pk) is True
    assert notification_email_send(notification_id=notification.pk) is False

    assert len(smtp_sink.messages) == 1
    email = smtp_sink.messages[0]
    assert email["To"] == "patient@example.org"
    assert email["Subject"] == "A doctor answered your question"
    body = message_text(email)
    assert f"{settings.SITE_URL}/notifications/{notification.pk}/" in body
    assert "itchy" not in body and TARGET not in body
    notification.refresh_from_db()
    assert notification.email_status == Status.SENT
    assert notification.email_sent_at is not None
    assert notification.email_attempts == 1


def test_a_row_claimed_by_another_worker_is_not_sent_again(notification, smtp_sink):
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Status.SENDING, email_claimed_at=timezone.now()
    )

    assert notification_email_send(notification_id=notification.pk) is False
    assert smtp_sink.messages == []


def test_failing_smtp_leaves_the_row_pending_and_raises(notification, smtp_sink, settings):
    sink_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there

    with pytest.raises(OSError):
        notification_email_send(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.email_status == Status.PENDING
    assert notification.email_attempts == 1
    assert notification.email_sent_at is None

    # The retry, once SMTP is back, sends it.
    settings.EMAIL_PORT = sink_port
    assert notification_email_send(notification_id=notification.pk) is True
    assert len(smtp_sink.messages) == 1
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (Status.SENT, 2)


def test_unknown_notification_sends_nothing(db, smtp_sink):
    assert notification_email_send(notification_id=987654) is False
    assert smtp_sink.messages == []


def make(patient, **fields):
    row = Notification.objects.create(
        recipient=patient, kind=Notification.Kind.ANSWER, title="t", target_path=TARGET
    )
    Notification.objects.filter(pk=row.pk).update(**fields)
    row.refresh_from_db()
    return row


def test_sweep_leaves_fresh_rows_alone(patient):
    now = timezone.now()
    fresh_pending = make(patient)
    fresh_claim = make(patient, email_status=Status.SENDING, email_claimed_at=now)
    sent = make(patient, email_status=Status.SENT, email_sent_at=now)

    assert notifications_requeue_stale(now=now) == 0

    for row, status in ((fresh_pending, Status.PENDING), (fresh_claim, Status.SENDING)):
        row.refresh_from_db()
        assert row.email_status == status
    sent.refresh_from_db()
    assert sent.email_status == Status.SENT


def test_sweep_leaves_a_row_in_celery_retry_backoff_alone(patient):
    now = timezone.now()
    retrying = make(
        patient,
        created_at=now - timedelta(hours=1),
        email_claimed_at=now - timedelta(minutes=2),  # the last attempt failed just now
        email_attempts=3,
    )

    assert notifications_requeue_stale(now=now) == 0

    retrying.refresh_from_db()
    assert (retrying.email_status, retrying.email_attempts) == (Status.PENDING, 3)


def test_sweep_resets_stale_claims(patient):
    now = timezone.now()
    stale = make(
        patient,
        email_status=Status.SENDING,
        email_claimed_at=now - STALE_CLAIM_AFTER - timedelta(seconds=1),
        email_attempts=1,
    )
    recent = make(
        patient,
        email_status=Status.SENDING,
        email_claimed_at=now - STALE_CLAIM_AFTER + timedelta(seconds=30),
        email_attempts=1,
    )

    # Both rows are younger than the sweep age, so nothing is queued to the broker.
    assert notifications_requeue_stale(now=now) == 0

    stale.refresh_from_db()
    recent.refresh_from_db()
    assert stale.email_status == Status.PENDING
    assert recent.email_status == Status.SENDING


def test_sweep_gives_up_after_too_many_attempts(patient):
    now = timezone.now()
    long_ago = now - timedelta(hours=3)
    exhausted = make(patient, email_attempts=MAX_EMAIL_ATTEMPTS, created_at=long_ago)
    exhausted_claim = make(
        patient,
        email_status=Status.SENDING,
        email_claimed_at=now - STALE_CLAIM_AFTER - timedelta(minutes=1),
        email_attempts=MAX_EMAIL_ATTEMPTS,
        created_at=long_ago,
    )
    still_trying = make(patient, email_attempts=MAX_EMAIL_ATTEMPTS - 1)

    # The exhausted rows are old enough to be swept, but are failed, not re-queued.
    assert notifications_requeue_stale(now=now) == 0

    for row in (exhausted, exhausted_claim):
        row.refresh_from_db()
        assert row.email_status == Status.FAILED
    still_trying.refresh_from_db()
    assert still_trying.email_status == Status.PENDING


def test_a_failed_row_is_never_sent(patient, smtp_sink):
    failed = make(patient, email_status=Status.FAILED, email_attempts=MAX_EMAIL_ATTEMPTS)

    assert notification_email_send(notification_id=failed.pk) is False
    assert smtp_sink.messages == []


def test_mark_read_and_mark_all_read(patient, other_patient):
    first, second = make(patient), make(patient)
    others = make(other_patient)

    notification_mark_read(notification=first)
    first.refresh_from_db()
    assert first.read_at is not None

    assert notifications_mark_all_read(user=patient) == 1  # only the unread one
    second.refresh_from_db()
    others.refresh_from_db()
    assert second.read_at is not None
    assert others.read_at is None


def test_a_failed_email_can_be_given_another_round(patient):
    failed = make(patient, email_status=Status.FAILED, email_attempts=MAX_EMAIL_ATTEMPTS)
    sent = make(patient, email_status=Status.SENT)

    assert notifications_email_retry(queryset=Notification.objects.all()) == 1

    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.email_status, failed.email_attempts) == (Status.PENDING, 0)
    assert failed.email_claimed_at is None
    assert sent.email_status == Status.SENT
