from django import forms
from django.utils.translation import gettext_lazy

from portal.accounts.models import User
from portal.notifications.models import EmailPreferences


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]
        labels = {"display_name": gettext_lazy("Your name in emails to you")}
        help_texts = {
            "display_name": gettext_lazy(
                "Used only to greet you in emails we send you. Never shown on "
                "the portal; questions show only gender and age."
            )
        }

    def clean_display_name(self) -> str:
        return " ".join(self.cleaned_data["display_name"].replace("\x00", "").split())


class EmailPreferencesForm(forms.ModelForm):
    class Meta:
        model = EmailPreferences
        fields = list(EmailPreferences.FIELDS)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password, to confirm"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Enter your password to confirm.")},
    )
    remove_questions = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Public questions to remove with their answers"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Ticked questions are removed with their answers. The others stay, "
            "anonymised: the text, the answers, gender and age, with no link to you."
        ),
    )
    withdraw_consent = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, public_questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_questions"].choices = [(q.pk, q.text[:90]) for q in public_questions]
