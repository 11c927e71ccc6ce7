from django import forms
from django.utils.translation import gettext_lazy as _

from . import messages
from .models import ACTION_REASON_MAX_LENGTH, NOTE_MAX_LENGTH, PEER_NOTE_MAX_LENGTH, PERSON_REASONS


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=PERSON_REASONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": messages.lazy("REPORT_REASON_REQUIRED"),
            "invalid_choice": messages.lazy("REPORT_REASON_REQUIRED"),
        },
    )
    note = forms.CharField(
        label=_("Anything moderators should know (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": messages.lazy("REPORT_NOTE_TOO_LONG")},
    )
    # A light check against scripts for signed-out reporters: people never see this
    # field (portal.css hides it), so anything typed in it is not a person.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class ActionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the author reads it)"),
        required=False,
        max_length=ACTION_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": messages.lazy("ACTION_REASON_TOO_LONG")},
    )


class PeerNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your note for the moderators"),
        max_length=PEER_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": messages.lazy("PEER_NOTE_REQUIRED"),
            "max_length": messages.lazy("PEER_NOTE_TOO_LONG"),
        },
    )
