import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext

from portal.i18n import in_language_of
from portal.queueing import enqueue_on_commit

from .extras import email_extras_for
from .models import EmailPreferences, Notification, WorkerCanary
from .preferences import email_wanted, preference_label, unsubscribe_headers

logger = logging.getLogger(__name__)

# A failed attempt claimed within this is in Celery's retry backoff (a minute at most
# between attempts, about five minutes in all); a claim this old without a lease (rows
# from before leases) is abandoned.
STALE_CLAIM_AFTER = timedelta(minutes=10)
WORKER_CANARY = "worker"
MAX_EMAIL_ATTEMPTS = 20


def notification_create(
    *,
    recipient,
    kind: str,
    title: "str | Promise | Callable[[], str]",
    target_path: str,
    object_id: int | None = None,
) -> Notification:
    """Write the notification and queue its email after the transaction commits.

    The title is stored (and is the email's subject) in the recipient's language, not
    the language of whoever triggered it: pass a lazy string (``gettext_lazy``) or a
    function that builds the title (``lambda: _("... %(name)s") % {...}``); either is
    read with the recipient's language active. A plain string is stored as it is."""
    from .tasks import notification_email_send_task

    with in_language_of(recipient):
        title = str(title() if callable(title) else title)
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


def notification_message_id(notification_id: int) -> str:
    """One Message-ID per notification, whatever the attempt: a copy that slips through
    the residual window is the same message, which mailbox providers drop as a duplicate."""
    return f"<notification-{notification_id}@{settings.SITE_DOMAIN}>"


def notification_email_send(*, notification_id: int) -> bool:
    """Send the email for one notification. Returns True if it sent.

    The row is claimed (pending -> sending) with a conditional update and a lease before
    the email goes out. While this worker holds the claim it renews the lease, so the
    sweep never hands a live worker's email to another. Once the SMTP server has accepted
    the message, "sent" is recorded before the connection is closed (a slow QUIT cannot
    widen the window) and, if the database is unreachable, recorded again with backoff,
    never sent again. A second run, a redelivered message or a swept duplicate finds
    nothing to do.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, email_status=Notification.EmailStatus.PENDING
    ).update(
        email_status=Notification.EmailStatus.SENDING,
        email_claimed_at=now,
        email_lease_until=now + settings.NOTIFICATION_LEASE,
        email_attempts=F("email_attempts") + 1,
    )
    if not claimed:
        return False
    with _lease_kept(notification_id):
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        if not email_wanted(notification):
            Notification.objects.filter(
                pk=notification_id, email_status=Notification.EmailStatus.SENDING
            ).update(email_status=Notification.EmailStatus.SKIPPED, email_lease_until=None)
            return False
        with in_language_of(notification.recipient):
            message = _notification_email(notification)
        smtp = get_connection(fail_silently=False)
        try:
            # Opened here, so send_messages leaves it open: QUIT waits until "sent" is kept.
            smtp.open()
            smtp.send_messages([message])
        except Exception:
            _close_quietly(smtp)
            Notification.objects.filter(
                pk=notification_id, email_status=Notification.EmailStatus.SENDING
            ).update(email_status=Notification.EmailStatus.PENDING, email_lease_until=None)
            raise
        _record_sent(notification_id)
        _close_quietly(smtp)
    return True


def notification_title(notification: Notification) -> str:
    """The stored title in the active language: a title stored as a catalogue entry (a
    ``gettext_noop`` constant, stored in English) is translated; one written out in full
    (with a name or a date in it) reads as it was stored."""
    return gettext(notification.title) if notification.title else ""


def _notification_email(notification: Notification) -> EmailMessage:
    """The email for ``notification``, in the language active (the recipient's): the
    link opens the portal in it too."""
    link = f"{settings.SITE_URL}{notification.get_absolute_url()}"
    field = EmailPreferences.FIELD_FOR_KIND.get(notification.kind)
    extras = email_extras_for(notification)
    headers = unsubscribe_headers(user_id=notification.recipient_id, field=field) if field else {}
    context = {
        "notification": notification,
        "title": notification_title(notification),
        "link": link,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "display_name": notification.recipient.display_name,
        "unsubscribe_url": headers.get("List-Unsubscribe", "").strip("<>"),
        "preference_label": preference_label(field) if field else "",
        "why": extras.why,
    }
    message = EmailMessage(
        subject=notification_title(notification),
        body=render_to_string("notifications/email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        headers={**headers, "Message-ID": notification_message_id(notification.pk)},
    )
    for filename, content, mimetype in extras.attachments:
        message.attach(filename, content, mimetype)
    return message


def _close_quietly(smtp) -> None:
    try:
        smtp.close()
    except Exception:  # noqa: BLE001 - the message was accepted, or already failed
        logger.warning("Closing the SMTP connection failed.", exc_info=True)


def _record_sent(notification_id: int) -> None:
    """Mark the row sent, retrying with backoff while the database is unreachable. The
    email is never sent again from here: SMTP has accepted it."""
    delay = 0.25
    deadline = time.monotonic() + settings.NOTIFICATION_RECORD_SENT_PATIENCE.total_seconds()
    while True:
        try:
            Notification.objects.filter(pk=notification_id).exclude(
                email_status=Notification.EmailStatus.SENT
            ).update(
                email_status=Notification.EmailStatus.SENT,
                email_sent_at=timezone.now(),
                email_lease_until=None,
            )
            return
        except (OperationalError, InterfaceError):
            db_connection.close()  # the next attempt opens a fresh one
            if time.monotonic() > deadline:
                logger.error(
                    "Notification %s was accepted by SMTP but could not be marked sent.",
                    notification_id,
                )
                raise
            logger.warning(
                "Database unreachable marking notification %s sent; retrying in %.1fs.",
                notification_id,
                delay,
            )
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


@contextmanager
def _lease_kept(notification_id: int):
    """Renew the claim's lease from a helper thread (its own database connection) while
    the block runs, so a slow send or a long wait for the database keeps the claim."""
    stop = threading.Event()
    every = settings.NOTIFICATION_LEASE.total_seconds() / 4

    def renew():
        try:
            while not stop.wait(every):
                try:
                    Notification.objects.filter(
                        pk=notification_id, email_status=Notification.EmailStatus.SENDING
                    ).update(email_lease_until=timezone.now() + settings.NOTIFICATION_LEASE)
                except DatabaseError:
                    db_connection.close()
        finally:
            db_connection.close()

    thread = threading.Thread(target=renew, name=f"lease-{notification_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def notifications_requeue_stale(*, now=None) -> int:
    """Queue again the emails whose task is gone, oldest first, a batch at a time.

    A claim whose lease ran out belongs to a worker that died mid-send: it goes back to
    pending. A pending row is queued when it is older than NOTIFICATION_SWEEP_AFTER, was
    not queued by the sweep in the last NOTIFICATION_REQUEUE_AFTER (so a backlog is not
    queued again every minute) and is not in Celery's retry backoff (a claim in the
    last STALE_CLAIM_AFTER, or every sweep would spend an attempt during an SMTP outage).
    """
    from .tasks import notification_email_send_task

    now = now or timezone.now()
    Notification.objects.filter(
        Q(email_lease_until__lt=now)
        | Q(email_lease_until__isnull=True, email_claimed_at__lt=now - STALE_CLAIM_AFTER),
        email_status=Notification.EmailStatus.SENDING,
    ).update(
        email_status=Notification.EmailStatus.PENDING,
        email_lease_until=None,
        email_claimed_at=None,
        email_queued_at=None,
    )
    Notification.objects.filter(
        email_status=Notification.EmailStatus.PENDING,
        email_attempts__gte=MAX_EMAIL_ATTEMPTS,
    ).update(email_status=Notification.EmailStatus.FAILED)
    due_ids = list(
        Notification.objects.filter(
            Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - STALE_CLAIM_AFTER),
            Q(email_queued_at__isnull=True)
            | Q(email_queued_at__lt=now - settings.NOTIFICATION_REQUEUE_AFTER),
            email_status=Notification.EmailStatus.PENDING,
            created_at__lt=now - settings.NOTIFICATION_SWEEP_AFTER,
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[: settings.NOTIFICATION_SWEEP_BATCH]
    )
    Notification.objects.filter(pk__in=due_ids).update(email_queued_at=now)
    queued = 0
    for pk in due_ids:
        try:
            notification_email_send_task.apply_async(args=(pk,))
        except Exception:  # noqa: BLE001 - broker gone mid-sweep: the rest wait for the next
            Notification.objects.filter(pk__in=due_ids[queued:]).update(email_queued_at=None)
            logger.warning("Sweep could not queue notification %s; will try again.", pk)
            break
        queued += 1
    if queued:
        logger.info("Sweep re-queued %d pending notification email(s).", queued)
    outbox_warn_if_stuck(now=now)
    return queued


def outbox_warn_if_stuck(*, now=None) -> None:
    """An ERROR log line (which Sentry's logging integration reports, when configured)
    when the oldest unsent email has waited longer than NOTIFICATION_STUCK_AFTER."""
    from .selectors import outbox_status

    status = outbox_status(now=now)
    if status.oldest_pending_age and status.oldest_pending_age > settings.NOTIFICATION_STUCK_AFTER:
        logger.error(
            "Notification outbox stuck: the oldest unsent email has waited %s (%d unsent).",
            status.oldest_pending_age,
            status.counts["pending"] + status.counts["sending"],
        )


def worker_canary_touch(*, now=None) -> None:
    """Move the canary forward from any task a worker ran: one cheap conditional update,
    at most every ten seconds."""
    now = now or timezone.now()
    WorkerCanary.objects.filter(name=WORKER_CANARY, beat_at__lt=now - timedelta(seconds=10)).update(
        beat_at=now
    )


def worker_canary_record(*, hostname: str = "", now=None) -> None:
    """Called by the canary task: a worker took a task from the queue at ``now``."""
    WorkerCanary.objects.update_or_create(
        name=WORKER_CANARY, defaults={"beat_at": now or timezone.now(), "hostname": hostname}
    )


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
        email_status=Notification.EmailStatus.PENDING,
        email_attempts=0,
        email_claimed_at=None,
        email_queued_at=None,
    )
