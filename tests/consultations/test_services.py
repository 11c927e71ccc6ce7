"""The booking rules in the services: holds, requests, the doctor's decisions, cancelling
and moving, reminders, chat and availability."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import messages as msg
from consultations import services
from consultations.models import Booking, BookingStatus, ChatMessage, Mode
from portal.notifications.models import Notification
from tests.factories import DoctorFactory

from .conftest import NOW, ist, set_hours, slot_id, weekdays

pytestmark = pytest.mark.django_db


def hold(patient, availability, moment=None, mode=Mode.CHAT, now=NOW):
    moment = moment or ist(8, 10)
    return services.booking_hold(
        patient=patient, doctor=availability.doctor, slot_id=slot_id(mode, moment), now=now
    )


def requested(patient, availability, moment=None, mode=Mode.CHAT):
    booking = hold(patient, availability, moment, mode, now=timezone.now())
    return services.booking_request(
        patient=patient, booking=booking, reason="An itchy rash on both elbows"
    )


@pytest.fixture
def soon(availability):
    """Hours every day so a slot exists tomorrow whatever the real date."""
    return set_hours(
        availability.doctor,
        clinic=availability.clinic,
        hours=weekdays(Mode.CHAT, "00:00", "23:30"),
        min_notice_hours=0,
    )


def tomorrow_slot(availability):
    from consultations.slots import free_slots

    return free_slots(availability, first_day=timezone.localdate() + timedelta(days=2), days=1)[0]


def test_hold_takes_a_free_slot_with_the_fee_and_zone(availability, patient):
    booking = hold(patient, availability)
    assert booking.status == BookingStatus.HELD
    assert booking.hold_expires_at == NOW + timedelta(minutes=10)
    assert (booking.fee, booking.currency, booking.time_zone) == (300, "INR", "Asia/Kolkata")
    assert booking.ends_at - booking.starts_at == timedelta(minutes=30)


@pytest.mark.parametrize(
    "moment, mode",
    [
        (ist(6, 10), Mode.CHAT),  # in the past
        (ist(8, 12), Mode.CHAT),  # outside the hours
        (ist(8, 10), Mode.VIDEO),  # a mode not offered then
        (ist(8, 10) + timedelta(days=35), Mode.CHAT),  # after the booking window
        (ist(7, 12), Mode.CHAT),  # inside the minimum notice (and outside the hours)
    ],
)
def test_hold_refuses_slots_that_are_not_free(availability, patient, moment, mode):
    with pytest.raises(ValidationError) as exc:
        hold(patient, availability, moment, mode)
    assert exc.value.messages == [msg.SLOT_NOT_FREE]


def test_a_taken_slot_cannot_be_held_again(availability, patient, other_patient):
    hold(patient, availability)
    with pytest.raises(ValidationError) as exc:
        hold(other_patient, availability)
    assert exc.value.messages == [msg.SLOT_NOT_FREE]


def test_an_expired_hold_frees_the_slot(availability, patient, other_patient):
    first = hold(patient, availability)
    second = hold(other_patient, availability, now=NOW + timedelta(minutes=11))
    first.refresh_from_db()
    assert first.status == BookingStatus.EXPIRED
    assert second.status == BookingStatus.HELD


def test_the_database_refuses_a_second_active_booking_of_a_slot(
    availability, patient, other_patient
):
    from django.db import IntegrityError, transaction

    hold(patient, availability)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            doctor=availability.doctor,
            patient=other_patient,
            mode=Mode.CHAT,
            starts_at=ist(8, 10),
            ends_at=ist(8, 10, 30),
            status=BookingStatus.REQUESTED,
            time_zone="Asia/Kolkata",
        )


def test_a_doctor_cannot_book_themselves(availability):
    with pytest.raises(PermissionDenied, match=msg.NO_SELF_BOOKING):
        hold(availability.doctor.user, availability)


def test_unverified_or_expired_doctors_take_no_bookings(availability, patient):
    doctor = availability.doctor
    doctor.verified_until = timezone.now() - timedelta(days=1)
    doctor.save()
    with pytest.raises(PermissionDenied, match=msg.DOCTOR_NOT_BOOKABLE):
        hold(patient, availability)
    applicant = DoctorFactory(verified_at=None)
    set_hours(applicant, hours=weekdays(Mode.CHAT, "10:00", "12:00"))
    with pytest.raises(PermissionDenied, match=msg.DOCTOR_NOT_BOOKABLE):
        services.booking_hold(
            patient=patient, doctor=applicant, slot_id=slot_id(Mode.CHAT, ist(8, 10)), now=NOW
        )


def test_request_notifies_both_sides_without_the_reason(soon, patient):
    booking = requested(patient, soon, tomorrow_slot(soon).starts_at)
    assert booking.status == BookingStatus.REQUESTED
    notes = Notification.objects.filter(object_id=booking.pk)
    assert {n.recipient for n in notes} == {patient, soon.doctor.user}
    for note in notes:
        assert note.kind == Notification.Kind.CONSULT_REQUESTED
        # No doctor's name in what becomes an email subject (issue 15, point 10).
        assert "Asha Rao" not in note.title and "chat in the portal" in note.title
        assert "rash" not in note.title


def test_issue15_point10_portal_list_names_the_doctor_the_subject_leaves_out(client, soon, patient):
    booking = requested(patient, soon, tomorrow_slot(soon).starts_at)
    client.force_login(patient)

    html = client.get(reverse("notifications:list")).content.decode()

    assert "Consultation requested: chat in the portal" in html
    assert f"· {booking.doctor.display_name}" in html
    client.force_login(soon.doctor.user)  # the doctor's own list: no self-naming
    assert (
        f"· {booking.doctor.display_name}"
        not in client.get(reverse("notifications:list")).content.decode()
    )


def test_auto_confirm_confirms_at_once(soon, patient):
    soon.auto_confirm = True
    soon.save()
    booking = requested(patient, soon, tomorrow_slot(soon).starts_at)
    assert booking.status == BookingStatus.CONFIRMED
    assert set(
        Notification.objects.filter(object_id=booking.pk).values_list("kind", flat=True)
    ) == {"consult_confirmed"}


def test_reason_rules_and_emergency_check(soon, patient):
    booking = hold(patient, soon, tomorrow_slot(soon).starts_at, now=timezone.now())
    with pytest.raises(ValidationError) as exc:
        services.booking_request(patient=patient, booking=booking, reason="short")
    assert exc.value.message_dict["reason"] == [msg.REASON_TOO_SHORT.format(limit=10)]
    with pytest.raises(ValidationError) as exc:
        services.booking_request(patient=patient, booking=booking, reason="x" * 1001)
    assert exc.value.message_dict["reason"] == [msg.REASON_TOO_LONG.format(limit=1000, count=1001)]
    with pytest.raises(ValidationError) as exc:
        services.booking_request(
            patient=patient, booking=booking, reason="I have chest pain since this morning"
        )
    assert exc.value.message_dict["emergency_acknowledged"] == [msg.EMERGENCY_CONFIRM]
    booking = services.booking_request(
        patient=patient,
        booking=booking,
        reason="I have chest pain since this morning",
        emergency_acknowledged=True,
    )
    assert booking.status == BookingStatus.REQUESTED


def test_an_expired_hold_cannot_be_requested(availability, patient):
    booking = hold(patient, availability)
    with pytest.raises(ValidationError) as exc:
        services.booking_request(
            patient=patient,
            booking=booking,
            reason="An itchy rash on both elbows",
            now=NOW + timedelta(minutes=11),
        )
    assert exc.value.messages == [msg.HOLD_EXPIRED.format(minutes=10)]


def test_only_the_holder_requests(availability, patient, other_patient):
    booking = hold(patient, availability)
    with pytest.raises(PermissionDenied):
        services.booking_request(
            patient=other_patient, booking=booking, reason="An itchy rash on both elbows", now=NOW
        )


def test_doctor_confirms_or_declines_with_a_reason(soon, patient, other_patient):
    slots = [
        s
        for s in __import__("consultations.slots", fromlist=["x"]).free_slots(
            soon, first_day=timezone.localdate() + timedelta(days=2), days=1
        )
    ][:2]
    first = requested(patient, soon, slots[0].starts_at)
    second = requested(other_patient, soon, slots[1].starts_at)
    with pytest.raises(PermissionDenied):
        services.booking_confirm(user=patient, booking=first)
    first = services.booking_confirm(user=soon.doctor.user, booking=first)
    assert (first.status, first.sequence) == (BookingStatus.CONFIRMED, 1)
    with pytest.raises(ValidationError) as exc:
        services.booking_decline(user=soon.doctor.user, booking=second, reason="  ")
    assert exc.value.message_dict["decline_reason"] == [msg.DECLINE_REASON_REQUIRED]
    second = services.booking_decline(
        user=soon.doctor.user, booking=second, reason="I am away that day"
    )
    assert second.status == BookingStatus.DECLINED and second.decline_reason == "I am away that day"
    # The declined slot is free again.
    assert hold(patient, soon, slots[1].starts_at, now=timezone.now()).status == BookingStatus.HELD


def test_cancel_by_either_side_and_late_cancellations(soon, patient, other_patient):
    booking = requested(patient, soon, tomorrow_slot(soon).starts_at)
    with pytest.raises(PermissionDenied, match=msg.NOT_YOUR_BOOKING):
        services.booking_cancel(user=other_patient, booking=booking)
    early = services.booking_cancel(
        user=patient, booking=booking, now=booking.starts_at - timedelta(hours=13)
    )
    assert early.status == BookingStatus.CANCELLED and not early.late_cancellation
    again = requested(patient, soon, tomorrow_slot(soon).starts_at)
    late = services.booking_cancel(
        user=soon.doctor.user, booking=again, now=again.starts_at - timedelta(hours=2)
    )
    assert late.late_cancellation and late.cancelled_by == soon.doctor.user
    with pytest.raises(PermissionDenied, match=msg.CANNOT_CHANGE):
        services.booking_cancel(user=patient, booking=late)


def test_no_cancelling_after_the_start(soon, patient):
    booking = requested(patient, soon, tomorrow_slot(soon).starts_at)
    with pytest.raises(PermissionDenied, match=msg.ALREADY_STARTED):
        services.booking_cancel(
            user=patient, booking=booking, now=booking.starts_at + timedelta(minutes=1)
        )


def test_patient_moves_and_doctor_proposes(soon, patient):
    from consultations.slots import free_slots

    slots = free_slots(soon, first_day=timezone.localdate() + timedelta(days=2), days=1)
    booking = requested(patient, soon, slots[0].starts_at)
    booking = services.booking_confirm(user=soon.doctor.user, booking=booking)
    moved = services.booking_move(user=patient, booking=booking, slot_id=slots[3].id)
    assert (moved.starts_at, moved.status, moved.sequence) == (
        slots[3].starts_at,
        BookingStatus.REQUESTED,
        2,
    )
    proposed = services.booking_move(user=soon.doctor.user, booking=moved, slot_id=slots[5].id)
    assert proposed.status == BookingStatus.PROPOSED
    accepted = services.booking_confirm(user=patient, booking=proposed)
    assert accepted.status == BookingStatus.CONFIRMED and accepted.starts_at == slots[5].starts_at
    with pytest.raises(ValidationError) as exc:
        services.booking_move(user=patient, booking=accepted, slot_id="chat-123")
    assert exc.value.messages == [msg.SLOT_NOT_FREE]


def test_reminders_go_once_even_when_run_twice(soon, patient):
    booking = requested(patient, soon, tomorrow_slot(soon).starts_at)
    services.booking_confirm(user=soon.doctor.user, booking=booking)
    day_before = booking.starts_at - timedelta(hours=23)
    assert services.booking_reminders_send(now=day_before) == 1
    assert services.booking_reminders_send(now=day_before) == 0
    hour_before = booking.starts_at - timedelta(minutes=50)
    assert services.booking_reminders_send(now=hour_before) == 1
    assert services.booking_reminders_send(now=hour_before + timedelta(minutes=5)) == 0
    assert Notification.objects.filter(object_id=booking.pk, kind="consult_reminder").count() == 4


def test_a_booking_made_late_gets_only_the_hour_reminder(soon, patient):
    booking = requested(patient, soon, tomorrow_slot(soon).starts_at)
    services.booking_confirm(user=soon.doctor.user, booking=booking)
    assert services.booking_reminders_send(now=booking.starts_at - timedelta(minutes=30)) == 1
    titles = Notification.objects.filter(kind="consult_reminder").values_list("title", flat=True)
    assert len(titles) == 2
    assert all(title.startswith("Reminder, in an hour") for title in titles)


def test_chat_is_open_only_in_the_window_and_notifies_once_until_read(soon, patient):
    booking = requested(patient, soon, tomorrow_slot(soon).starts_at)
    booking = services.booking_confirm(user=soon.doctor.user, booking=booking)
    with pytest.raises(ValidationError) as exc:
        services.chat_message_send(
            user=patient,
            booking=booking,
            body="Hello doctor",
            now=booking.starts_at - timedelta(minutes=1),
        )
    assert exc.value.message_dict["body"] == [msg.CHAT_CLOSED.format(grace=15)]
    during = booking.starts_at + timedelta(minutes=5)
    message = services.chat_message_send(
        user=patient, booking=booking, body="Hello <script>x</script> **doctor**", now=during
    )
    assert "<script>" not in message.body_html and "<strong>doctor</strong>" in message.body_html
    services.chat_message_send(user=patient, booking=booking, body="Are you there?", now=during)
    assert (
        Notification.objects.filter(recipient=soon.doctor.user, kind="consult_message").count() == 1
    )
    services.chat_message_send(
        user=soon.doctor.user,
        booking=booking,
        body="Yes, tell me more.",
        now=booking.ends_at + timedelta(minutes=14),
    )
    with pytest.raises(ValidationError):
        services.chat_message_send(
            user=patient,
            booking=booking,
            body="Thanks",
            now=booking.ends_at + timedelta(minutes=16),
        )
    with pytest.raises(PermissionDenied):
        services.chat_message_send(
            user=DoctorFactory().user, booking=booking, body="Hi", now=during
        )
    assert ChatMessage.objects.filter(booking=booking).count() == 3


def test_availability_rules(doctor, clinic):
    with pytest.raises(ValidationError) as exc:
        set_hours(
            doctor,
            hours=[
                (Mode.CLINIC, 0, time(9), time(10)),
                (Mode.VIDEO, 0, time(9, 30), time(11)),
                (Mode.PHONE, 1, time(12), time(11)),
            ],
            video_link="",
            time_zone="Mars/Olympus",
        )
    errors = exc.value.message_dict
    assert errors["time_zone"] == [msg.BAD_TIME_ZONE]
    assert errors["clinic"] == [msg.CLINIC_NEEDED]
    assert errors["video_link"] == [msg.VIDEO_LINK_NEEDED]
    assert set(errors["hours"]) == {
        msg.HOURS_END_BEFORE_START,
        msg.HOURS_OVERLAP.format(day="Monday"),
    }
    from tests.directory.factories import ClinicFactory

    with pytest.raises(ValidationError) as exc:
        set_hours(doctor, hours=weekdays(Mode.CLINIC, "09:00", "10:00"), clinic=ClinicFactory())
    assert exc.value.message_dict["clinic"] == [msg.CLINIC_NOT_YOURS]
    availability = set_hours(
        doctor,
        hours=weekdays(Mode.CLINIC, "09:00", "10:00"),
        clinic=clinic,
        days_off=[date(2026, 12, 25)] * 2,
    )
    assert availability.hours.count() == 7 and availability.days_off.count() == 1


def test_time_zone_preference(patient):
    services.time_zone_set(user=patient, time_zone="Asia/Dubai", chosen=False)
    services.time_zone_set(user=patient, time_zone="Europe/Berlin", chosen=True)
    services.time_zone_set(user=patient, time_zone="Asia/Dubai", chosen=False)
    from consultations.models import TimeZonePreference

    assert TimeZonePreference.objects.get(user=patient).time_zone == "Europe/Berlin"
    with pytest.raises(ValidationError):
        services.time_zone_set(user=patient, time_zone="Nowhere/City", chosen=True)


def test_each_side_reads_the_time_on_their_own_clock(doctor, clinic, patient):
    """A doctor in Dubai, a patient in India: the emails' subjects show each their own
    time, and an in-clinic visit also the clinic's."""
    from consultations.slots import free_slots

    services.time_zone_set(user=doctor.user, time_zone="Asia/Dubai", chosen=True)
    services.time_zone_set(user=patient, time_zone="Asia/Kolkata", chosen=True)
    availability = set_hours(
        doctor, clinic=clinic, time_zone="Asia/Dubai", hours=weekdays(Mode.CLINIC, "09:00", "09:30")
    )
    slot = free_slots(availability, first_day=timezone.localdate() + timedelta(days=3), days=1)[0]
    booking = services.booking_hold(patient=patient, doctor=doctor, slot_id=slot.id)
    services.booking_request(patient=patient, booking=booking, reason="A mole that changed colour")
    to_doctor = Notification.objects.get(recipient=doctor.user).title
    to_patient = Notification.objects.get(recipient=patient).title
    assert "09:00 +04" in to_doctor and "clinic time" not in to_doctor
    assert "10:30 IST (clinic time" in to_patient and "09:00 +04)" in to_patient
