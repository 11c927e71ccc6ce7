"""Consultations (a booked time with a verified doctor) and hospital quote enquiries.

Times are stored in UTC. A doctor's weekly hours are wall-clock times in the doctor's own
time zone (``Availability.time_zone``, also the zone of their clinic visits), turned into
UTC slot by slot, so a slot at 10:00 in Berlin stays at 10:00 across a DST change.
"""

import functools
import uuid
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doctors.models import CheckedDocument
from portal.storage import private_storage

# --- Limits -------------------------------------------------------------------------------
SLOT_MINUTES_CHOICES = [
    (10, _("10 minutes")),
    (15, _("15 minutes")),
    (20, _("20 minutes")),
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
]
MAX_FEE = 100_000  # a typo guard, in the doctor's currency
BOOKING_WINDOW_MAX_DAYS = 90
MIN_NOTICE_MAX_HOURS = 14 * 24
REASON_MIN_LENGTH = 10
REASON_MAX_LENGTH = 1000
DECLINE_REASON_MAX_LENGTH = 500
CHAT_MESSAGE_MAX_LENGTH = 2000
ENQUIRY_NOTES_MAX_LENGTH = 2000
ENQUIRY_MAX_CLINICS = 5
ENQUIRY_MAX_REPORTS = 5


@functools.cache
def _zone_names() -> frozenset[str]:
    """The IANA zones this machine knows, read once (available_timezones scans the disk)."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name == "UTC"
        or ("/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/")))
    )


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(_zone_names())]


def is_time_zone(name: str) -> bool:
    return isinstance(name, str) and name in _zone_names()


class Mode(models.TextChoices):
    CLINIC = "clinic", _("In clinic")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    CHAT = "chat", _("Chat in the portal")


class TimeZonePreference(models.Model):
    """The zone a person sees times (and their emails) in: chosen on a consultation page,
    or the browser's own, posted by static/js/timezone.js."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_zone_preference"
    )
    time_zone = models.CharField(max_length=64)
    chosen = models.BooleanField(
        default=False, help_text="Chosen by hand: the browser's zone no longer replaces it."
    )

    def __str__(self) -> str:
        return self.time_zone


class Availability(models.Model):
    """A doctor's consultation rules: one per doctor."""

    doctor = models.OneToOneField(
        "doctors.DoctorProfile", on_delete=models.CASCADE, related_name="availability"
    )
    time_zone = models.CharField(
        max_length=64,
        default="Asia/Kolkata",
        help_text="Your weekly hours and clinic visits are in this time zone.",
    )
    slot_minutes = models.PositiveSmallIntegerField(default=20, choices=SLOT_MINUTES_CHOICES)
    booking_window_days = models.PositiveSmallIntegerField(
        default=30, help_text="How many days ahead patients may book."
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        default=2, help_text="The shortest notice, in hours, for a booking."
    )
    cancel_notice_hours = models.PositiveSmallIntegerField(
        default=12,
        help_text="Cancelling or moving a booking later than this many hours before it is "
        "recorded as a late cancellation.",
    )
    auto_confirm = models.BooleanField(
        default=False, help_text="Confirm requests without waiting for me."
    )
    currency = models.CharField(max_length=3, default="INR")
    fee_clinic = models.PositiveIntegerField(default=0)
    fee_phone = models.PositiveIntegerField(default=0)
    fee_video = models.PositiveIntegerField(default=0)
    fee_chat = models.PositiveIntegerField(default=0)
    clinic = models.ForeignKey(
        "directory.Clinic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where in-clinic visits take place: one of your clinics.",
    )
    video_link = models.URLField(
        blank=True, help_text="Your own meeting link (sent to the patient once confirmed)."
    )
    is_open = models.BooleanField(default=True, help_text="Take bookings.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "availabilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(booking_window_days__gte=1)
                & Q(booking_window_days__lte=BOOKING_WINDOW_MAX_DAYS),
                name="availability_window_range",
            ),
            models.CheckConstraint(
                condition=Q(min_notice_hours__lte=MIN_NOTICE_MAX_HOURS),
                name="availability_notice_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Availability of {self.doctor}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def slot_length(self) -> timedelta:
        return timedelta(minutes=self.slot_minutes)

    def fee_for(self, mode: str) -> int:
        return getattr(self, f"fee_{mode}")


class WeeklyHours(models.Model):
    """From ``start`` to ``end`` (wall-clock, the doctor's zone) every ``weekday``, in
    ``mode``. Slots start at ``start`` and step by the slot length."""

    availability = models.ForeignKey(Availability, on_delete=models.CASCADE, related_name="hours")
    mode = models.CharField(max_length=6, choices=Mode.choices)
    weekday = models.PositiveSmallIntegerField(
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ]
    )
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday", "start", "mode"]
        verbose_name_plural = "weekly hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="hours_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M} {self.mode}"


class DayOff(models.Model):
    availability = models.ForeignKey(
        Availability, on_delete=models.CASCADE, related_name="days_off"
    )
    date = models.DateField()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["availability", "date"], name="day_off_once")
        ]

    def __str__(self) -> str:
        return str(self.date)


class BookingStatus(models.TextChoices):
    HELD = "held", _("Held while the patient confirms")
    REQUESTED = "requested", _("Waiting for the doctor")
    PROPOSED = "proposed", _("The doctor proposed another time")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined by the doctor")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Hold expired")


# Statuses that occupy their slot: the unique constraint below holds only among them.
ACTIVE_STATUSES = (
    BookingStatus.HELD,
    BookingStatus.REQUESTED,
    BookingStatus.PROPOSED,
    BookingStatus.CONFIRMED,
)


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class Booking(models.Model):
    """One consultation: a patient, a doctor, a mode and a time (UTC).

    ``uid`` is the calendar UID of every .ics about it and ``sequence`` grows on each
    change, so calendar apps update one event instead of adding another.
    """

    doctor = models.ForeignKey(
        "doctors.DoctorProfile", on_delete=models.CASCADE, related_name="bookings"
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings"
    )
    mode = models.CharField(max_length=6, choices=Mode.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(max_length=REASON_MAX_LENGTH, blank=True)
    # One of the patient's own questions, shared with the doctor with its photos and
    # reports (a verified doctor reads them on the question's page).
    question = models.ForeignKey(
        "questions.Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fee = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3, default="INR")
    time_zone = models.CharField(max_length=64, help_text="The doctor's zone at booking.")
    clinic = models.ForeignKey(
        "directory.Clinic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    video_link = models.URLField(blank=True)
    decline_reason = models.CharField(max_length=DECLINE_REASON_MAX_LENGTH, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    late_cancellation = models.BooleanField(default=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_hour_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            # Two patients can never hold or book the same slot of a doctor.
            models.UniqueConstraint(
                fields=["doctor", "starts_at"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="booking_one_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["doctor", "status", "starts_at"], name="booking_doctor_desk"),
            models.Index(fields=["patient", "starts_at"], name="booking_patient"),
            models.Index(
                fields=["starts_at"],
                name="booking_reminders_due",
                condition=Q(status="confirmed"),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_mode_display()} with {self.doctor} at {self.starts_at:%Y-%m-%d %H:%M} UTC"
        )

    def get_absolute_url(self) -> str:
        return reverse("consultations:booking", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def chat_closes_at(self):
        return self.ends_at + settings.CONSULT_CHAT_GRACE

    def chat_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.mode == Mode.CHAT
            and self.status == BookingStatus.CONFIRMED
            and self.starts_at <= now < self.chat_closes_at()
        )


class ChatMessage(models.Model):
    """One message in a chat consultation: seen by its patient and doctor only."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=CHAT_MESSAGE_MAX_LENGTH)
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message {self.pk} in booking {self.booking_id}"


# --- Hospital quotes ------------------------------------------------------------------------
class EnquiryStatus(models.TextChoices):
    OPEN = "open", _("Waiting for quotes")
    QUOTED = "quoted", _("Quotes received")
    ACCEPTED = "accepted", _("Quote accepted")
    CLOSED = "closed", _("Closed")


class QuoteEnquiry(models.Model):
    """A patient asks up to ENQUIRY_MAX_CLINICS clinics, through a care coordinator, what
    a treatment would cost them."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quote_enquiries"
    )
    treatment = models.ForeignKey("taxonomy.Treatment", on_delete=models.PROTECT, related_name="+")
    patient_city = models.CharField(max_length=80)
    patient_country = models.ForeignKey(
        "taxonomy.Country", on_delete=models.PROTECT, related_name="+"
    )
    preferred_from = models.DateField()
    preferred_to = models.DateField()
    notes = models.TextField(max_length=ENQUIRY_NOTES_MAX_LENGTH, blank=True)
    status = models.CharField(
        max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "quote enquiries"
        permissions = [
            ("coordinate_quotes", "Can work the hospital quote desk and read patients' reports"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(preferred_to__gte=models.F("preferred_from")),
                name="enquiry_dates_order",
            )
        ]

    def __str__(self) -> str:
        return f"Enquiry {self.pk}: {self.treatment}"

    def get_absolute_url(self) -> str:
        return reverse("consultations:enquiry", kwargs={"pk": self.pk})


class QuoteStatus(models.TextChoices):
    ASKED = "asked", _("Asked")
    SENT = "sent", _("Quote sent to the patient")
    ACCEPTED = "accepted", _("Accepted by the patient")
    NOT_CHOSEN = "not_chosen", _("Not chosen")


class ClinicQuote(models.Model):
    """One clinic asked in an enquiry, and its quote once the coordinator enters it."""

    enquiry = models.ForeignKey(QuoteEnquiry, on_delete=models.CASCADE, related_name="quotes")
    clinic = models.ForeignKey("directory.Clinic", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=QuoteStatus.choices, default=QuoteStatus.ASKED)
    low_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    high_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    includes = models.CharField(max_length=300, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    cost_entry = models.ForeignKey(
        "directory.CostEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["enquiry", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enquiry", "clinic"], name="quote_clinic_once"),
            models.CheckConstraint(
                condition=Q(high_price__isnull=True) | Q(high_price__gte=models.F("low_price")),
                name="quote_high_not_below_low",
            ),
            models.UniqueConstraint(
                fields=["enquiry"], condition=Q(status="accepted"), name="quote_one_accepted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clinic} for enquiry {self.enquiry_id}"

    @property
    def is_quoted(self) -> bool:
        return self.low_price is not None


def enquiry_report_path(instance: "EnquiryReport", filename: str) -> str:
    """A random name with the extension of the checked type, never the uploader's."""
    return f"enquiries/{instance.enquiry_id}/{uuid.uuid4().hex}.{instance.extension}"


class EnquiryReport(CheckedDocument):
    """A medical report sent with an enquiry: private storage, no URL, every read audited."""

    enquiry = models.ForeignKey(QuoteEnquiry, on_delete=models.CASCADE, related_name="reports")
    file = models.FileField(storage=private_storage, upload_to=enquiry_report_path, max_length=200)

    def get_absolute_url(self) -> str:
        return reverse("consultations:report", kwargs={"pk": self.pk})
