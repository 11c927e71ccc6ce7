from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from portal.accounts.consent import CONSENT_LABEL, CONSENT_REQUIRED
from portal.taxonomy.models import Specialty

from . import messages
from .models import AGE_MAX, AGE_MIN, AGE_RANGE_LAZY, Attachment, Gender, Resolution


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your question"),
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "placeholder": gettext_lazy(
                    "Describe your symptoms, how long you have had them, and any medicines "
                    "you take."
                ),
            }
        ),
        min_length=settings.QUESTION_MIN_LENGTH,
        max_length=settings.QUESTION_MAX_LENGTH,
        error_messages={
            "required": gettext_lazy(messages.QUESTION_REQUIRED),
            "min_length": gettext_lazy(messages.QUESTION_TOO_SHORT),
            "max_length": gettext_lazy(messages.QUESTION_TOO_LONG),
        },
    )
    specialty = forms.ModelChoiceField(
        queryset=Specialty.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Not sure: let the portal suggest"),
        label=gettext_lazy("Specialty (optional)"),
    )
    age = forms.IntegerField(
        label=gettext_lazy("Age"),
        min_value=AGE_MIN,
        max_value=AGE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy(messages.AGE_REQUIRED),
            "invalid": gettext_lazy(messages.AGE_NOT_A_NUMBER),
            "min_value": AGE_RANGE_LAZY,
            "max_value": AGE_RANGE_LAZY,
        },
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Gender"),
        choices=[("", gettext_lazy("Choose…")), *Gender.choices],
        error_messages={
            "required": gettext_lazy(messages.GENDER_REQUIRED),
            "invalid_choice": gettext_lazy(messages.GENDER_INVALID),
        },
    )
    is_private = forms.BooleanField(
        label=gettext_lazy("Keep private (only you and verified doctors can read it)"),
        required=False,
    )
    # On a visitor's form (kept in the draft, recorded when it is posted for them) and for
    # accounts with no consent on record.
    consent = forms.BooleanField(
        label=gettext_lazy(CONSENT_LABEL),
        required=True,
        error_messages={"required": gettext_lazy(CONSENT_REQUIRED)},
    )

    ATTACHMENT_HELP = format_lazy(
        gettext_lazy(
            "Up to {count} photos (JPEG or PNG) or PDF reports, {size} MB each. Only verified "
            "doctors and you can see them, never the public, even if the question is public. "
            "Photos are stripped of location and camera data."
        ),
        count=Attachment.MAX_PER_QUESTION,
        size=Attachment.MAX_BYTES // (1024 * 1024),
    )

    def __init__(self, *args, ask_consent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_consent:
            del self.fields["consent"]

    def clean_text(self) -> str:
        return self.cleaned_data["text"].replace("\x00", "").strip()

    def to_draft(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "specialty": data["specialty"].pk if data["specialty"] else None,
            "age": data["age"],
            "gender": data["gender"],
            "is_private": data["is_private"],
            "consent": bool(data.get("consent")),
        }


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=settings.ANSWER_MIN_LENGTH,
        max_length=settings.ANSWER_MAX_LENGTH,
        help_text=gettext_lazy(
            "Markdown: **bold**, lists and links. Write for a patient, not a colleague."
        ),
        error_messages={
            "required": gettext_lazy(messages.ANSWER_REQUIRED),
            "min_length": gettext_lazy(messages.ANSWER_TOO_SHORT),
            "max_length": gettext_lazy(messages.ANSWER_TOO_LONG),
        },
    )

    def clean_body(self) -> str:
        return self.cleaned_data["body"].replace("\x00", "").strip()


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your follow-up to the doctor"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=settings.FOLLOW_UP_MIN_LENGTH,
        max_length=settings.FOLLOW_UP_MAX_LENGTH,
        help_text=gettext_lazy(
            "Plain text. You can send this doctor one follow-up; they can reply once."
        ),
        error_messages={
            "required": gettext_lazy(messages.FOLLOW_UP_REQUIRED),
            "min_length": gettext_lazy(messages.FOLLOW_UP_TOO_SHORT),
            "max_length": gettext_lazy(messages.FOLLOW_UP_TOO_LONG),
        },
    )

    def clean_text(self) -> str:
        return self.cleaned_data["text"].replace("\x00", "").strip()


class FollowUpReplyForm(FollowUpForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = gettext_lazy("Your reply")
        self.fields["text"].help_text = gettext_lazy("Plain text. You can reply once.")


class ResolutionForm(forms.Form):
    resolution = forms.ChoiceField(
        label=gettext_lazy("Was this resolved?"),
        choices=Resolution.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy(messages.RESOLUTION_INVALID),
            "invalid_choice": gettext_lazy(messages.RESOLUTION_INVALID),
        },
    )
