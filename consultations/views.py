"""Pages for consultations (the patient's slot page and booking, the doctor's desk and
hours) and hospital quote enquiries (the patient's form and comparison, the care
coordinator's desk). Thin: forms parse, services decide, selectors read."""

from datetime import timedelta
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import slug_re
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from directory.models import Clinic
from portal.accounts import roles
from portal.accounts.services import audit_log_write
from portal.forms import add_validation_errors
from portal.pagination import page_of
from portal.storage import private_file_response
from portal.taxonomy.models import City, Country, Specialty, Treatment
from questions.emergency import EMERGENCY_NUMBERS, looks_like_emergency

from . import messages as msg
from . import selectors, services
from .forms import (
    AvailabilityForm,
    BookingRequestForm,
    ChatForm,
    DeclineForm,
    EnquiryForm,
    HoldForm,
    QuoteForm,
    TimeZoneForm,
)
from .models import (
    Availability,
    BookingStatus,
    ClinicQuote,
    Mode,
    TimeZonePreference,
    WeeklyHours,
)
from .permissions import (
    can_book,
    can_change_booking,
    can_chat,
    can_decide_booking,
    check_coordinate_permission,
    is_booking_doctor,
    is_booking_patient,
)
from .slots import free_slots
from .timezones import SESSION_KEY, viewer_zone_name, zone

DAYS_PER_PAGE = 7


def _slug_param(request, name: str) -> str:
    """A slug from the query string, or "" for anything that cannot be one (NUL bytes and
    the like never reach the database)."""
    value = request.GET.get(name, "")
    return value if len(value) <= 180 and slug_re.fullmatch(value) else ""


def _zone_context(request) -> dict:
    name = viewer_zone_name(request)
    return {
        "viewer_zone": name,
        "zone_form": TimeZoneForm(initial={"time_zone": name}),
        "zone_known": SESSION_KEY in request.session
        or (
            request.user.is_authenticated
            and TimeZonePreference.objects.filter(user=request.user).exists()
        ),
    }


# --- Time zone ------------------------------------------------------------------------------
@require_POST
def time_zone_view(request):
    """The browser's zone (posted by static/js/timezone.js, ``auto=1``) or one chosen from
    the list. Kept in the session, and for a signed-in person on their account."""
    form = TimeZoneForm(request.POST)
    auto = request.POST.get("auto") == "1"
    if not form.is_valid():
        if auto:
            return JsonResponse({"ok": False, "error": msg.BAD_TIME_ZONE}, status=400)
        messages.error(request, msg.BAD_TIME_ZONE)
        return HttpResponseRedirect(_safe_next(request))
    name = form.cleaned_data["time_zone"]
    if not (auto and request.session.get(SESSION_KEY)):
        request.session[SESSION_KEY] = name
    if request.user.is_authenticated:
        services.time_zone_set(user=request.user, time_zone=name, chosen=not auto)
    if auto:
        return JsonResponse({"ok": True, "time_zone": viewer_zone_name(request)})
    return HttpResponseRedirect(_safe_next(request))


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("consultations:choose")


# --- Choosing a doctor and a slot -----------------------------------------------------------
@require_safe
def choose_view(request):
    """ "Consult" from an article, a question or a top-doctors page: doctors of that
    specialty and city who take bookings."""
    specialty = Specialty.objects.filter(slug=_slug_param(request, "specialty")).first()
    city = City.objects.filter(slug=_slug_param(request, "city")).first()
    doctors, heading = selectors.consult_doctor_choices(specialty=specialty, city=city)
    return render(
        request,
        "consultations/choose.html",
        {
            "doctors": doctors,
            "heading": heading,
            "specialty": specialty,
            "city": city,
            "breadcrumbs": [(_("Consult a doctor"), reverse("consultations:choose"))],
            **_zone_context(request),
        },
    )


def _week_offset(request, availability: Availability) -> int:
    try:
        week = int(request.GET.get("week", "0"))
    except ValueError:
        return 0
    last = availability.booking_window_days // DAYS_PER_PAGE
    return min(max(week, 0), last)


@require_safe
def slots_view(request, slug: str):
    doctor = selectors.doctor_for_booking(slug=slug)
    if doctor is None:
        raise Http404("No such doctor")
    availability = doctor.availability
    week = _week_offset(request, availability)
    viewer_zone = viewer_zone_name(request)
    bookable = can_book(request.user, doctor)
    slots = []
    if bookable:
        first_day = timezone.now().astimezone(availability.zone).date() + timedelta(
            days=week * DAYS_PER_PAGE
        )
        slots = free_slots(availability, first_day=first_day, days=DAYS_PER_PAGE)
    local = zone(viewer_zone)
    days = [
        (day, list(day_slots))
        for day, day_slots in groupby(slots, key=lambda s: s.starts_at.astimezone(local).date())
    ]
    fees = [(Mode(mode).label, availability.fee_for(mode)) for mode in _modes_offered(availability)]
    return render(
        request,
        "consultations/slots.html",
        {
            "doctor": doctor,
            "availability": availability,
            "days": days,
            "week": week,
            "has_next": (week + 1) * DAYS_PER_PAGE < availability.booking_window_days,
            "bookable": bookable,
            "not_bookable_reason": "" if bookable else _book_reason(request.user, doctor),
            "fees": fees,
            "breadcrumbs": [
                (doctor.display_name, doctor.get_absolute_url()),
                (_("Book a consultation"), request.path),
            ],
            **_zone_context(request),
        },
    )


def _modes_offered(availability: Availability) -> list[str]:
    modes = set(availability.hours.values_list("mode", flat=True))
    return [mode for mode in Mode.values if mode in modes]


def _book_reason(user, doctor) -> str:
    from .permissions import _book_denial

    return _book_denial(user, doctor)


@login_required
@require_POST
def hold_view(request, slug: str):
    doctor = selectors.doctor_for_booking(slug=slug)
    if doctor is None:
        raise Http404("No such doctor")
    form = HoldForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(msg.SLOT_NOT_FREE)
        booking = services.booking_hold(
            patient=request.user, doctor=doctor, slot_id=form.cleaned_data["slot"]
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("consultations:slots", slug=doctor.slug)
    return redirect(booking)


# --- One booking ----------------------------------------------------------------------------
def _booking_or_404(request, pk: int):
    booking = selectors.booking_get_for_viewer(user=request.user, pk=pk)
    if booking is None:
        raise Http404("No such booking")
    return booking


def _booking_context(request, booking, **extra) -> dict:
    user = request.user
    now = timezone.now()
    context = {
        "booking": booking,
        "doctor": booking.doctor,
        "is_patient": is_booking_patient(user, booking),
        "is_doctor": is_booking_doctor(user, booking),
        "can_change": can_change_booking(user, booking),
        "can_decide": can_decide_booking(user, booking),
        "can_accept_proposal": booking.status == BookingStatus.PROPOSED
        and is_booking_patient(user, booking)
        and can_change_booking(user, booking),
        "can_chat": can_chat(user, booking),
        "chat_messages": selectors.chat_message_list(booking=booking)
        if booking.mode == Mode.CHAT
        else [],
        "chat_not_yet": booking.mode == Mode.CHAT and booking.starts_at > now,
        "chat_form": ChatForm(),
        "decline_form": DeclineForm(),
        "request_form": None,
        "emergency_numbers": EMERGENCY_NUMBERS,
        "breadcrumbs": [
            (_("My consultations"), reverse("consultations:mine")),
            (_("Consultation"), booking.get_absolute_url()),
        ],
        **_zone_context(request),
    }
    if booking.status == BookingStatus.HELD and context["is_patient"]:
        context["request_form"] = BookingRequestForm(
            questions=selectors.question_list_to_share(patient=user)
        )
    context["shared_question"] = selectors.shared_question(booking=booking, user=user)
    context.update(extra)
    return context


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def booking_view(request, pk: int):
    """The booking: for the patient holding a slot, the form to confirm it; afterwards,
    for both sides, its state, times, actions and (for chat) the thread."""
    booking = _booking_or_404(request, pk)
    if request.method == "POST":
        if booking.status != BookingStatus.HELD or not is_booking_patient(request.user, booking):
            raise PermissionDenied(msg.CANNOT_CHANGE)
        form = BookingRequestForm(
            request.POST, questions=selectors.question_list_to_share(patient=request.user)
        )
        if form.is_valid():
            try:
                services.booking_request(
                    patient=request.user,
                    booking=booking,
                    reason=form.cleaned_data["reason"],
                    emergency_acknowledged=form.cleaned_data["emergency_acknowledged"],
                    question=form.cleaned_data.get("question"),
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Your consultation request is sent."))
                return redirect(booking)
        emergency = looks_like_emergency(request.POST.get("reason", ""))
        return render(
            request,
            "consultations/booking.html",
            _booking_context(request, booking, request_form=form, show_emergency=emergency),
            status=400,
        )
    return render(request, "consultations/booking.html", _booking_context(request, booking))


def _act(request, booking, action, success: str):
    try:
        action()
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, success)
    return redirect(booking)


@login_required
@require_POST
def booking_confirm_view(request, pk: int):
    booking = _booking_or_404(request, pk)
    return _act(
        request,
        booking,
        lambda: services.booking_confirm(user=request.user, booking=booking),
        _("The consultation is confirmed."),
    )


@login_required
@require_POST
def booking_decline_view(request, pk: int):
    booking = _booking_or_404(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.booking_decline(
                user=request.user, booking=booking, reason=form.cleaned_data["decline_reason"]
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("You declined the request; the patient is told why."))
            return redirect("consultations:desk")
    return render(
        request,
        "consultations/booking.html",
        _booking_context(request, booking, decline_form=form),
        status=400,
    )


@login_required
@require_POST
def booking_cancel_view(request, pk: int):
    booking = _booking_or_404(request, pk)
    return _act(
        request,
        booking,
        lambda: services.booking_cancel(user=request.user, booking=booking),
        _("The consultation is cancelled; the other side is told."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_move_view(request, pk: int):
    """Pick another free time: the patient reschedules, the doctor proposes."""
    booking = _booking_or_404(request, pk)
    if not can_change_booking(request.user, booking):
        raise PermissionDenied(msg.CANNOT_CHANGE)
    availability = booking.doctor.availability
    if request.method == "POST":
        form = HoldForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(msg.SLOT_NOT_FREE)
            services.booking_move(
                user=request.user, booking=booking, slot_id=form.cleaned_data["slot"]
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The consultation is moved; the other side is told."))
            return redirect(booking)
    week = _week_offset(request, availability)
    first_day = timezone.now().astimezone(availability.zone).date() + timedelta(
        days=week * DAYS_PER_PAGE
    )
    slots = free_slots(
        availability, first_day=first_day, days=DAYS_PER_PAGE, exclude_booking=booking
    )
    local = zone(viewer_zone_name(request))
    days = [
        (day, list(day_slots))
        for day, day_slots in groupby(slots, key=lambda s: s.starts_at.astimezone(local).date())
    ]
    return render(
        request,
        "consultations/move.html",
        {
            "booking": booking,
            "doctor": booking.doctor,
            "days": days,
            "week": week,
            "has_next": (week + 1) * DAYS_PER_PAGE < availability.booking_window_days,
            **_zone_context(request),
        },
    )


@login_required
@require_POST
def chat_send_view(request, pk: int):
    booking = _booking_or_404(request, pk)
    form = ChatForm(request.POST)
    if form.is_valid():
        try:
            services.chat_message_send(
                user=request.user, booking=booking, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            return redirect(f"{booking.get_absolute_url()}#chat")
    return render(
        request,
        "consultations/booking.html",
        _booking_context(request, booking, chat_form=form),
        status=400,
    )


@login_required
@require_safe
def my_bookings_view(request):
    page = page_of(request, selectors.patient_booking_list(user=request.user), 20)
    return render(
        request,
        "consultations/mine.html",
        {
            "page_obj": page,
            "breadcrumbs": [(_("My consultations"), request.path)],
            **_zone_context(request),
        },
    )


# --- The doctor's desk ----------------------------------------------------------------------
def _verified_doctor(request):
    doctor = roles.doctor_profile(request.user)
    if doctor is None or not doctor.is_verified:
        raise PermissionDenied(_("The consultation desk is for verified doctors."))
    return doctor


@login_required
@require_safe
def desk_view(request):
    doctor = _verified_doctor(request)
    now = timezone.now()
    return render(
        request,
        "consultations/desk.html",
        {
            "doctor": doctor,
            "availability": Availability.objects.filter(doctor=doctor).first(),
            "page_obj": page_of(request, selectors.doctor_request_list(doctor=doctor), 20),
            "upcoming": selectors.doctor_upcoming_list(doctor=doctor, now=now)[:20],
            "late": selectors.doctor_late_cancellation_list(doctor=doctor)[:10],
            "breadcrumbs": [
                (_("Dashboard"), reverse("questions:dashboard")),
                (_("Consultations"), request.path),
            ],
            **_zone_context(request),
        },
    )


def _hours_text(availability: Availability | None) -> str:
    if availability is None:
        return ""
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return "\n".join(
        f"{names[h.weekday]} {h.start:%H:%M}-{h.end:%H:%M} {h.mode}"
        for h in availability.hours.all()
    )


@login_required
@require_http_methods(["GET", "POST"])
def availability_view(request):
    doctor = _verified_doctor(request)
    availability = Availability.objects.filter(doctor=doctor).first()
    clinics = Clinic.objects.filter(doctors=doctor).order_by("name")
    if request.method == "POST":
        form = AvailabilityForm(request.POST, clinics=clinics)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.availability_set(
                    doctor=doctor,
                    time_zone=data["time_zone"],
                    slot_minutes=data["slot_minutes"],
                    booking_window_days=data["booking_window_days"],
                    min_notice_hours=data["min_notice_hours"],
                    cancel_notice_hours=data["cancel_notice_hours"],
                    auto_confirm=data["auto_confirm"],
                    fees={mode: data[f"fee_{mode}"] for mode in Mode.values},
                    clinic=data["clinic"],
                    video_link=data["video_link"],
                    is_open=data["is_open"],
                    hours=data["hours"],
                    days_off=data["days_off"],
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Your consultation hours are saved."))
                return redirect("consultations:desk")
        status = 400
    else:
        a = availability or Availability(doctor=doctor)
        initial = {
            "is_open": a.is_open,
            "time_zone": a.time_zone,
            "hours": _hours_text(availability),
            "slot_minutes": a.slot_minutes,
            "booking_window_days": a.booking_window_days,
            "min_notice_hours": a.min_notice_hours,
            "cancel_notice_hours": a.cancel_notice_hours,
            "auto_confirm": a.auto_confirm,
            "clinic": a.clinic_id,
            "video_link": a.video_link,
            "days_off": "\n".join(str(d.date) for d in a.days_off.all()) if availability else "",
            **{f"fee_{mode}": a.fee_for(mode) for mode in Mode.values},
        }
        form = AvailabilityForm(initial=initial, clinics=clinics)
        status = 200
    return render(
        request,
        "consultations/availability.html",
        {
            "form": form,
            "doctor": doctor,
            "weekly_hours_example": WeeklyHours,
            "breadcrumbs": [
                (_("Consultations"), reverse("consultations:desk")),
                (_("Hours and fees"), request.path),
            ],
        },
        status=status,
    )


# --- Hospital quotes: the patient -----------------------------------------------------------
def _enquiry_form(request, data=None, files=None, initial=None):
    return EnquiryForm(
        data,
        files,
        initial=initial,
        treatments=Treatment.objects.filter(clinics__isnull=False).distinct().order_by("name"),
        clinics=Clinic.objects.public().select_related("city").order_by("name"),
        countries=Country.objects.order_by("name"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_new_view(request):
    """From a clinic page (``?clinic=slug``), a hospitals-by-treatment list or a cost page
    (``?treatment=slug``)."""
    if request.method == "POST":
        form = _enquiry_form(request, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enquiry = services.enquiry_create(
                    patient=request.user,
                    treatment=data["treatment"],
                    clinics=list(data["clinics"]),
                    patient_city=data["patient_city"],
                    patient_country=data["patient_country"],
                    preferred_from=data["preferred_from"],
                    preferred_to=data["preferred_to"],
                    notes=data["notes"],
                    reports=data["reports"],
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Your enquiry is sent to our care coordinators."))
                return redirect(enquiry)
        status = 400
    else:
        initial = {}
        clinic = Clinic.objects.public().filter(slug=_slug_param(request, "clinic")).first()
        treatment = Treatment.objects.filter(slug=_slug_param(request, "treatment")).first()
        if clinic is not None:
            initial["clinics"] = [clinic.pk]
            offered = list(clinic.treatments.values_list("pk", flat=True)[:2])
            if len(offered) == 1 and treatment is None:
                initial["treatment"] = offered[0]
        if treatment is not None:
            initial["treatment"] = treatment.pk
            if clinic is None:
                initial["clinics"] = list(
                    Clinic.objects.public()
                    .filter(treatments=treatment)
                    .values_list("pk", flat=True)[:5]
                )
        form = _enquiry_form(request, initial=initial)
        status = 200
    return render(
        request,
        "consultations/enquiry_new.html",
        {
            "form": form,
            "breadcrumbs": [
                (_("My quote enquiries"), reverse("consultations:enquiries")),
                (_("Ask hospitals for a quote"), request.path),
            ],
        },
        status=status,
    )


@login_required
@require_safe
def my_enquiries_view(request):
    return render(
        request,
        "consultations/enquiries.html",
        {
            "enquiries": selectors.patient_enquiry_list(user=request.user),
            "breadcrumbs": [(_("My quote enquiries"), request.path)],
        },
    )


@login_required
@never_cache
@require_safe
def enquiry_view(request, pk: int):
    """The patient's enquiry: the quotes sent so far side by side, cheapest first."""
    enquiry = selectors.enquiry_get_for_viewer(user=request.user, pk=pk)
    if enquiry is None or enquiry.patient_id != request.user.pk:
        raise Http404("No such enquiry")
    quotes = list(selectors.enquiry_quote_list(enquiry=enquiry, sent_only=True))
    asked = list(selectors.enquiry_quote_list(enquiry=enquiry, sent_only=False))
    return render(
        request,
        "consultations/enquiry.html",
        {
            "enquiry": enquiry,
            "quotes": quotes,
            "asked": asked,
            "reports": enquiry.reports.all(),
            "today": timezone.localdate(),
            "breadcrumbs": [
                (_("My quote enquiries"), reverse("consultations:enquiries")),
                (_("Enquiry #%(number)s") % {"number": enquiry.pk}, request.path),
            ],
        },
    )


@login_required
@require_POST
def quote_accept_view(request, pk: int):
    quote = (
        ClinicQuote.objects.filter(pk=pk, enquiry__patient=request.user)
        .select_related("enquiry")
        .first()
    )
    if quote is None:
        raise Http404("No such quote")
    try:
        services.quote_accept(user=request.user, quote=quote)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("You accepted the quote; a care coordinator will be in touch."))
    return redirect(quote.enquiry)


@never_cache
def report_view(request, pk: int):
    """Stream a report to its patient or a care coordinator, audited. Everyone else gets
    a 404, whether or not the report exists."""
    report = selectors.report_for_download(user=request.user, pk=pk)
    if report is None:
        raise Http404("No such report")
    response = private_file_response(
        report.file,
        filename=f"enquiry-{report.enquiry_id}-report-{report.pk}.{report.extension}",
        content_type=report.content_type,
    )
    audit_log_write(
        actor=request.user,
        action="read_enquiry_report",
        target=report,
        detail=f"enquiry {report.enquiry_id}",
    )
    return response


# --- Hospital quotes: the care coordinator's desk -------------------------------------------
@login_required
@require_safe
def quote_desk_view(request):
    check_coordinate_permission(request.user)
    status = request.GET.get("status", "open")
    if status not in {"open", "quoted", "accepted", "closed", "all"}:
        status = "open"
    enquiries = selectors.coordinator_enquiry_list(status=None if status == "all" else status)
    return render(
        request,
        "consultations/quote_desk.html",
        {
            "page_obj": page_of(request, enquiries, 20),
            "status": status,
            "breadcrumbs": [(_("Quote desk"), request.path)],
        },
    )


def _desk_enquiry_context(request, enquiry, forms=None) -> dict:
    quotes = list(selectors.enquiry_quote_list(enquiry=enquiry, sent_only=False))
    forms = forms or {}
    rows = []
    for quote in quotes:
        form = forms.get(quote.pk) or QuoteForm(
            initial={
                "low_price": quote.low_price,
                "high_price": quote.high_price,
                "currency": quote.currency or quote.clinic.city.country.currency,
                "includes": quote.includes,
                "valid_until": quote.valid_until,
            },
            prefix=f"q{quote.pk}",
        )
        rows.append((quote, form))
    return {
        "enquiry": enquiry,
        "rows": rows,
        "reports": enquiry.reports.all(),
        "breadcrumbs": [
            (_("Quote desk"), reverse("consultations:quote_desk")),
            (_("Enquiry #%(number)s") % {"number": enquiry.pk}, request.path),
        ],
    }


@login_required
@never_cache
@require_safe
def desk_enquiry_view(request, pk: int):
    check_coordinate_permission(request.user)
    enquiry = selectors.enquiry_get_for_viewer(user=request.user, pk=pk)
    if enquiry is None:
        raise Http404("No such enquiry")
    return render(
        request, "consultations/desk_enquiry.html", _desk_enquiry_context(request, enquiry)
    )


def _desk_quote(request, pk: int) -> ClinicQuote:
    check_coordinate_permission(request.user)
    quote = ClinicQuote.objects.select_related("enquiry", "clinic__city__country").filter(pk=pk)
    quote = quote.first()
    if quote is None:
        raise Http404("No such quote")
    return quote


@login_required
@require_POST
def desk_quote_view(request, pk: int):
    quote = _desk_quote(request, pk)
    form = QuoteForm(request.POST, prefix=f"q{quote.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.quote_enter(
                user=request.user,
                quote=quote,
                low_price=data["low_price"],
                high_price=data["high_price"],
                currency=data["currency"],
                includes=data["includes"],
                valid_until=data["valid_until"],
                send=request.POST.get("send") == "1",
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request, _("Quote from %(clinic)s saved.") % {"clinic": quote.clinic.name}
            )
            return redirect("consultations:desk_enquiry", pk=quote.enquiry_id)
    enquiry = selectors.enquiry_get_for_viewer(user=request.user, pk=quote.enquiry_id)
    return render(
        request,
        "consultations/desk_enquiry.html",
        _desk_enquiry_context(request, enquiry, forms={quote.pk: form}),
        status=400,
    )


@login_required
@require_POST
def desk_quote_publish_view(request, pk: int):
    quote = _desk_quote(request, pk)
    try:
        services.quote_to_cost_entry(user=request.user, quote=quote)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The quote is now a dated, sourced entry on the cost pages."))
    return redirect("consultations:desk_enquiry", pk=quote.enquiry_id)
