"""Reads for consultations and quote enquiries. ``*_get_for_viewer`` fetch and authorise
in one call: None both for a row that does not exist and one the viewer may not see."""

from django.db.models import Q
from django.utils.translation import gettext as _

from doctors.models import DoctorProfile
from portal.accounts import roles
from questions.models import Attachment, Question
from questions.permissions import can_view_question

from .models import (
    Booking,
    BookingStatus,
    ChatMessage,
    ClinicQuote,
    EnquiryReport,
    QuoteEnquiry,
)
from .permissions import is_care_coordinator


def bookable_doctor_list():
    """Verified doctors who take bookings, with what their cards need."""
    return (
        DoctorProfile.objects.public()
        .filter(availability__is_open=True, availability__hours__isnull=False)
        .distinct()
        .select_related("availability", "city")
        .prefetch_related("specialties")
        .order_by("full_name", "pk")
    )


def consult_doctor_choices(*, specialty=None, city=None) -> tuple[list, str]:
    """Doctors to consult for a page's specialty and city: both if any match, else the
    specialty alone, else everyone who takes bookings. Returns (doctors, what matched)."""
    base = bookable_doctor_list()
    if specialty is not None and city is not None:
        both = list(base.filter(specialties=specialty, city=city)[:20])
        if both:
            return both, _("%(specialty)s doctors in %(city)s") % {
                "specialty": specialty.name,
                "city": city.name,
            }
    if specialty is not None:
        some = list(base.filter(specialties=specialty)[:20])
        if some:
            return some, _("%(specialty)s doctors") % {"specialty": specialty.name}
    return list(base[:20]), _("Doctors taking consultations")


def doctor_for_booking(*, slug: str) -> DoctorProfile | None:
    """A doctor whose slot page exists: verified, with availability (open or not: a
    closed one says so)."""
    return (
        DoctorProfile.objects.public()
        .filter(slug=slug, availability__isnull=False)
        .select_related("availability", "availability__clinic", "city")
        .prefetch_related("specialties")
        .first()
    )


def booking_get_for_viewer(*, user, pk: int) -> Booking | None:
    if not getattr(user, "is_authenticated", False):
        return None
    doctor = roles.doctor_profile(user)
    visible = Q(patient=user)
    if doctor is not None:
        visible |= Q(doctor=doctor)
    return (
        Booking.objects.filter(visible, pk=pk)
        .exclude(status=BookingStatus.EXPIRED)
        .select_related("doctor__availability", "doctor__user", "clinic", "patient")
        .first()
    )


def chat_message_list(*, booking: Booking):
    return ChatMessage.objects.filter(booking=booking).select_related("author")


def doctor_request_list(*, doctor: DoctorProfile):
    """Requests waiting for the doctor's decision, soonest first."""
    return Booking.objects.filter(doctor=doctor, status=BookingStatus.REQUESTED).order_by(
        "starts_at", "pk"
    )


def doctor_upcoming_list(*, doctor: DoctorProfile, now):
    return Booking.objects.filter(
        doctor=doctor,
        status__in=[BookingStatus.CONFIRMED, BookingStatus.PROPOSED],
        ends_at__gt=now,
    ).order_by("starts_at", "pk")


def doctor_late_cancellation_list(*, doctor: DoctorProfile):
    return Booking.objects.filter(doctor=doctor, late_cancellation=True).order_by("-starts_at")


def doctor_pending_count(*, doctor: DoctorProfile) -> int:
    return doctor_request_list(doctor=doctor).count()


def patient_booking_list(*, user):
    return (
        Booking.objects.filter(patient=user)
        .exclude(status__in=[BookingStatus.EXPIRED, BookingStatus.HELD])
        .select_related("doctor")
        .order_by("-starts_at", "-pk")
    )


# --- Hospital quotes ------------------------------------------------------------------------
def enquiry_get_for_viewer(*, user, pk: int) -> QuoteEnquiry | None:
    """The patient's own enquiry, or any enquiry for a care coordinator."""
    if not getattr(user, "is_authenticated", False):
        return None
    queryset = QuoteEnquiry.objects.select_related("treatment", "patient_country", "patient")
    if not is_care_coordinator(user):
        queryset = queryset.filter(patient=user)
    return queryset.filter(pk=pk).first()


def enquiry_quote_list(*, enquiry: QuoteEnquiry, sent_only: bool):
    quotes = ClinicQuote.objects.filter(enquiry=enquiry).select_related("clinic__city__country")
    if sent_only:
        quotes = quotes.exclude(sent_at__isnull=True)
    return quotes.order_by("low_price", "pk") if sent_only else quotes.order_by("pk")


def patient_enquiry_list(*, user):
    return QuoteEnquiry.objects.filter(patient=user).select_related("treatment")


def coordinator_enquiry_list(*, status: str | None = None):
    queryset = QuoteEnquiry.objects.select_related("treatment", "patient_country").order_by(
        "created_at", "pk"
    )
    return queryset.filter(status=status) if status else queryset


def report_for_download(*, user, pk: int) -> EnquiryReport | None:
    report = EnquiryReport.objects.select_related("enquiry").filter(pk=pk).first()
    if report is None:
        return None
    if report.enquiry.patient_id == getattr(user, "pk", None) or is_care_coordinator(user):
        return report
    return None


def question_list_to_share(*, patient):
    """The patient's own questions, newest first: what they may share with a doctor."""
    return Question.objects.filter(author=patient).order_by("-created_at", "-id")


def shared_question(*, booking: Booking, user) -> dict | None:
    """The question the patient shared with this booking, for either side to open: its
    text, link and how many photos and reports it holds (the doctor opens them on the
    question's page); None when none was shared or ``user`` may not read it."""
    question = booking.question
    if question is None or not can_view_question(user, question):
        return None
    kinds = list(question.attachments.values_list("kind", flat=True))
    photos = sum(1 for kind in kinds if kind != Attachment.Kind.PDF)
    return {
        "question": question,
        "photos": photos,
        "reports": len(kinds) - photos,
    }
