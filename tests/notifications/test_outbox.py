"""The outbox's guarantees one at a time: the lease a live worker renews, "sent" recorded
again (never sent again) while the database is unreachable, the stable Message-ID, the
sweep's batches, and what an operator reads (outbox_status, worker_health, the admin)."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
import redis
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import Notification, WorkerCanary
from portal.notifications.services import (
    notification_email_send,
    notifications_requeue_stale,
    outbox_warn_if_stuck,
    worker_canary_record,
)
from tests.conftest import TEST_QUEUE

Status = Notification.EmailStatus


def make(patient, **fields):
    row = Notification.objects.create(
        recipient=patient, kind=Notification.Kind.ANSWER, title="Dr. X answered", target_path="/q/"
    )
    if fields:
        Notification.objects.filter(pk=row.pk).update(**fields)
        row.refresh_from_db()
    return row


@pytest.mark.django_db
def test_email_carries_a_stable_message_id(patient, smtp_sink, settings):
    settings.SITE_URL = "https://portal.example.org"
    settings.SITE_DOMAIN = "portal.example.org"
    row = make(patient)
    assert notification_email_send(notification_id=row.pk) is True
    assert smtp_sink.messages[0]["Message-ID"] == f"<notification-{row.pk}@portal.example.org>"


@pytest.mark.django_db(transaction=True)
def test_a_live_worker_renews_its_lease_so_the_sweep_leaves_its_claim(patient, smtp_sink, settings):
    settings.NOTIFICATION_LEASE = timedelta(seconds=0.4)  # renewed every 0.1 s
    hold = threading.Event()
    release = threading.Event()

    async def slow_data(server, session, envelope):
        hold.set()
        while not release.is_set():
            import asyncio

            await asyncio.sleep(0.05)
        smtp_sink.messages.append(envelope.original_content)
        return "250 OK"

    smtp_sink.handle_DATA = slow_data
    row = make(patient)
    sender = threading.Thread(target=notification_email_send, kwargs={"notification_id": row.pk})
    sender.start()
    assert hold.wait(10)
    threading.Event().wait(1.0)  # more than twice the lease: only renewals keep it
    notifications_requeue_stale(now=timezone.now())
    row.refresh_from_db()
    assert row.email_status == Status.SENDING
    assert row.email_lease_until > timezone.now()
    release.set()
    sender.join(10)
    row.refresh_from_db()
    assert row.email_status == Status.SENT
    assert len(smtp_sink.messages) == 1


@pytest.mark.django_db
def test_sweep_hands_an_expired_lease_back_to_pending(patient):
    now = timezone.now()
    dead = make(patient, email_status=Status.SENDING, email_claimed_at=now - timedelta(minutes=3),
                email_lease_until=now - timedelta(seconds=1))  # fmt: skip
    live = make(patient, email_status=Status.SENDING, email_claimed_at=now - timedelta(minutes=3),
                email_lease_until=now + timedelta(seconds=30))  # fmt: skip
    notifications_requeue_stale(now=now)
    dead.refresh_from_db()
    live.refresh_from_db()
    assert (dead.email_status, dead.email_claimed_at) == (Status.PENDING, None)
    assert live.email_status == Status.SENDING


@pytest.mark.django_db(transaction=True)
def test_sent_is_recorded_again_not_sent_again_while_the_database_is_down(patient, smtp_sink):
    row = make(patient)
    failures = []

    def database_gone(execute, sql, params, many, context):
        marks_sent = sql.startswith("UPDATE") and params and params[0] == Status.SENT
        if marks_sent and len(failures) < 3:
            failures.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(database_gone):
        assert notification_email_send(notification_id=row.pk) is True

    assert len(failures) == 3
    assert len(smtp_sink.messages) == 1
    row.refresh_from_db()
    assert row.email_status == Status.SENT


@pytest.mark.django_db
def test_sweep_queues_the_oldest_in_batches_and_not_again_soon(patient, settings, redis_available):
    settings.NOTIFICATION_SWEEP_BATCH = 2
    now = timezone.now()
    rows = [make(patient, created_at=now - timedelta(minutes=30 - i)) for i in range(5)]
    client = redis.Redis.from_url(redis_available)
    # Earlier tests may have left tasks on this run's queue: count what the sweep adds.
    already = client.llen(TEST_QUEUE)
    try:
        assert notifications_requeue_stale(now=now) == 2
        assert notifications_requeue_stale(now=now + timedelta(seconds=60)) == 2
        assert notifications_requeue_stale(now=now + timedelta(seconds=120)) == 1
        assert notifications_requeue_stale(now=now + timedelta(seconds=180)) == 0
        assert client.llen(TEST_QUEUE) - already == 5
        queued = Notification.objects.order_by("created_at").values_list(
            "email_queued_at", flat=True
        )
        minute = timedelta(seconds=60)
        assert list(queued) == [now, now, now + minute, now + minute, now + 2 * minute]
        # Still pending long after: queued once more, oldest first.
        later = now + settings.NOTIFICATION_REQUEUE_AFTER + timedelta(seconds=1)
        assert notifications_requeue_stale(now=later) == 2
        first_two = {rows[0].pk, rows[1].pk}
        assert (
            set(Notification.objects.filter(email_queued_at=later).values_list("pk", flat=True))
            == first_two
        )
    finally:
        client.delete(TEST_QUEUE)


@pytest.mark.django_db
def test_outbox_status_exits_non_zero_when_stuck(patient):
    out, err = StringIO(), StringIO()
    worker_canary_record(hostname="w1")
    make(patient, email_status=Status.SENT)
    call_command("outbox_status", stdout=out, stderr=err)
    assert "sent     1" in out.getvalue() and "ok" in out.getvalue()

    make(patient, created_at=timezone.now() - timedelta(minutes=11))
    with pytest.raises(SystemExit) as exit_:
        call_command("outbox_status", stdout=out, stderr=err)
    assert exit_.value.code == 1
    assert "STUCK: the oldest unsent email has waited 11." in err.getvalue()


@pytest.mark.django_db
def test_a_stuck_outbox_logs_an_error(patient, caplog):
    make(patient, created_at=timezone.now() - timedelta(minutes=11))
    with caplog.at_level("ERROR", logger="portal.notifications.services"):
        outbox_warn_if_stuck()
    assert "Notification outbox stuck" in caplog.text


@pytest.mark.django_db
def test_worker_health_fails_on_a_stale_canary(settings):
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("worker_health", stdout=out, stderr=err)
    assert exit_.value.code == 1 and "no worker has run the canary" in err.getvalue()

    worker_canary_record(hostname="w1", now=timezone.now() - timedelta(minutes=4))
    with pytest.raises(SystemExit):
        call_command("worker_health", stdout=out, stderr=err)
    assert "the canary last ran 240 s ago" in err.getvalue()

    worker_canary_record(hostname="w1")
    call_command("worker_health", stdout=out, stderr=err)
    assert "healthy" in out.getvalue()


@pytest.mark.django_db
def test_staff_read_the_outbox_page(client, patient):
    from tests.factories import UserFactory

    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    make(patient, created_at=timezone.now() - timedelta(minutes=20))
    WorkerCanary.objects.create(name="worker", beat_at=timezone.now())
    url = reverse("admin:notifications_outbox")
    client.force_login(patient)
    assert client.get(url).status_code == 302  # not staff: to the admin login
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Stuck: the oldest unsent email has waited 20." in body
    assert "A worker last ran the canary task" in body
    assert client.post(url).status_code in (200, 405)  # read-only: nothing to post


@pytest.mark.django_db
def test_an_email_task_keeps_the_canary_fresh_behind_a_backlog(patient, smtp_sink):
    from portal.notifications.selectors import worker_canary_at
    from portal.notifications.tasks import notification_email_send_task

    old = timezone.now() - timedelta(minutes=5)
    worker_canary_record(hostname="w1", now=old)
    row = make(patient)
    notification_email_send_task.apply(args=(row.pk,))
    assert worker_canary_at() > timezone.now() - timedelta(seconds=10)
