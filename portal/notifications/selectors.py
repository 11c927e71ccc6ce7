from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from .models import Notification, WorkerCanary


def notification_list(*, user):
    return (
        Notification.objects.filter(recipient=user)
        .select_related("recipient")
        .order_by("-created_at", "-id")
    )


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@dataclass(frozen=True)
class OutboxStatus:
    """What an operator needs to see the email outbox is moving."""

    counts: dict[str, int]
    oldest_pending_at: datetime | None
    oldest_pending_age: timedelta | None
    canary_at: datetime | None
    canary_age: timedelta | None
    problems: list[str] = field(default_factory=list)

    @property
    def stuck(self) -> bool:
        return bool(self.problems)


def worker_canary_at() -> datetime | None:
    return WorkerCanary.objects.filter(name="worker").values_list("beat_at", flat=True).first()


def outbox_status(*, now=None) -> OutboxStatus:
    """Counts by email state, the oldest unsent email's age, the last canary, and what
    is wrong: an unsent email older than NOTIFICATION_STUCK_AFTER, or a canary older
    than WORKER_CANARY_MAX_AGE (or none at all)."""
    now = now or timezone.now()
    counts = {status: 0 for status in Notification.EmailStatus.values}
    for row in Notification.objects.values("email_status").annotate(n=Count("pk")):
        counts[row["email_status"]] = row["n"]
    oldest = (
        Notification.objects.filter(
            email_status__in=[Notification.EmailStatus.PENDING, Notification.EmailStatus.SENDING]
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    canary = worker_canary_at()
    oldest_age = now - oldest if oldest else None
    canary_age = now - canary if canary else None
    problems = []
    if oldest_age and oldest_age > settings.NOTIFICATION_STUCK_AFTER:
        problems.append(f"the oldest unsent email has waited {_minutes(oldest_age)}")
    if canary_age is None:
        problems.append("no worker has run the canary task yet")
    elif canary_age > settings.WORKER_CANARY_MAX_AGE:
        problems.append(f"the worker canary last ran {_minutes(canary_age)} ago")
    return OutboxStatus(counts, oldest, oldest_age, canary, canary_age, problems)


def _minutes(age: timedelta) -> str:
    return f"{age.total_seconds() / 60:.1f} min"
