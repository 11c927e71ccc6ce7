from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from portal.client import client_address
from portal.i18n import in_language_of

from . import roles
from .models import User

POST_LOGIN_REDIRECT_KEY = "post_login_redirect"
# What an email address may hold: the users table and allauth's EmailAddress both stop
# here (RFC 5321's 254), and allauth would otherwise cut a longer one short on save.
EMAIL_MAX_LENGTH = 254
EMAIL_TOO_LONG = _(
    "An email address can be at most %(limit)d characters long; this one has %(length)d. "
    "Check it, or use a shorter address."
)

# allauth's messages the page itself already says: the "check your email" page says an
# email was sent, and "your email is verified" already tells the person they are in.
_SAID_BY_THE_PAGE = {"account/messages/email_confirmation_sent.txt"}
_EMAIL_CONFIRMED = "account/messages/email_confirmed.txt"
_LOGGED_IN = "account/messages/logged_in.txt"


def portal_site() -> SimpleNamespace:
    """The portal as allauth's emails name it (``current_site``): SITE_NAME and the
    domain of SITE_URL, never the host a request happened to use."""
    return SimpleNamespace(name=settings.SITE_NAME, domain=settings.SITE_DOMAIN)


class AccountAdapter(DefaultAccountAdapter):
    def _pending_redirect(self, request) -> str | None:
        """A local URL left by work that finished during login (a visitor's draft
        question, posted). Used once."""
        target = request.session.pop(POST_LOGIN_REDIRECT_KEY, None)
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return target
        return None

    def get_login_redirect_url(self, request):
        return self._pending_redirect(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        # Confirming the email after sign-up resumes the login as a sign-up.
        return self._pending_redirect(request) or super().get_signup_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        """allauth's emails (verification, password reset) in the portal's name and in
        the recipient's language: their account's, else the page's they asked on."""
        context = {**context, "current_site": portal_site(), "site_url": settings.SITE_URL}
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        if user is None or not user.pk:
            super().send_mail(template_prefix, email, context)
            return
        with in_language_of(user):
            super().send_mail(template_prefix, email, context)

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        """allauth's messages, without repeating the page or each other: after verifying,
        one message rather than "confirmed <email>" and "signed in as <email>"."""
        if message_template in _SAID_BY_THE_PAGE:
            return
        if message_template == _LOGGED_IN and getattr(request, "_portal_email_confirmed", False):
            return
        if message_template == _EMAIL_CONFIRMED:
            request._portal_email_confirmed = True
        super().add_message(
            request,
            level,
            message_template=message_template,
            message_context=message_context,
            extra_tags=extra_tags,
            message=message,
        )

    def clean_email(self, email: str) -> str:
        """Every form that takes an address (sign-up, adding or changing one, password
        reset) asks here: one longer than the database keeps is refused with a message,
        never cut short on save (which mailed a confirmation to a truncated address and
        gave a 500 when the same address was tried again)."""
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                EMAIL_TOO_LONG % {"limit": EMAIL_MAX_LENGTH, "length": len(email)},
                code="max_length",
            )
        return super().clean_email(email)

    def get_client_ip(self, request):
        """allauth's limits (failed logins per address, sign-ups, password resets) count
        the same address as ours: the client behind TRUSTED_PROXY_COUNT proxies, not the
        proxy, which would lock every user out after ten failures."""
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Staff must keep a second factor (portal.accounts.two_factor): they may not
        remove their last authenticator app or security key, only replace it."""
        user = authenticator.user
        if not roles.requires_two_factor(user):
            return True
        if authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return False
        return (
            Authenticator.objects.filter(user=user, type__in=roles.SECOND_FACTOR_TYPES)
            .exclude(pk=authenticator.pk)
            .exists()
        )
