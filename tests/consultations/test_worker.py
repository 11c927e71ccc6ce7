"""Consultation emails through the real broker, a real Celery worker and a real SMTP
server: each event emails each side once, with an .ics that parses back with one stable
UID and a growing SEQUENCE, and never the reason. Reminders go once when beat runs twice."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from consultations import services
from consultations.models import Mode
from consultations.slots import free_slots
from consultations.tasks import consultation_reminders_task
from portal.notifications.models import Notification
from tests.conftest import message_text
from tests.helpers import wait_until

from .conftest import set_hours, weekdays

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REASON = "A painful itchy rash on both elbows for three weeks"


def ics_of(message) -> Calendar:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in message.walk()]
    return Calendar.from_ical(parts[0].get_payload(decode=True))


def event_of(message):
    events = list(ics_of(message).walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def test_request_and_confirmation_email_each_side_once_with_one_calendar_event(
    celery_worker, smtp_sink, patient, doctor, clinic
):
    availability = set_hours(
        doctor, clinic=clinic, hours=weekdays(Mode.VIDEO, "00:00", "23:30"), min_notice_hours=0
    )
    slot = free_slots(availability, first_day=timezone.localdate() + timedelta(days=3), days=1)[0]
    booking = services.booking_hold(patient=patient, doctor=doctor, slot_id=slot.id)
    booking = services.booking_request(patient=patient, booking=booking, reason=REASON)
    requested = smtp_sink.wait_for(2)
    assert sorted(m["To"] for m in requested) == sorted([patient.email, doctor.user.email])
    services.booking_confirm(user=doctor.user, booking=booking)
    confirmed = smtp_sink.wait_for(4)
    assert wait_until(lambda: not Notification.objects.exclude(email_status="sent").exists())
    time.sleep(0.3)
    assert len(smtp_sink.messages) == 4
    uids = set()
    for message in confirmed:
        body = message_text(message)
        assert "rash" not in body and "rash" not in message["Subject"]
        assert "Asha Rao" not in message["Subject"] and "video" in message["Subject"]
        event = event_of(message)
        assert event.decoded("dtstart") == slot.starts_at
        assert event.decoded("dtend") == slot.ends_at
        assert "rash" not in event.to_ical().decode()
        uids.add(str(event["uid"]))
    assert len(uids) == 1, "one consultation is one calendar event"
    confirmation = [m for m in confirmed if m["Subject"].startswith("Consultation confirmed")]
    assert len(confirmation) == 2
    assert {int(event_of(m)["sequence"]) for m in confirmation} == {1}
    assert {str(event_of(m)["status"]) for m in confirmation} == {"CONFIRMED"}
    # The notification task run again sends nothing.
    from portal.notifications.tasks import notification_email_send_task

    for note in Notification.objects.all():
        assert notification_email_send_task.apply(args=(note.pk,)).get() is False


def test_cancellation_sends_a_cancelling_ics_with_the_same_uid(
    celery_worker, smtp_sink, patient, doctor, clinic
):
    availability = set_hours(
        doctor,
        clinic=clinic,
        hours=weekdays(Mode.CHAT, "00:00", "23:30"),
        min_notice_hours=0,
        auto_confirm=True,
    )
    slot = free_slots(availability, first_day=timezone.localdate() + timedelta(days=3), days=1)[0]
    booking = services.booking_hold(patient=patient, doctor=doctor, slot_id=slot.id)
    booking = services.booking_request(patient=patient, booking=booking, reason=REASON)
    first = smtp_sink.wait_for(2)
    services.booking_cancel(user=patient, booking=booking)
    messages = smtp_sink.wait_for(4)
    assert len(messages) == 4
    cancelled = [m for m in messages if m["Subject"].startswith("Consultation cancelled")]
    assert len(cancelled) == 2
    event = event_of(cancelled[0])
    assert str(event["status"]) == "CANCELLED"
    assert str(ics_of(cancelled[0])["method"]) == "CANCEL"
    assert str(event["uid"]) == str(event_of(first[0])["uid"])
    assert int(event["sequence"]) > int(event_of(first[0])["sequence"])


def test_reminders_are_emailed_once_when_beat_runs_twice(
    celery_worker, smtp_sink, patient, doctor, clinic
):
    availability = set_hours(
        doctor,
        clinic=clinic,
        hours=weekdays(Mode.PHONE, "00:00", "23:30"),
        min_notice_hours=0,
        auto_confirm=True,
    )
    now = timezone.now()
    slot = next(
        s for s in free_slots(availability, now=now) if s.starts_at > now + timedelta(hours=2)
    )
    booking = services.booking_hold(patient=patient, doctor=doctor, slot_id=slot.id)
    services.booking_request(patient=patient, booking=booking, reason=REASON)
    smtp_sink.wait_for(2)
    # Beat twice through the worker, and once more in this process at the same time.
    consultation_reminders_task.delay()
    consultation_reminders_task.delay()
    consultation_reminders_task.apply()
    from consultations.models import Booking

    assert wait_until(lambda: Booking.objects.get(pk=booking.pk).reminder_day_sent_at is not None)
    messages = smtp_sink.wait_for(4)
    consultation_reminders_task.delay()
    time.sleep(1.5)
    reminders = [m for m in smtp_sink.messages if m["Subject"].startswith("Reminder")]
    assert len(reminders) == 2
    assert sorted(m["To"] for m in reminders) == sorted([patient.email, doctor.user.email])
    assert len(messages) == 4
    assert event_of(reminders[0]).decoded("dtstart") == slot.starts_at
