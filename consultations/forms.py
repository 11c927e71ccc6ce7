"""Parse input for consultations and quote enquiries; rules live in services.py."""

import re
from datetime import date, time

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from doctors.forms import MultipleFileField, MultipleFileInput

from . import messages as msg
from .models import (
    BOOKING_WINDOW_MAX_DAYS,
    CHAT_MESSAGE_MAX_LENGTH,
    DECLINE_REASON_MAX_LENGTH,
    ENQUIRY_NOTES_MAX_LENGTH,
    MAX_FEE,
    MIN_NOTICE_MAX_HOURS,
    REASON_MAX_LENGTH,
    SLOT_MINUTES_CHOICES,
    Mode,
    time_zone_choices,
)

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
MODE_WORDS = {"clinic": Mode.CLINIC, "phone": Mode.PHONE, "video": Mode.VIDEO, "chat": Mode.CHAT}
HOURS_LINE = re.compile(
    r"^\s*(?P<day>[a-z]{3})[a-z]*\s+(?P<start>\d{1,2}:\d{2})\s*[-–]\s*(?P<end>\d{1,2}:\d{2})\s+(?P<mode>[a-z]+)\s*$",
    re.IGNORECASE,
)
HOURS_HELP = _(
    "One block per line: day, from–to (24-hour clock), mode. For example "
    "“Mon 09:00-12:00 video” or “Sat 10:00-13:00 clinic”. Modes: clinic, phone, video, chat."
)


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _clean_text(value: str) -> str:
    return value.replace("\x00", "")


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices, error_messages={"invalid_choice": msg.lazy("BAD_TIME_ZONE")}
    )


class HoursField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 7})

    def clean(self, value):
        text = super().clean(value) or ""
        blocks, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            match = HOURS_LINE.match(line)
            day = WEEKDAYS.get(match.group("day").lower()) if match else None
            mode = MODE_WORDS.get(match.group("mode").lower()) if match else None
            try:
                start = _clock(match.group("start")) if match else None
                end = _clock(match.group("end")) if match else None
            except ValueError:
                start = end = None
            if None in (day, mode, start, end):
                errors.append(
                    gettext("Line %(number)s (“%(line)s”) is not like “Mon 09:00-12:00 video”.")
                    % {"number": number, "line": line.strip()[:60]}
                )
                continue
            blocks.append((mode, day, start, end))
        if errors:
            raise forms.ValidationError(errors)
        return blocks


class DaysOffField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        text = super().clean(value) or ""
        days, errors = [], []
        for line in text.split():
            try:
                days.append(date.fromisoformat(line.strip()))
            except ValueError:
                errors.append(
                    gettext("“%(line)s” is not a date like 2026-12-25.") % {"line": line[:30]}
                )
        if errors:
            raise forms.ValidationError(errors)
        return days


class AvailabilityForm(forms.Form):
    is_open = forms.BooleanField(required=False, label=_("Take bookings"))
    time_zone = forms.ChoiceField(
        choices=time_zone_choices, error_messages={"invalid_choice": msg.lazy("BAD_TIME_ZONE")}
    )
    hours = HoursField(
        required=False, max_length=3000, help_text=HOURS_HELP, label=_("Weekly hours")
    )
    slot_minutes = forms.TypedChoiceField(
        choices=SLOT_MINUTES_CHOICES, coerce=int, label=_("Slot length")
    )
    booking_window_days = forms.IntegerField(
        min_value=1,
        max_value=BOOKING_WINDOW_MAX_DAYS,
        label=_("Patients may book up to (days ahead)"),
    )
    min_notice_hours = forms.IntegerField(
        min_value=0, max_value=MIN_NOTICE_MAX_HOURS, label=_("Minimum notice (hours)")
    )
    cancel_notice_hours = forms.IntegerField(
        min_value=0,
        max_value=MIN_NOTICE_MAX_HOURS,
        label=_("Cancellations later than this many hours before are recorded as late"),
    )
    auto_confirm = forms.BooleanField(required=False, label=_("Confirm requests automatically"))
    fee_clinic = forms.IntegerField(
        min_value=0, max_value=MAX_FEE, label=_("Fee in clinic (0 = free)")
    )
    fee_phone = forms.IntegerField(
        min_value=0, max_value=MAX_FEE, label=_("Fee by phone (0 = free)")
    )
    fee_video = forms.IntegerField(
        min_value=0, max_value=MAX_FEE, label=_("Fee by video (0 = free)")
    )
    fee_chat = forms.IntegerField(
        min_value=0, max_value=MAX_FEE, label=_("Fee for a chat (0 = free)")
    )
    clinic = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Clinic for in-clinic visits")
    )
    video_link = forms.URLField(
        required=False, max_length=200, assume_scheme="https", label=_("Your video meeting link")
    )
    days_off = DaysOffField(
        required=False,
        max_length=2000,
        label=_("Days off"),
        help_text=_("One date per line, like 2026-12-25."),
    )

    def __init__(self, *args, clinics=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinic"].queryset = clinics


class HoldForm(forms.Form):
    slot = forms.CharField(max_length=40)


class BookingRequestForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=REASON_MAX_LENGTH * 2,  # the service gives the clear message
        label=_("Why do you want to consult the doctor?"),
        help_text=_("Only the doctor reads this. It is never put in an email."),
    )
    emergency_acknowledged = forms.BooleanField(
        required=False, label=_("This is not an emergency: book anyway")
    )
    question = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Share one of your questions with the doctor (optional)"),
        help_text=_(
            "The doctor reads it with its answers and the photos and reports you attached."
        ),
        empty_label=_("Don't share a question"),
    )

    def __init__(self, *args, questions=None, **kwargs):
        """``questions``: the patient's own questions, the only ones they may share."""
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = questions
        self.fields["question"].label_from_instance = lambda q: q.text[:90]
        if questions is None or not questions.exists():
            del self.fields["question"]

    def clean_reason(self):
        return _clean_text(self.cleaned_data["reason"])


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(
        max_length=DECLINE_REASON_MAX_LENGTH,
        label=_("Reason (the patient reads this)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_decline_reason(self):
        return _clean_text(self.cleaned_data["decline_reason"])


class ChatForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=CHAT_MESSAGE_MAX_LENGTH * 2,
        label=_("Message"),
    )

    def clean_body(self):
        return _clean_text(self.cleaned_data["body"])


# --- Hospital quotes ------------------------------------------------------------------------
class EnquiryForm(forms.Form):
    treatment = forms.ModelChoiceField(queryset=None, label=_("Treatment"))
    clinics = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Hospitals to ask (up to 5)"),
        error_messages={
            "invalid_choice": msg.lazy("ENQUIRY_CLINIC_HIDDEN"),
            "invalid_pk_value": msg.lazy("ENQUIRY_CLINIC_HIDDEN"),
        },
    )
    patient_city = forms.CharField(max_length=80, label=_("Your city"))
    patient_country = forms.ModelChoiceField(queryset=None, label=_("Your country"))
    preferred_from = forms.DateField(
        label=_("Preferred dates: from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    preferred_to = forms.DateField(
        label=pgettext_lazy("a range of dates: from ... to ...", "to"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    notes = forms.CharField(
        required=False,
        max_length=ENQUIRY_NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Anything the hospitals should know"),
        help_text=_("Read by the care coordinator and the hospitals you ask; never emailed."),
    )
    reports = MultipleFileField(
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        label=_("Reports (PDF, PNG or JPEG, 5 MB each)"),
    )

    def __init__(self, *args, treatments, clinics, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treatment"].queryset = treatments
        self.fields["clinics"].queryset = clinics
        self.fields["patient_country"].queryset = countries

    def clean_patient_city(self):
        return _clean_text(self.cleaned_data["patient_city"]).strip()

    def clean_notes(self):
        return _clean_text(self.cleaned_data["notes"])


class QuoteForm(forms.Form):
    low_price = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=2, label=_("Low price")
    )
    high_price = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=2, label=_("High price")
    )
    currency = forms.CharField(min_length=3, max_length=3, label=_("Currency"))
    includes = forms.CharField(max_length=300, required=False, label=_("Includes"))
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
