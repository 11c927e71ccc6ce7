"""Staff reach nothing without a second factor.

Every account for which roles.requires_two_factor is true (staff: moderators, verifiers,
editors, writers, coordinators; superusers) and that has no authenticator app or security
key yet is sent to allauth's set-up page, with a message saying why, from every page but
the account pages themselves (log in and out, set up the factor, change the password) and
static files. Once enrolled, allauth asks for the code after the password at every login.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language_from_path, gettext, gettext_noop

from . import roles

# The session remembers that its user has a second factor (their id), so a staff page
# costs no extra query; staff cannot delete their last one (adapters.MFAAdapter).
ENROLLED_SESSION_KEY = "two_factor_enrolled"
SETUP_MESSAGE = gettext_noop(
    "Your account can open the admin and the staff desks, which hold patients' health "
    "data, so it needs two-factor authentication before you go on. Confirm your password "
    "if asked, then scan the code with an authenticator app (or type the secret into it) "
    "and enter the 6-digit code it shows."
)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=roles.SECOND_FACTOR_TYPES).exists()


def _exempt(path: str) -> bool:
    language = get_language_from_path(path)
    if language:  # /hi/accounts/... is exempt as /accounts/... is
        path = path[len(language) + 1 :]
    prefixes = ("/accounts/", settings.STATIC_URL, settings.MEDIA_URL)
    return path.startswith(prefixes) or path in ("/healthz", "/robots.txt")


def second_factor_on_login(sender, request, user, **kwargs):
    """user_logged_in receiver: note a staff member's second factor in the new session."""
    if request is not None and hasattr(request, "session") and roles.requires_two_factor(user):
        if has_second_factor(user):
            request.session[ENROLLED_SESSION_KEY] = user.pk


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and roles.requires_two_factor(user)
            and request.session.get(ENROLLED_SESSION_KEY) != user.pk
            and not _exempt(request.path_info)
        ):
            if has_second_factor(user):
                request.session[ENROLLED_SESSION_KEY] = user.pk
            else:
                messages.warning(request, gettext(SETUP_MESSAGE))
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
