"""Writes for consultations: availability, holds and bookings, the doctor's decisions,
cancelling and moving, reminders, and chat. Every email goes through the notification
outbox (portal.notifications), after commit, with a link and never the reason text."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q as models_Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from directory.models import CostEntry
from directory.services import cost_entry_create
from doctors.models import DoctorProfile
from doctors.uploads import check_proof_document
from portal.notifications.models import Notification
from portal.notifications.services import notification_create
from portal.rendering import render_markdown
from questions.emergency import looks_like_emergency

from . import messages as msg
from .models import (
    CHAT_MESSAGE_MAX_LENGTH,
    DECLINE_REASON_MAX_LENGTH,
    ENQUIRY_MAX_CLINICS,
    ENQUIRY_MAX_REPORTS,
    MAX_FEE,
    REASON_MAX_LENGTH,
    REASON_MIN_LENGTH,
    Availability,
    Booking,
    BookingStatus,
    ChatMessage,
    ClinicQuote,
    DayOff,
    EnquiryReport,
    EnquiryStatus,
    Mode,
    QuoteEnquiry,
    QuoteStatus,
    TimeZonePreference,
    WeeklyHours,
    is_time_zone,
)
from .permissions import (
    check_book_permission,
    check_change_booking_permission,
    check_coordinate_permission,
    check_decide_booking_permission,
    is_booking_doctor,
    is_booking_patient,
)
from .slots import slot_find
from .timezones import format_in, zone_name_for_user

Kind = Notification.Kind


# --- Time zones -----------------------------------------------------------------------------
def time_zone_set(*, user, time_zone: str, chosen: bool) -> TimeZonePreference | None:
    """Keep ``user``'s zone. The browser's zone (chosen=False) never replaces one the
    person chose by hand. Raises ValidationError for a zone that does not exist."""
    if not is_time_zone(time_zone):
        raise ValidationError({"time_zone": msg.BAD_TIME_ZONE})
    preference, created = TimeZonePreference.objects.get_or_create(
        user=user, defaults={"time_zone": time_zone, "chosen": chosen}
    )
    if not created and (chosen or not preference.chosen):
        preference.time_zone = time_zone
        preference.chosen = preference.chosen or chosen
        preference.save(update_fields=["time_zone", "chosen"])
    return preference


# --- Availability ---------------------------------------------------------------------------
@transaction.atomic
def availability_set(
    *,
    doctor: DoctorProfile,
    time_zone: str,
    slot_minutes: int,
    booking_window_days: int,
    min_notice_hours: int,
    cancel_notice_hours: int,
    auto_confirm: bool,
    fees: dict[str, int],
    clinic=None,
    video_link: str = "",
    is_open: bool = True,
    hours: list[tuple[str, int, object, object]],
    days_off: list,
) -> Availability:
    """Replace the doctor's consultation rules. ``hours`` is ``[(mode, weekday, start,
    end)]`` in ``time_zone``. Raises ValidationError naming each problem."""
    errors: dict[str, list[str]] = {}
    if not is_time_zone(time_zone):
        errors.setdefault("time_zone", []).append(msg.BAD_TIME_ZONE)
    if clinic is not None and not clinic.doctors.filter(pk=doctor.pk).exists():
        errors.setdefault("clinic", []).append(msg.CLINIC_NOT_YOURS)
    for mode, fee in fees.items():
        if fee is None or fee < 0 or fee > MAX_FEE:
            errors.setdefault(f"fee_{mode}", []).append(msg.FEE_TOO_HIGH.format(limit=MAX_FEE))
    modes = {mode for mode, *_ in hours}
    if Mode.CLINIC in modes and clinic is None:
        errors.setdefault("clinic", []).append(msg.CLINIC_NEEDED)
    if Mode.VIDEO in modes and not video_link.strip():
        errors.setdefault("video_link", []).append(msg.VIDEO_LINK_NEEDED)
    by_day: dict[int, list] = {}
    for _mode, weekday, start, end in hours:
        if end <= start:
            errors.setdefault("hours", []).append(msg.HOURS_END_BEFORE_START)
            continue
        for other_start, other_end in by_day.get(weekday, []):
            if other_start < end and start < other_end:
                day = WeeklyHours(weekday=weekday).get_weekday_display()
                errors.setdefault("hours", []).append(msg.HOURS_OVERLAP.format(day=day))
        by_day.setdefault(weekday, []).append((start, end))
    if errors:
        raise ValidationError(errors)
    availability, _ = Availability.objects.get_or_create(doctor=doctor)
    availability.time_zone = time_zone
    availability.slot_minutes = slot_minutes
    availability.booking_window_days = booking_window_days
    availability.min_notice_hours = min_notice_hours
    availability.cancel_notice_hours = cancel_notice_hours
    availability.auto_confirm = auto_confirm
    for mode in Mode.values:
        setattr(availability, f"fee_{mode}", fees.get(mode, 0) or 0)
    availability.clinic = clinic
    availability.video_link = video_link.strip()
    availability.is_open = is_open
    availability.full_clean()
    availability.save()
    availability.hours.all().delete()
    WeeklyHours.objects.bulk_create(
        WeeklyHours(availability=availability, mode=m, weekday=w, start=s, end=e)
        for m, w, s, e in hours
    )
    availability.days_off.all().delete()
    DayOff.objects.bulk_create(
        DayOff(availability=availability, date=d) for d in sorted(set(days_off))
    )
    return availability


# --- Notifications --------------------------------------------------------------------------
_TITLES = {
    Kind.CONSULT_REQUESTED: gettext_noop("Consultation requested"),
    Kind.CONSULT_CONFIRMED: gettext_noop("Consultation confirmed"),
    Kind.CONSULT_CHANGED: gettext_noop("Consultation moved"),
    Kind.CONSULT_CANCELLED: gettext_noop("Consultation cancelled"),
    Kind.CONSULT_REMINDER: gettext_noop("Reminder: consultation"),
}


def _in_language_of(recipient):
    """A notification's title is stored and becomes its email's subject: it is written in
    the recipient's language (their ``language`` once accounts carry one, else the
    portal's default), whoever's request caused it."""
    language = getattr(recipient, "language", "") or settings.LANGUAGE_CODE
    return translation.override(language)


def _booking_title(booking: Booking, recipient, kind: str, prefix: str | None = None) -> str:
    """What the email's subject says: the event, the mode and the time on the recipient's
    clock (and the clinic's clock for an in-clinic visit). Never the reason, and never the
    doctor's name: a subject shows on a lock screen, and a name can reveal a specialty
    (the booking's page, behind login, names the doctor)."""
    with _in_language_of(recipient):
        when = format_in(booking.starts_at, zone_name_for_user(recipient))
        if booking.mode == Mode.CLINIC:
            clinic_time = format_in(booking.starts_at, booking.time_zone)
            if clinic_time != when:
                when = gettext("%(when)s (clinic time %(clinic_time)s)") % {
                    "when": when,
                    "clinic_time": clinic_time,
                }
        head = gettext(prefix or _TITLES[kind])
        mode = str(booking.get_mode_display()).lower()
        return f"{head}: {mode}, {when}"[:200]


def _notify(booking: Booking, kind: str, *, to_patient=True, to_doctor=True, prefix=None) -> None:
    recipients = []
    if to_patient:
        recipients.append(booking.patient)
    if to_doctor:
        recipients.append(booking.doctor.user)
    for recipient in recipients:
        notification_create(
            recipient=recipient,
            kind=kind,
            title=_booking_title(booking, recipient, kind, prefix),
            target_path=booking.get_absolute_url(),
            object_id=booking.pk,
        )


# --- Holding and booking --------------------------------------------------------------------
def _bookable_availability(*, user, doctor: DoctorProfile) -> Availability:
    check_book_permission(user, doctor)
    return doctor.availability


def booking_hold(
    *, patient, doctor: DoctorProfile, slot_id: str, now: datetime | None = None
) -> Booking:
    """Hold a free slot for CONSULT_HOLD while the patient writes the reason and confirms.

    The slot is checked against the doctor's hours, window, notice and days off; the
    database's unique constraint (booking_one_per_slot) is what finally stops two patients
    holding the same start: the loser gets SLOT_NOT_FREE."""
    now = now or timezone.now()
    availability = _bookable_availability(user=patient, doctor=doctor)
    slot = slot_find(availability, slot_id, now=now)
    if slot is None:
        raise ValidationError(msg.SLOT_NOT_FREE, code="slot_not_free")
    try:
        with transaction.atomic():
            # An expired hold on this start frees it; so does this patient's earlier hold.
            Booking.objects.filter(
                status=BookingStatus.HELD,
                hold_expires_at__lte=now,
                doctor=doctor,
                starts_at=slot.starts_at,
            ).update(status=BookingStatus.EXPIRED)
            Booking.objects.filter(status=BookingStatus.HELD, patient=patient).update(
                status=BookingStatus.EXPIRED
            )
            return Booking.objects.create(
                doctor=doctor,
                patient=patient,
                mode=slot.mode,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                status=BookingStatus.HELD,
                hold_expires_at=now + settings.CONSULT_HOLD,
                fee=availability.fee_for(slot.mode),
                currency=availability.currency,
                time_zone=availability.time_zone,
                clinic=availability.clinic if slot.mode == Mode.CLINIC else None,
                video_link=availability.video_link if slot.mode == Mode.VIDEO else "",
            )
    except IntegrityError as exc:
        raise ValidationError(msg.SLOT_NOT_FREE, code="slot_not_free") from exc


def reason_errors(reason: str) -> list[str]:
    text = reason.strip()
    if len(text) < REASON_MIN_LENGTH:
        return [msg.REASON_TOO_SHORT.format(limit=REASON_MIN_LENGTH)]
    if len(text) > REASON_MAX_LENGTH:
        return [msg.REASON_TOO_LONG.format(limit=REASON_MAX_LENGTH, count=len(text))]
    return []


@transaction.atomic
def booking_request(
    *,
    patient,
    booking: Booking,
    reason: str,
    emergency_acknowledged: bool = False,
    question=None,
    now: datetime | None = None,
) -> Booking:
    """Turn the patient's hold into a request (or a confirmed booking, if the doctor
    confirms automatically) and tell both sides. ``question``: one of the patient's own
    questions, shared with the doctor with its attachments."""
    now = now or timezone.now()
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("doctor__availability", "doctor__user", "patient")
        .get(pk=booking.pk)
    )
    if booking.patient_id != patient.pk:
        raise PermissionDenied(msg.NOT_YOUR_BOOKING)
    if booking.status != BookingStatus.HELD or booking.hold_expires_at <= now:
        minutes = int(settings.CONSULT_HOLD.total_seconds() // 60)
        raise ValidationError(msg.HOLD_EXPIRED.format(minutes=minutes), code="hold_expired")
    check_book_permission(patient, booking.doctor)
    errors = reason_errors(reason)
    if errors:
        raise ValidationError({"reason": errors})
    if looks_like_emergency(reason) and not emergency_acknowledged:
        raise ValidationError({"emergency_acknowledged": msg.EMERGENCY_CONFIRM}, code="emergency")
    if question is not None and question.author_id != patient.pk:
        raise ValidationError({"question": msg.NOT_YOUR_QUESTION}, code="not_your_question")
    booking.reason = reason.strip()
    booking.question = question
    booking.hold_expires_at = None
    auto = booking.doctor.availability.auto_confirm
    booking.status = BookingStatus.CONFIRMED if auto else BookingStatus.REQUESTED
    booking.save(update_fields=["reason", "question", "hold_expires_at", "status", "updated_at"])
    _notify(booking, Kind.CONSULT_CONFIRMED if auto else Kind.CONSULT_REQUESTED)
    return booking


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("doctor__availability", "doctor__user", "patient")
        .get(pk=booking.pk)
    )


@transaction.atomic
def booking_confirm(*, user, booking: Booking, now: datetime | None = None) -> Booking:
    """The doctor confirms a request, or the patient accepts the doctor's proposed time."""
    booking = _locked(booking)
    if booking.status == BookingStatus.PROPOSED and is_booking_patient(user, booking):
        check_change_booking_permission(user, booking, now)
    else:
        check_decide_booking_permission(user, booking, now)
    booking.status = BookingStatus.CONFIRMED
    booking.sequence += 1
    booking.save(update_fields=["status", "sequence", "updated_at"])
    _notify(booking, Kind.CONSULT_CONFIRMED)
    return booking


@transaction.atomic
def booking_decline(*, user, booking: Booking, reason: str) -> Booking:
    booking = _locked(booking)
    check_decide_booking_permission(user, booking)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"decline_reason": msg.DECLINE_REASON_REQUIRED})
    booking.status = BookingStatus.DECLINED
    booking.decline_reason = reason[:DECLINE_REASON_MAX_LENGTH]
    booking.sequence += 1
    booking.save(update_fields=["status", "decline_reason", "sequence", "updated_at"])
    _notify(
        booking,
        Kind.CONSULT_CANCELLED,
        to_doctor=False,
        prefix=gettext_noop("Consultation declined"),
    )
    return booking


def _is_late(booking: Booking, now: datetime) -> bool:
    notice = timedelta(hours=booking.doctor.availability.cancel_notice_hours)
    return booking.starts_at - now < notice


@transaction.atomic
def booking_cancel(*, user, booking: Booking, now: datetime | None = None) -> Booking:
    """Either side cancels before the start. Inside the doctor's cancellation notice the
    booking is marked as a late cancellation (the doctor sees it on their desk)."""
    now = now or timezone.now()
    booking = _locked(booking)
    check_change_booking_permission(user, booking, now)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_by = user
    booking.cancelled_at = now
    booking.late_cancellation = _is_late(booking, now)
    booking.sequence += 1
    booking.save(
        update_fields=[
            "status",
            "cancelled_by",
            "cancelled_at",
            "late_cancellation",
            "sequence",
            "updated_at",
        ]
    )
    _notify(booking, Kind.CONSULT_CANCELLED)
    return booking


@transaction.atomic
def booking_move(*, user, booking: Booking, slot_id: str, now: datetime | None = None) -> Booking:
    """Move a booking to another free slot of the same doctor. The patient moving it sends
    it back to the doctor (unless they confirm automatically); the doctor moving it is a
    proposal the patient accepts or cancels. A move inside the cancellation notice is
    recorded as late."""
    now = now or timezone.now()
    booking = _locked(booking)
    check_change_booking_permission(user, booking, now)
    availability = booking.doctor.availability
    slot = slot_find(availability, slot_id, now=now, exclude_booking=booking)
    if slot is None:
        raise ValidationError(msg.SLOT_NOT_FREE, code="slot_not_free")
    late = _is_late(booking, now)
    by_doctor = is_booking_doctor(user, booking)
    booking.starts_at, booking.ends_at, booking.mode = slot.starts_at, slot.ends_at, slot.mode
    booking.fee = availability.fee_for(slot.mode)
    booking.clinic = availability.clinic if slot.mode == Mode.CLINIC else None
    booking.video_link = availability.video_link if slot.mode == Mode.VIDEO else ""
    booking.time_zone = availability.time_zone
    if by_doctor:
        booking.status = BookingStatus.PROPOSED
    else:
        booking.status = (
            BookingStatus.CONFIRMED if availability.auto_confirm else BookingStatus.REQUESTED
        )
    booking.late_cancellation = booking.late_cancellation or (late and not by_doctor)
    booking.sequence += 1
    booking.reminder_day_sent_at = booking.reminder_hour_sent_at = None
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        raise ValidationError(msg.SLOT_NOT_FREE, code="slot_not_free") from exc
    prefix = gettext_noop("New time proposed") if by_doctor else None
    _notify(booking, Kind.CONSULT_CHANGED, prefix=prefix)
    return booking


# --- Reminders ------------------------------------------------------------------------------
REMINDERS = (
    ("reminder_day_sent_at", timedelta(hours=24), gettext_noop("Reminder, tomorrow")),
    ("reminder_hour_sent_at", timedelta(hours=1), gettext_noop("Reminder, in an hour")),
)


def booking_reminders_send(*, now: datetime | None = None) -> int:
    """Remind both sides of each confirmed consultation 24 hours and 1 hour before it.

    Each booking is claimed with a row lock (SKIP LOCKED) and a conditional update of its
    ``reminder_*_sent_at`` in the same transaction as the outbox rows, so two beats running
    at once, or one running twice, remind once. A day-before reminder that is already late
    by the time the hour-before one is due is skipped, not sent late."""
    now = now or timezone.now()
    sent = 0
    for field, before, prefix in REMINDERS:
        while True:
            with transaction.atomic():
                batch = list(
                    Booking.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("doctor__user", "patient")
                    .filter(
                        status=BookingStatus.CONFIRMED,
                        starts_at__gt=now,
                        starts_at__lte=now + before,
                        **{f"{field}__isnull": True},
                    )
                    .order_by("starts_at")[:200]
                )
                if not batch:
                    break
                for booking in batch:
                    Booking.objects.filter(pk=booking.pk, **{f"{field}__isnull": True}).update(
                        **{field: now}
                    )
                    if field == "reminder_day_sent_at" and booking.starts_at - now <= timedelta(
                        hours=1
                    ):
                        continue  # the hour-before reminder covers it
                    _notify(booking, Kind.CONSULT_REMINDER, prefix=prefix)
                    sent += 1
    return sent  # bookings reminded (each reminder goes to both sides)


def holds_expire(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return Booking.objects.filter(status=BookingStatus.HELD, hold_expires_at__lte=now).update(
        status=BookingStatus.EXPIRED
    )


# --- Chat -----------------------------------------------------------------------------------
@transaction.atomic
def chat_message_send(
    *, user, booking: Booking, body: str, now: datetime | None = None
) -> ChatMessage:
    """A message in a chat consultation, from its patient or doctor, while the chat is
    open. Sanitised like answers; the other side is notified through the outbox (once
    until they read it)."""
    now = now or timezone.now()
    patient_side = is_booking_patient(user, booking)
    if not (patient_side or is_booking_doctor(user, booking)):
        raise PermissionDenied(msg.NOT_YOUR_BOOKING)
    if not booking.chat_is_open(now):
        grace = int(settings.CONSULT_CHAT_GRACE.total_seconds() // 60)
        raise ValidationError({"body": msg.CHAT_CLOSED.format(grace=grace)}, code="chat_closed")
    text = body.replace("\x00", "").strip()
    if not text:
        raise ValidationError({"body": msg.CHAT_EMPTY})
    if len(text) > CHAT_MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"body": msg.CHAT_TOO_LONG.format(limit=CHAT_MESSAGE_MAX_LENGTH, count=len(text))}
        )
    message = ChatMessage.objects.create(
        booking=booking, author=user, body=text, body_html=render_markdown(text), created_at=now
    )
    other = booking.doctor.user if patient_side else booking.patient
    unread = Notification.objects.filter(
        recipient=other, kind=Kind.CONSULT_MESSAGE, object_id=booking.pk, read_at__isnull=True
    ).exists()
    if not unread:
        # A subject names no doctor (a name can reveal a specialty).
        with _in_language_of(other):
            title = (
                gettext("New message from your patient in your chat consultation")
                if patient_side
                else gettext("New message from your doctor in your chat consultation")
            )
        notification_create(
            recipient=other,
            kind=Kind.CONSULT_MESSAGE,
            title=title,
            target_path=booking.get_absolute_url(),
            object_id=booking.pk,
        )
    return message


# --- Hospital quote enquiries ---------------------------------------------------------------
def _coordinators():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(
        codename="coordinate_quotes", content_type__app_label="consultations"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            models_Q(groups__permissions=permission)
            | models_Q(user_permissions=permission)
            | models_Q(is_superuser=True)
        )
        .distinct()
    )


def _notify_coordinators(*, enquiry, kind: str, title: str) -> None:
    for coordinator in _coordinators():
        notification_create(
            recipient=coordinator,
            kind=kind,
            title=title,
            target_path=reverse("consultations:desk_enquiry", kwargs={"pk": enquiry.pk}),
            object_id=enquiry.pk,
        )


@transaction.atomic
def enquiry_create(
    *,
    patient,
    treatment,
    clinics: list,
    patient_city: str,
    patient_country,
    preferred_from,
    preferred_to,
    notes: str = "",
    reports: list | None = None,
    today=None,
) -> QuoteEnquiry:
    """A patient's enquiry to up to ENQUIRY_MAX_CLINICS listed clinics, with private
    reports; every care coordinator is told (a link, no health text)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    clinics = list(dict.fromkeys(clinics))
    if not clinics:
        errors["clinics"] = [msg.ENQUIRY_NO_CLINICS]
    elif len(clinics) > ENQUIRY_MAX_CLINICS:
        errors["clinics"] = [msg.ENQUIRY_TOO_MANY_CLINICS.format(limit=ENQUIRY_MAX_CLINICS)]
    if preferred_from < today:
        errors["preferred_from"] = [msg.ENQUIRY_DATES_PAST]
    if preferred_to < preferred_from:
        errors["preferred_to"] = [msg.ENQUIRY_DATES_ORDER]
    checked = []
    reports = reports or []
    if len(reports) > ENQUIRY_MAX_REPORTS:
        errors["reports"] = [msg.ENQUIRY_TOO_MANY_REPORTS.format(limit=ENQUIRY_MAX_REPORTS)]
    else:
        report_errors = []
        for upload in reports:
            try:
                checked.append(check_proof_document(upload))
            except ValidationError as exc:
                report_errors.extend(exc.messages)
        if report_errors:
            errors["reports"] = report_errors
    if errors:
        raise ValidationError(errors)
    enquiry = QuoteEnquiry.objects.create(
        patient=patient,
        treatment=treatment,
        patient_city=patient_city.strip()[:80],
        patient_country=patient_country,
        preferred_from=preferred_from,
        preferred_to=preferred_to,
        notes=notes.strip(),
    )
    ClinicQuote.objects.bulk_create(ClinicQuote(enquiry=enquiry, clinic=c) for c in clinics)
    for document in checked:
        EnquiryReport.objects.create(
            enquiry=enquiry,
            file=document.file,
            kind=document.kind,
            original_name=document.original_name,
            size=document.size,
        )
    _notify_coordinators(
        enquiry=enquiry,
        kind=Kind.QUOTE_ENQUIRY,
        # Titles are email subjects: the treatment stays on the desk, never in an inbox.
        title=f"New quote enquiry #{enquiry.pk} for {len(clinics)} hospital(s)",
    )
    return enquiry


@transaction.atomic
def quote_enter(
    *,
    user,
    quote: ClinicQuote,
    low_price,
    high_price,
    currency: str,
    includes: str,
    valid_until,
    send: bool,
) -> ClinicQuote:
    """A coordinator enters (or corrects) a clinic's quote; ``send`` shows it to the
    patient and tells them. Quotes never touch the public cost pages."""
    check_coordinate_permission(user)
    quote = (
        ClinicQuote.objects.select_for_update(of=("self",))
        .select_related("enquiry", "clinic")
        .get(pk=quote.pk)
    )
    errors: dict[str, list[str]] = {}
    if high_price < low_price:
        errors["high_price"] = [msg.QUOTE_HIGH_BELOW_LOW]
    if valid_until < timezone.localdate():
        errors["valid_until"] = [msg.QUOTE_VALID_PAST]
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = [gettext("Use a three-letter currency code such as INR or USD.")]
    if quote.status in (QuoteStatus.ACCEPTED, QuoteStatus.NOT_CHOSEN):
        errors["__all__"] = [msg.CANNOT_CHANGE]
    if errors:
        raise ValidationError(errors)
    quote.low_price, quote.high_price, quote.currency = low_price, high_price, currency
    quote.includes, quote.valid_until = includes.strip()[:300], valid_until
    first_send = send and quote.sent_at is None
    if send:
        quote.status = QuoteStatus.SENT
        quote.sent_at = quote.sent_at or timezone.now()
    quote.save()
    if send:
        enquiry = quote.enquiry
        if enquiry.status == EnquiryStatus.OPEN:
            enquiry.status = EnquiryStatus.QUOTED
            enquiry.save(update_fields=["status"])
        with _in_language_of(enquiry.patient):
            title = (
                gettext("A hospital sent a quote for your enquiry #%(number)s")
                if first_send
                else gettext("A hospital updated its quote for your enquiry #%(number)s")
            ) % {"number": enquiry.pk}
        notification_create(
            recipient=enquiry.patient,
            kind=Kind.QUOTE_SENT,
            # A hospital's name can reveal the treatment: the subject stays neutral.
            title=title,
            target_path=enquiry.get_absolute_url(),
            object_id=enquiry.pk,
        )
    return quote


@transaction.atomic
def quote_accept(*, user, quote: ClinicQuote) -> ClinicQuote:
    """The patient accepts one sent quote; the others are marked not chosen and the
    coordinators are told."""
    quote = (
        ClinicQuote.objects.select_for_update(of=("self",))
        .select_related("enquiry__treatment", "clinic")
        .get(pk=quote.pk)
    )
    enquiry = quote.enquiry
    if enquiry.patient_id != getattr(user, "pk", None):
        raise PermissionDenied(msg.NOT_YOUR_BOOKING)
    if enquiry.status == EnquiryStatus.ACCEPTED:
        raise ValidationError(msg.QUOTE_ALREADY_ACCEPTED)
    if quote.status != QuoteStatus.SENT:
        raise ValidationError(msg.QUOTE_NOT_SENT)
    if quote.valid_until and quote.valid_until < timezone.localdate():
        raise ValidationError(msg.QUOTE_EXPIRED)
    quote.status = QuoteStatus.ACCEPTED
    quote.accepted_at = timezone.now()
    quote.save(update_fields=["status", "accepted_at"])
    enquiry.quotes.exclude(pk=quote.pk).update(status=QuoteStatus.NOT_CHOSEN)
    enquiry.status = EnquiryStatus.ACCEPTED
    enquiry.save(update_fields=["status"])
    _notify_coordinators(
        enquiry=enquiry,
        kind=Kind.QUOTE_ACCEPTED,
        title=f"Enquiry #{enquiry.pk}: the patient accepted {quote.clinic.name}'s quote",
    )
    return quote


@transaction.atomic
def quote_to_cost_entry(*, user, quote: ClinicQuote, today=None):
    """A coordinator publishes a sent quote as a dated, sourced cost entry through the
    directory's own cost service (a clinic quote, checked today). Only this, done by a
    person, ever puts a quote on the cost pages."""
    check_coordinate_permission(user)
    quote = (
        ClinicQuote.objects.select_for_update(of=("self",))
        .select_related("enquiry__treatment", "clinic")
        .get(pk=quote.pk)
    )
    if quote.cost_entry_id:
        raise ValidationError(msg.COST_ENTRY_EXISTS)
    if not quote.is_quoted or quote.sent_at is None:
        raise ValidationError(msg.QUOTE_INCOMPLETE)
    entry = cost_entry_create(
        treatment=quote.enquiry.treatment,
        clinic=quote.clinic,
        low_price=quote.low_price,
        high_price=quote.high_price,
        currency=quote.currency,
        includes=quote.includes,
        source_kind=CostEntry.SourceKind.CLINIC_QUOTE,
        source_name=f"{quote.clinic.name}, quote to a patient",
        checked_on=today or timezone.localdate(),
    )
    quote.cost_entry = entry
    quote.save(update_fields=["cost_entry"])
    return entry
