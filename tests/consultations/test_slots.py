"""Slots from weekly hours: the doctor's clock, days off, notice, window, taken slots, and
time zones across a DST change and between India and Dubai."""

from datetime import UTC, date, datetime, time, timedelta

from consultations.models import Booking, BookingStatus, Mode
from consultations.slots import free_slots, slot_find, slot_id_parse
from consultations.timezones import format_in

from .conftest import NOW, ist, set_hours, slot_id, weekdays


def test_slots_follow_the_doctors_hours_in_their_zone(availability):
    slots = free_slots(availability, now=NOW, first_day=date(2026, 12, 8), days=1)
    chat = [s.starts_at for s in slots if s.mode == Mode.CHAT]
    assert chat == [ist(8, 10), ist(8, 10, 30), ist(8, 11), ist(8, 11, 30)]
    assert {s.mode for s in slots} == {Mode.CHAT, Mode.VIDEO}


def test_minimum_notice_hides_slots_too_soon(availability):
    # 11:30 in India now, two hours' notice: the first slot today is 14:00 (video).
    slots = free_slots(availability, now=NOW, days=1)
    assert slots[0].starts_at == ist(7, 14)


def test_booking_window_ends_the_list(availability):
    slots = free_slots(availability, now=NOW)
    assert max(s.starts_at for s in slots) <= NOW + timedelta(days=30)
    assert (
        slot_find(
            availability,
            slot_id(Mode.CHAT, ist(7, 10, month=1, year=2027) + timedelta(days=31)),
            now=NOW,
        )
        is None
    )


def test_days_off_have_no_slots(doctor, clinic):
    availability = set_hours(
        doctor, hours=weekdays(Mode.CHAT, "10:00", "11:00"), days_off=[date(2026, 12, 9)]
    )
    days = {s.starts_at.date() for s in free_slots(availability, now=NOW, days=5)}
    assert date(2026, 12, 9) not in {d for d in days}
    assert date(2026, 12, 10) in days


def test_taken_slot_is_not_free_but_an_expired_hold_is(availability, patient):
    taken = Booking.objects.create(
        doctor=availability.doctor,
        patient=patient,
        mode=Mode.CHAT,
        starts_at=ist(8, 10),
        ends_at=ist(8, 10, 30),
        status=BookingStatus.CONFIRMED,
        time_zone="Asia/Kolkata",
    )
    Booking.objects.create(
        doctor=availability.doctor,
        patient=patient,
        mode=Mode.CHAT,
        starts_at=ist(8, 11),
        ends_at=ist(8, 11, 30),
        status=BookingStatus.HELD,
        hold_expires_at=NOW - timedelta(minutes=1),
        time_zone="Asia/Kolkata",
    )
    starts = {
        s.starts_at for s in free_slots(availability, now=NOW, first_day=date(2026, 12, 8), days=1)
    }
    assert taken.starts_at not in starts
    assert ist(8, 11) in starts


def test_tampered_slot_ids_are_not_found(availability):
    for bad in [
        "",
        "chat",
        "chat-",
        "chat-abc",
        "fax-1765180800",
        "chat-99999999999999",
        "chat--5",
        slot_id(Mode.CHAT, ist(8, 10, 7)),
        slot_id(Mode.CLINIC, ist(8, 10)),
    ]:
        assert slot_find(availability, bad, now=NOW) is None, bad
    assert slot_id_parse("video-0") is not None


def test_past_slot_is_not_found(availability):
    assert slot_find(availability, slot_id(Mode.CHAT, ist(6, 10)), now=NOW) is None


def test_european_doctor_keeps_wall_clock_across_dst(doctor, clinic):
    """Berlin moves from UTC+1 to UTC+2 on 28 March 2027: 10:00 in Berlin is 09:00 UTC on
    Friday and 08:00 UTC on Monday."""
    availability = set_hours(
        doctor, time_zone="Europe/Berlin", hours=weekdays(Mode.VIDEO, "10:00", "10:30")
    )
    now = datetime(2027, 3, 25, 12, tzinfo=UTC)
    starts = [s.starts_at for s in free_slots(availability, now=now, days=6)]
    assert datetime(2027, 3, 26, 9, tzinfo=UTC) in starts
    assert datetime(2027, 3, 29, 8, tzinfo=UTC) in starts
    assert (
        format_in(datetime(2027, 3, 29, 8, tzinfo=UTC), "Europe/Berlin")
        == "Mon 29 Mar 2027, 10:00 CEST"
    )
    assert (
        format_in(datetime(2027, 3, 26, 9, tzinfo=UTC), "Europe/Berlin")
        == "Fri 26 Mar 2027, 10:00 CET"
    )


def test_a_skipped_wall_clock_time_has_no_slot(doctor, clinic):
    """02:00-03:00 does not exist in Berlin on 28 March 2027."""
    availability = set_hours(
        doctor,
        time_zone="Europe/Berlin",
        hours=weekdays(Mode.PHONE, "02:00", "04:00"),
        min_notice_hours=0,
    )
    now = datetime(2027, 3, 27, 12, tzinfo=UTC)
    local = [
        s.starts_at.astimezone(availability.zone).time()
        for s in free_slots(availability, now=now, first_day=date(2027, 3, 28), days=1)
    ]
    assert local == [time(3), time(3, 30)]


def test_dubai_doctor_and_indian_patient_each_see_their_own_clock(doctor, clinic):
    availability = set_hours(
        doctor, time_zone="Asia/Dubai", hours=weekdays(Mode.VIDEO, "09:00", "09:30")
    )
    slot = free_slots(availability, now=NOW, first_day=date(2026, 12, 8), days=1)[0]
    assert slot.starts_at == datetime(2026, 12, 8, 5, tzinfo=UTC)
    assert format_in(slot.starts_at, "Asia/Dubai") == "Tue 8 Dec 2026, 09:00 +04"
    assert format_in(slot.starts_at, "Asia/Kolkata") == "Tue 8 Dec 2026, 10:30 IST"
