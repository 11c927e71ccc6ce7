"""A doctor's free slots, computed from their weekly hours in their own zone.

A slot's id is ``<mode>-<unix seconds of its UTC start>``: whatever a browser sends back is
checked against the slots computed again here, so a tampered, past, taken or
out-of-hours id is simply not found.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from .models import Availability, Booking, BookingStatus, Mode


@dataclass(frozen=True)
class Slot:
    mode: str
    starts_at: datetime  # UTC
    ends_at: datetime

    @property
    def id(self) -> str:
        return f"{self.mode}-{int(self.starts_at.timestamp())}"

    @property
    def mode_label(self) -> str:
        return Mode(self.mode).label


def slot_id_parse(value: str) -> tuple[str, datetime] | None:
    """``(mode, UTC start)`` from a slot id, or None for anything malformed."""
    mode, _, seconds = (value or "").partition("-")
    if mode not in Mode.values or not seconds.isdigit() or len(seconds) > 11:
        return None
    try:
        return mode, datetime.fromtimestamp(int(seconds), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _local_starts(availability: Availability, day: date, hours) -> list[tuple[str, datetime]]:
    zone = availability.zone
    step = availability.slot_length
    starts = []
    for block in hours:
        cursor = datetime.combine(day, block.start)
        end = datetime.combine(day, block.end)
        while cursor + step <= end:
            aware = cursor.replace(tzinfo=zone)
            as_utc = aware.astimezone(UTC)
            # A wall-clock time skipped by a DST change does not exist: no slot there.
            if as_utc.astimezone(zone).replace(tzinfo=None) == cursor:
                starts.append((block.mode, as_utc))
            cursor += step
    return starts


def _window(availability: Availability, now: datetime) -> tuple[datetime, datetime]:
    earliest = now + timedelta(hours=availability.min_notice_hours)
    latest = now + timedelta(days=availability.booking_window_days)
    return earliest, latest


def free_slots(
    availability: Availability,
    *,
    now: datetime | None = None,
    first_day: date | None = None,
    days: int | None = None,
    exclude_booking: Booking | None = None,
) -> list[Slot]:
    """Every slot a patient may book now: inside the weekly hours, not on a day off, after
    the minimum notice, inside the booking window, and not overlapping an active booking
    (an expired hold does not count). Three queries whatever the number of bookings:
    hours, days off, and the active bookings inside the window."""
    now = now or timezone.now()
    earliest, latest = _window(availability, now)
    zone = availability.zone
    start_day = max(first_day or earliest.astimezone(zone).date(), earliest.astimezone(zone).date())
    end_day = latest.astimezone(zone).date()
    if days is not None:
        end_day = min(end_day, start_day + timedelta(days=days - 1))
    if end_day < start_day:
        return []
    hours_by_day: dict[int, list] = {}
    for block in availability.hours.all():
        hours_by_day.setdefault(block.weekday, []).append(block)
    days_off = set(
        availability.days_off.filter(date__range=(start_day, end_day)).values_list(
            "date", flat=True
        )
    )
    range_start = datetime.combine(start_day, datetime.min.time(), tzinfo=zone) - timedelta(hours=2)
    range_end = datetime.combine(end_day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    busy_qs = Booking.objects.active().filter(
        doctor_id=availability.doctor_id, starts_at__lt=range_end, ends_at__gt=range_start
    )
    if exclude_booking is not None:
        busy_qs = busy_qs.exclude(pk=exclude_booking.pk)
    busy = [
        (s, e)
        for s, e, status, hold in busy_qs.values_list(
            "starts_at", "ends_at", "status", "hold_expires_at"
        )
        if not (status == BookingStatus.HELD and hold is not None and hold <= now)
    ]
    busy.sort()
    step = availability.slot_length
    slots = []
    day = start_day
    while day <= end_day:
        if day not in days_off and day.weekday() in hours_by_day:
            for mode, start in _local_starts(availability, day, hours_by_day[day.weekday()]):
                end = start + step
                if start < earliest or start > latest:
                    continue
                if any(s < end and e > start for s, e in busy):
                    continue
                slots.append(Slot(mode=mode, starts_at=start, ends_at=end))
        day += timedelta(days=1)
    slots.sort(key=lambda slot: (slot.starts_at, slot.mode))
    return slots


def slot_find(
    availability: Availability,
    slot_id: str,
    *,
    now: datetime | None = None,
    exclude_booking: Booking | None = None,
) -> Slot | None:
    """The free slot with this id, or None (malformed, past, outside the hours or the
    window, on a day off, or taken)."""
    parsed = slot_id_parse(slot_id)
    if parsed is None:
        return None
    mode, start = parsed
    day = start.astimezone(availability.zone).date()
    for slot in free_slots(
        availability, now=now, first_day=day, days=1, exclude_booking=exclude_booking
    ):
        if slot.mode == mode and slot.starts_at == start:
            return slot
    return None
