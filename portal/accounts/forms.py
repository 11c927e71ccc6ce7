from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .consent import CONSENT_LABEL, CONSENT_REQUIRED, consent_record


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the explicit consent to process health data."""

    consent = forms.BooleanField(
        label=_(CONSENT_LABEL), required=True, error_messages={"required": _(CONSENT_REQUIRED)}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"] = self.fields.pop("consent")  # last, above the button

    def save(self, request):
        user = super().save(request)
        consent_record(user=user)
        return user


class LoginForm(AllauthLoginForm):
    """allauth's login in the portal's words ("Remember me", as everywhere else)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Remember me")
