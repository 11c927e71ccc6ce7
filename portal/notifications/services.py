import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from portal.queueing import enqueue_on_commit

from .extras import email_extras_for
from .models import Notification

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died between claiming and sending.
STALE_CLAIM_AFTER = timedelta(minutes=10)
MAX_EMAIL_ATTEMPTS = 20


def notification_create(
    *, recipient, kind: str, title: str, target_path: str, object_id: int | None = None
) -> Notification:
    """Write the notification and queue its email after the transaction commits."""
    from .tasks import notification_email_send_task

    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            title=title,
            target_path=target_path,
            object_id=object_id,
        )
        enqueue_on_commit(notification_email_send_task, notification.pk)
    return notification


def notification_email_send(*, notification_id: int) -> bool:
    """Send the email for one notification, at most once. Returns True if it sent.

    The row is claimed (pending -> sending) with a conditional update before the email
    goes out and marked sent after, so a second run, a redelivered message or a swept
    duplicate finds nothing to do.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, email_status=Notification.EmailStatus.PENDING
    ).update(
        email_status=Notification.EmailStatus.SENDING,
        email_claimed_at=now,
        email_attempts=F("email_attempts") + 1,
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    link = f"{settings.SITE_URL}{notification.get_absolute_url()}"
    extras = email_extras_for(notification)
    context = {
        "notification": notification,
        "link": link,
        "site_url": settings.SITE_URL,
        "why": extras.why,
    }
    message = EmailMessage(
        subject=notification.title,
        body=render_to_string("notifications/email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )
    for filename, content, mimetype in extras.attachments:
        message.attach(filename, content, mimetype)
    try:
        message.send(fail_silently=False)
    except Exception:
        Notification.objects.filter(
            pk=notification_id, email_status=Notification.EmailStatus.SENDING
        ).update(email_status=Notification.EmailStatus.PENDING)
        raise
    Notification.objects.filter(
        pk=notification_id, email_status=Notification.EmailStatus.SENDING
    ).update(email_status=Notification.EmailStatus.SENT, email_sent_at=timezone.now())
    return True


def notifications_requeue_stale(*, now=None) -> int:
    """Queue again the emails whose task is gone: pending after NOTIFICATION_SWEEP_AFTER
    and never claimed (the broker was down when they were saved), or last claimed more
    than STALE_CLAIM_AFTER ago (a worker died mid-send, or Celery ran out of retries).
    """
    from .tasks import notification_email_send_task

    now = now or timezone.now()
    Notification.objects.filter(
        email_status=Notification.EmailStatus.SENDING,
        email_claimed_at__lt=now - STALE_CLAIM_AFTER,
    ).update(email_status=Notification.EmailStatus.PENDING)
    Notification.objects.filter(
        email_status=Notification.EmailStatus.PENDING,
        email_attempts__gte=MAX_EMAIL_ATTEMPTS,
    ).update(email_status=Notification.EmailStatus.FAILED)
    # Never claimed: the task was lost (broker down at save time). Claimed long ago: the
    # worker died or Celery gave up. A recent claim is in Celery's retry backoff; leave
    # it, or every sweep would spend an attempt during an SMTP outage.
    stale_ids = list(
        Notification.objects.filter(
            Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - STALE_CLAIM_AFTER),
            email_status=Notification.EmailStatus.PENDING,
            created_at__lt=now - settings.NOTIFICATION_SWEEP_AFTER,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    for pk in stale_ids:
        notification_email_send_task.apply_async(args=(pk,))
    if stale_ids:
        logger.info("Sweep re-queued %d pending notification email(s).", len(stale_ids))
    return len(stale_ids)


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_email_retry(*, queryset) -> int:
    """Give failed emails another round of attempts; the next sweep queues them."""
    return queryset.filter(email_status=Notification.EmailStatus.FAILED).update(
        email_status=Notification.EmailStatus.PENDING, email_attempts=0, email_claimed_at=None
    )
