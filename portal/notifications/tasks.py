from smtplib import SMTPException

from celery import shared_task

from .services import notification_email_send, notifications_requeue_stale


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
