from django import forms

from . import messages
from .models import ACTION_REASON_MAX_LENGTH, NOTE_MAX_LENGTH, PEER_NOTE_MAX_LENGTH, PERSON_REASONS


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong?",
        choices=PERSON_REASONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": messages.REPORT_REASON_REQUIRED,
            "invalid_choice": messages.REPORT_REASON_REQUIRED,
        },
    )
    note = forms.CharField(
        label="Anything moderators should know (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": messages.REPORT_NOTE_TOO_LONG},
    )
    # A light check against scripts for signed-out reporters: people never see this
    # field (portal.css hides it), so anything typed in it is not a person.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class ActionForm(forms.Form):
    reason = forms.CharField(
        label="Reason (the author reads it)",
        required=False,
        max_length=ACTION_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": messages.ACTION_REASON_TOO_LONG},
    )


class PeerNoteForm(forms.Form):
    text = forms.CharField(
        label="Your note for the moderators",
        max_length=PEER_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": messages.PEER_NOTE_REQUIRED,
            "max_length": messages.PEER_NOTE_TOO_LONG,
        },
    )
