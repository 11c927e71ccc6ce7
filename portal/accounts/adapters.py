from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

POST_LOGIN_REDIRECT_KEY = "post_login_redirect"

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
        context = {**context, "current_site": portal_site(), "site_url": settings.SITE_URL}
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
