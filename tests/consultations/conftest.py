"""Fixtures for consultations: a doctor taking bookings at fixed times, and a fixed "now"
so slot arithmetic is exact."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.contrib.auth.models import Group

from consultations.models import Mode
from consultations.services import availability_set
from portal.accounts.roles import CARE_COORDINATORS_GROUP
from tests.directory.factories import CityFactory, ClinicFactory, CountryFactory
from tests.factories import UserFactory

# A Monday, 06:00 UTC (11:30 in India).
NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)


def weekdays(mode: str, start: str, end: str, days=range(7)) -> list:
    s, e = time.fromisoformat(start), time.fromisoformat(end)
    return [(mode, day, s, e) for day in days]


def set_hours(doctor, *, hours, time_zone="Asia/Kolkata", clinic=None, **rules):
    defaults = {
        "slot_minutes": 30,
        "booking_window_days": 30,
        "min_notice_hours": 2,
        "cancel_notice_hours": 12,
        "auto_confirm": False,
        "fees": {Mode.CLINIC: 800, Mode.PHONE: 0, Mode.VIDEO: 500, Mode.CHAT: 300},
        "video_link": "https://meet.example.org/dr",
        "days_off": [],
    }
    defaults.update(rules)
    return availability_set(
        doctor=doctor, time_zone=time_zone, clinic=clinic, hours=hours, **defaults
    )


@pytest.fixture
def india(db):
    return CountryFactory(name="India", slug="india", iso_code="IN", currency="INR")


@pytest.fixture
def clinic(db, doctor, india):
    clinic = ClinicFactory(
        name="Lotus Skin Clinic", city=CityFactory(name="Pune", slug="pune", country=india)
    )
    clinic.doctors.add(doctor)
    return clinic


@pytest.fixture
def availability(doctor, clinic):
    """Dr. Asha Rao in India: chat 10:00-12:00 and video 14:00-16:00 every day, clinic
    Saturdays 17:00-19:00; 30-minute slots."""
    return set_hours(
        doctor,
        clinic=clinic,
        hours=weekdays(Mode.CHAT, "10:00", "12:00")
        + weekdays(Mode.VIDEO, "14:00", "16:00")
        + [(Mode.CLINIC, 5, time(17), time(19))],
    )


def slot_id(mode: str, moment: datetime) -> str:
    return f"{mode}-{int(moment.timestamp())}"


def ist(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    """A time in India (UTC+5:30) as UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=5, minutes=30)


@pytest.fixture
def coordinator(db):
    user = UserFactory(email="coordinator@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=CARE_COORDINATORS_GROUP))
    return user
