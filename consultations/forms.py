"""Parse input for consultations and quote enquiries; rules live in services.py."""

import re
from datetime import date, time

from django import forms

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
HOURS_HELP = (
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
        choices=time_zone_choices, error_messages={"invalid_choice": msg.BAD_TIME_ZONE}
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
                    f"Line {number} (“{line.strip()[:60]}”) is not like “Mon 09:00-12:00 video”."
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
                errors.append(f"“{line[:30]}” is not a date like 2026-12-25.")
        if errors:
            raise forms.ValidationError(errors)
        return days


class AvailabilityForm(forms.Form):
    is_open = forms.BooleanField(required=False, label="Take bookings")
    time_zone = forms.ChoiceField(
        choices=time_zone_choices, error_messages={"invalid_choice": msg.BAD_TIME_ZONE}
    )
    hours = HoursField(required=False, max_length=3000, help_text=HOURS_HELP, label="Weekly hours")
    slot_minutes = forms.TypedChoiceField(
        choices=SLOT_MINUTES_CHOICES, coerce=int, label="Slot length"
    )
    booking_window_days = forms.IntegerField(
        min_value=1, max_value=BOOKING_WINDOW_MAX_DAYS, label="Patients may book up to (days ahead)"
    )
    min_notice_hours = forms.IntegerField(
        min_value=0, max_value=MIN_NOTICE_MAX_HOURS, label="Minimum notice (hours)"
    )
    cancel_notice_hours = forms.IntegerField(
        min_value=0,
        max_value=MIN_NOTICE_MAX_HOURS,
        label="Cancellations later than this many hours before are recorded as late",
    )
    auto_confirm = forms.BooleanField(required=False, label="Confirm requests automatically")
    fee_clinic = forms.IntegerField(
        min_value=0, max_value=MAX_FEE, label="Fee in clinic (0 = free)"
    )
    fee_phone = forms.IntegerField(min_value=0, max_value=MAX_FEE, label="Fee by phone (0 = free)")
    fee_video = forms.IntegerField(min_value=0, max_value=MAX_FEE, label="Fee by video (0 = free)")
    fee_chat = forms.IntegerField(min_value=0, max_value=MAX_FEE, label="Fee for a chat (0 = free)")
    clinic = forms.ModelChoiceField(
        queryset=None, required=False, label="Clinic for in-clinic visits"
    )
    video_link = forms.URLField(
        required=False, max_length=200, assume_scheme="https", label="Your video meeting link"
    )
    days_off = DaysOffField(
        required=False, max_length=2000, help_text="One date per line, like 2026-12-25."
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
        label="Why do you want to consult the doctor?",
        help_text="Only the doctor reads this. It is never put in an email.",
    )
    emergency_acknowledged = forms.BooleanField(
        required=False, label="This is not an emergency: book anyway"
    )
    question = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Share one of your questions with the doctor (optional)",
        help_text="The doctor reads it with its answers and the photos and reports you attached.",
        empty_label="Don't share a question",
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
        label="Reason (the patient reads this)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_decline_reason(self):
        return _clean_text(self.cleaned_data["decline_reason"])


class ChatForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=CHAT_MESSAGE_MAX_LENGTH * 2,
        label="Message",
    )

    def clean_body(self):
        return _clean_text(self.cleaned_data["body"])


# --- Hospital quotes ------------------------------------------------------------------------
class EnquiryForm(forms.Form):
    treatment = forms.ModelChoiceField(queryset=None)
    clinics = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Hospitals to ask (up to 5)",
        error_messages={
            "invalid_choice": msg.ENQUIRY_CLINIC_HIDDEN,
            "invalid_pk_value": msg.ENQUIRY_CLINIC_HIDDEN,
        },
    )
    patient_city = forms.CharField(max_length=80, label="Your city")
    patient_country = forms.ModelChoiceField(queryset=None, label="Your country")
    preferred_from = forms.DateField(
        label="Preferred dates: from",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    preferred_to = forms.DateField(
        label="to", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(
        required=False,
        max_length=ENQUIRY_NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Anything the hospitals should know",
        help_text="Read by the care coordinator and the hospitals you ask; never emailed.",
    )
    reports = MultipleFileField(
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        label="Reports (PDF, PNG or JPEG, 5 MB each)",
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
    low_price = forms.DecimalField(min_value=0, max_digits=12, decimal_places=2)
    high_price = forms.DecimalField(min_value=0, max_digits=12, decimal_places=2)
    currency = forms.CharField(min_length=3, max_length=3)
    includes = forms.CharField(max_length=300, required=False)
    valid_until = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
