"""The consultation pages in ``make benchmark``: a doctor's slot page with a month and then
a year of past bookings, and the doctor's desk with 1,000 pending requests (first page and
page 50). Kept apart from benchmark_pages.py's question pages; it prints rows in the same
shape (size, page, queries, median ms, p95 ms)."""

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.forms import HoursField
from consultations.models import Availability, Booking, BookingStatus, Mode
from consultations.services import availability_set
from doctors.models import VERIFICATION_VALIDITY, ApplicationStatus, DoctorProfile
from portal.accounts.models import User

PENDING = 1000


def _doctor() -> DoctorProfile:
    user = User.objects.filter(email="bench-consult@example.org").first()
    if user is None:
        user = User.objects.create_user("bench-consult@example.org", "x")
        DoctorProfile.objects.create(user=user, full_name="Bench Consult", slug="bench-consult")
    now = timezone.now()
    DoctorProfile.objects.filter(user=user).update(
        application_status=ApplicationStatus.APPROVED,
        verified_at=now,
        verified_until=now + VERIFICATION_VALIDITY,
    )
    doctor = DoctorProfile.objects.get(user=user)
    if not Availability.objects.filter(doctor=doctor).exists():
        days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        availability_set(
            doctor=doctor,
            time_zone="Asia/Kolkata",
            slot_minutes=20,
            booking_window_days=90,
            min_notice_hours=1,
            cancel_notice_hours=12,
            auto_confirm=False,
            fees={mode: 500 for mode in Mode.values},
            hours=HoursField().clean("\n".join(f"{d} 08:00-20:00 video" for d in days)),
            video_link="https://meet.example.org/bench",
            days_off=[],
        )
    return doctor


def _fill(doctor: DoctorProfile, patient: User, *, past_days: int) -> None:
    """Past bookings, one per 20-minute slot, 08:00-20:00 India time, for ``past_days``
    days back; and PENDING requests in the coming weeks (made once)."""
    today = timezone.localdate()
    have = set(
        Booking.objects.filter(doctor=doctor, starts_at__lt=timezone.now()).values_list(
            "starts_at", flat=True
        )
    )
    rows = []
    for back in range(1, past_days + 1):
        day = today - timedelta(days=back)
        start = datetime(day.year, day.month, day.day, 2, 30, tzinfo=UTC)  # 08:00 IST
        for i in range(36):
            moment = start + timedelta(minutes=20 * i)
            if moment not in have:
                rows.append(_booking(doctor, patient, moment, BookingStatus.CONFIRMED))
    Booking.objects.bulk_create(rows, batch_size=2000)
    if not Booking.objects.filter(doctor=doctor, status=BookingStatus.REQUESTED).exists():
        first = datetime(today.year, today.month, today.day, 2, 30, tzinfo=UTC) + timedelta(days=2)
        pending = [
            _booking(
                doctor,
                patient,
                first + timedelta(days=i // 36, minutes=20 * (i % 36)),
                BookingStatus.REQUESTED,
            )
            for i in range(PENDING)
        ]
        Booking.objects.bulk_create(pending, batch_size=2000)


def _booking(doctor, patient, moment, status) -> Booking:
    return Booking(
        doctor=doctor,
        patient=patient,
        mode=Mode.VIDEO,
        starts_at=moment,
        ends_at=moment + timedelta(minutes=20),
        status=status,
        reason="Benchmark consultation",
        time_zone="Asia/Kolkata",
        fee=500,
    )


def _measure(client: Client, url: str, runs: int) -> tuple[int, float, float]:
    for _ in range(3):
        client.get(url)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries), statistics.median(timings), statistics.quantiles(timings, n=20)[-1]


def consultation_benchmark(runs: int, write: Callable[[tuple], None]) -> None:
    """Fill, measure and hand each row to ``write``."""
    doctor = _doctor()
    patient = User.objects.filter(email="bench-patient@example.org").first()
    if patient is None:
        patient = User.objects.create_user("bench-patient@example.org", "x")
    slot_page = f"/consult/doctors/{doctor.slug}/"
    desk = Client()
    desk.force_login(doctor.user)
    for past_days in (30, 365):
        _fill(doctor, patient, past_days=past_days)
        size = f"{Booking.objects.filter(doctor=doctor).count():,} bookings"
        for name, client, url in (
            ("slot page (next 7 days)", Client(), slot_page),
            ("slot page, week 10", Client(), f"{slot_page}?week=10"),
            (f"desk, {PENDING:,} pending", desk, "/consult/desk/"),
            ("desk, page 50", desk, "/consult/desk/?page=50"),
        ):
            count, median, p95 = _measure(client, url, runs)
            write((size, name, str(count), f"{median:.1f}", f"{p95:.1f}"))
