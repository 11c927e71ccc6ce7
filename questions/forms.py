from django import forms
from django.conf import settings

from portal.taxonomy.models import Specialty

from .models import Gender


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Your question",
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "placeholder": "Describe your symptoms, how long you have had them, and "
                "any medicines you take.",
            }
        ),
        min_length=settings.QUESTION_MIN_LENGTH,
        max_length=settings.QUESTION_MAX_LENGTH,
        error_messages={
            "required": "Please type your question.",
            "min_length": "Please describe your question in at least %(limit_value)d "
            "characters so a doctor can help (it has %(show_value)d).",
            "max_length": "Please keep your question under %(limit_value)d characters "
            "(it has %(show_value)d).",
        },
    )
    specialty = forms.ModelChoiceField(
        queryset=Specialty.objects.order_by("name"),
        required=False,
        empty_label="Not sure: let the portal suggest",
        label="Specialty (optional)",
    )
    age = forms.IntegerField(
        label="Age",
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Please enter the patient's age.",
            "invalid": "Enter the age as a whole number, for example 42.",
            "min_value": "Enter an age between 0 and 120.",
            "max_value": "Enter an age between 0 and 120.",
        },
    )
    gender = forms.ChoiceField(
        label="Gender",
        choices=[("", "Choose…"), *Gender.choices],
        error_messages={
            "required": "Please choose a gender.",
            "invalid_choice": "Please choose a gender from the list.",
        },
    )
    is_private = forms.BooleanField(
        label="Keep private (only you and verified doctors can read it)", required=False
    )

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
        }


class AnswerForm(forms.Form):
    body = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.ANSWER_MAX_LENGTH,
        help_text="Markdown: **bold**, lists and links. Write for a patient, not a colleague.",
        error_messages={
            "required": "Please write your answer.",
            "max_length": "Please keep answers under %(limit_value)d characters "
            "(it has %(show_value)d).",
        },
    )

    def clean_body(self) -> str:
        return self.cleaned_data["body"].replace("\x00", "").strip()
