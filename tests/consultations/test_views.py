"""The consultation pages: slot page, holding, confirming with a reason, the booking page
for each side, the doctor's desk and hours, time zones, and bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from consultations import messages as msg
from consultations.models import Booking, BookingStatus, Mode
from consultations.slots import free_slots
from tests.factories import DoctorFactory

from .conftest import set_hours, weekdays

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_doctor(doctor, clinic):
    return set_hours(
        doctor, clinic=clinic, hours=weekdays(Mode.CHAT, "00:00", "23:30"), min_notice_hours=0
    )


def a_slot(availability, days=2, index=0):
    return free_slots(availability, first_day=timezone.localdate() + timedelta(days=days), days=1)[
        index
    ]


def test_slot_page_shows_fees_and_free_times_on_the_viewers_clock(client, open_doctor, patient):
    url = reverse("consultations:slots", args=[open_doctor.doctor.slug])
    page = client.get(url).content.decode()
    assert "Chat in the portal" in page and "INR 300" in page
    assert "paid to the doctor or clinic directly" in page
    assert "/accounts/login/?next=" in page  # a visitor is asked to log in
    client.force_login(patient)
    client.post(reverse("consultations:time_zone"), {"time_zone": "Asia/Dubai", "next": url})
    page = client.get(url).content.decode()
    assert 'value="Asia/Dubai" selected' in page
    assert "+04" in page


def test_profile_page_links_to_booking(client, open_doctor):
    page = client.get(open_doctor.doctor.get_absolute_url()).content.decode()
    assert reverse("consultations:slots", args=[open_doctor.doctor.slug]) in page


def test_unknown_or_unverified_doctor_has_no_slot_page(client, patient):
    assert client.get(reverse("consultations:slots", args=["nobody"])).status_code == 404
    applicant = DoctorFactory(verified_at=None)
    set_hours(applicant, hours=weekdays(Mode.CHAT, "10:00", "12:00"))
    assert client.get(reverse("consultations:slots", args=[applicant.slug])).status_code == 404


def test_book_hold_then_confirm_keeping_what_was_typed(client, open_doctor, patient):
    client.force_login(patient)
    slot = a_slot(open_doctor)
    response = client.post(
        reverse("consultations:hold", args=[open_doctor.doctor.slug]), {"slot": slot.id}
    )
    booking = Booking.objects.get()
    assert response["Location"] == booking.get_absolute_url()
    response = client.post(booking.get_absolute_url(), {"reason": "itch <b>"})
    assert response.status_code == 400
    page = response.content.decode()
    assert msg.REASON_TOO_SHORT.format(limit=10) in page and "itch &lt;b&gt;" in page
    response = client.post(
        booking.get_absolute_url(), {"reason": "I took an overdose of my tablets"}
    )
    assert response.status_code == 400
    assert msg.EMERGENCY_CONFIRM in response.content.decode()
    assert "emergency-notice" in response.content.decode()
    response = client.post(booking.get_absolute_url(), {"reason": "An itchy rash on both elbows"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_tampered_and_taken_slots_get_a_clear_message(client, open_doctor, patient, other_patient):
    client.force_login(patient)
    url = reverse("consultations:hold", args=[open_doctor.doctor.slug])
    for bad in ["chat-1", "x" * 500, "chat-\x00", ""]:
        response = client.post(url, {"slot": bad}, follow=True)
        assert escape(msg.SLOT_NOT_FREE) in response.content.decode()
    slot = a_slot(open_doctor)
    client.post(url, {"slot": slot.id})
    client.force_login(other_patient)
    response = client.post(url, {"slot": slot.id}, follow=True)
    assert escape(msg.SLOT_NOT_FREE) in response.content.decode()


def test_only_the_two_sides_see_a_booking(client, open_doctor, patient, other_patient):
    client.force_login(patient)
    client.post(
        reverse("consultations:hold", args=[open_doctor.doctor.slug]),
        {"slot": a_slot(open_doctor).id},
    )
    booking = Booking.objects.get()
    client.post(booking.get_absolute_url(), {"reason": "An itchy rash on both elbows"})
    client.force_login(other_patient)
    assert client.get(booking.get_absolute_url()).status_code == 404
    assert client.post(reverse("consultations:cancel", args=[booking.pk])).status_code == 404
    client.force_login(open_doctor.doctor.user)
    page = client.get(booking.get_absolute_url()).content.decode()
    assert "An itchy rash on both elbows" in page and "Confirm" in page


def test_doctor_desk_and_dashboard_block(client, open_doctor, patient):
    client.force_login(patient)
    client.post(
        reverse("consultations:hold", args=[open_doctor.doctor.slug]),
        {"slot": a_slot(open_doctor).id},
    )
    booking = Booking.objects.get()
    client.post(booking.get_absolute_url(), {"reason": "An itchy rash on both elbows"})
    assert client.get(reverse("consultations:desk")).status_code == 403
    client.force_login(open_doctor.doctor.user)
    dashboard = client.get(reverse("questions:dashboard")).content.decode()
    assert "1 request</strong> waiting" in dashboard
    desk = client.get(reverse("consultations:desk")).content.decode()
    assert booking.get_absolute_url() in desk
    assert "rash" not in desk
    response = client.post(
        reverse("consultations:decline", args=[booking.pk]), {"decline_reason": ""}
    )
    assert response.status_code == 400
    response = client.post(reverse("consultations:confirm", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_availability_form_keeps_input_on_error(client, doctor, clinic):
    client.force_login(doctor.user)
    data = {
        "is_open": "on",
        "time_zone": "Asia/Kolkata",
        "hours": "Mon 09:00-12:00 video\nFunday 25:00 phone",
        "slot_minutes": "20",
        "booking_window_days": "30",
        "min_notice_hours": "2",
        "cancel_notice_hours": "12",
        "fee_clinic": "0",
        "fee_phone": "0",
        "fee_video": "500",
        "fee_chat": "0",
        "clinic": "",
        "video_link": "",
        "days_off": "2026-13-40",
    }
    response = client.post(reverse("consultations:availability"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Funday 25:00 phone" in page and "is not like" in page and "is not a date" in page
    data.update(hours="Mon 09:00-12:00 video", days_off="")
    response = client.post(reverse("consultations:availability"), data)
    assert response.status_code == 400 and msg.VIDEO_LINK_NEEDED in response.content.decode()
    data["video_link"] = "https://meet.example.org/asha"
    assert client.post(reverse("consultations:availability"), data).status_code == 302
    assert doctor.availability.hours.count() == 1
    page = client.get(reverse("consultations:availability")).content.decode()
    assert "Mon 09:00-12:00 video" in page


def test_browser_zone_is_kept_but_never_overrides_a_choice(client, patient):
    url = reverse("consultations:time_zone")
    assert (
        client.post(url, {"time_zone": "Asia/Dubai", "auto": "1"}).json()["time_zone"]
        == "Asia/Dubai"
    )
    assert client.post(url, {"time_zone": "Not/AZone", "auto": "1"}).status_code == 400
    client.force_login(patient)
    client.post(url, {"time_zone": "Europe/Berlin"})
    assert (
        client.post(url, {"time_zone": "Asia/Dubai", "auto": "1"}).json()["time_zone"]
        == "Europe/Berlin"
    )


def test_consult_chooser_picks_specialty_and_city(client, open_doctor, specialty):
    doctor = open_doctor.doctor
    page = client.get(
        reverse("consultations:choose") + f"?specialty={specialty.slug}&city=nowhere"
    ).content.decode()
    assert doctor.display_name in page and "Dermatology doctors" in page
