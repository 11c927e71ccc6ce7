from smtplib import SMTPException

from celery import shared_task

from .services import (
    notification_email_send,
    notifications_requeue_stale,
    worker_canary_record,
    worker_canary_touch,
)


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=5,
    # At most a minute between attempts, so the emails of an SMTP outage go out within a
    # minute of its end; after 8 retries (about five minutes) the sweep takes over.
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def notification_email_send_task(notification_id: int) -> bool:
    sent = notification_email_send(notification_id=notification_id)
    # Any task taken off the queue proves consumption: a worker busy with a backlog is
    # alive even while the canary waits behind it in the queue.
    worker_canary_touch()
    return sent


@shared_task
def notifications_sweep_task() -> int:
    return notifications_requeue_stale()


@shared_task(bind=True, expires=120)
def worker_canary_task(self) -> None:
    """Queued by beat every minute on the same queue as the emails: its timestamp proves
    a worker is taking tasks off the queue (`manage.py worker_health`)."""
    worker_canary_record(hostname=self.request.hostname or "")
