from smtplib import SMTPException

from celery import shared_task

from .services import notification_email_send, notifications_requeue_stale, worker_canary_record


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=5,
    retry_backoff_max=600,  # well below the broker's one-hour visibility timeout
    retry_jitter=True,
    max_retries=8,
)
def notification_email_send_task(notification_id: int) -> bool:
    return notification_email_send(notification_id=notification_id)


@shared_task
def notifications_sweep_task() -> int:
    return notifications_requeue_stale()


@shared_task(bind=True, expires=120)
def worker_canary_task(self) -> None:
    """Queued by beat every minute on the same queue as the emails: its timestamp proves
    a worker is taking tasks off the queue (`manage.py worker_health`)."""
    worker_canary_record(hostname=self.request.hostname or "")
