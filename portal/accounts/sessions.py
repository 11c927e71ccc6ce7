"""Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request.

Everyone else keeps allauth's choice at login: a browser session, or SESSION_COOKIE_AGE
with "Remember me". A staff session reads patients' private questions and documents, so
a desk left open on a shared computer logs itself out.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from . import roles

LAST_SEEN_KEY = "staff_last_seen"
IDLE_MESSAGE = gettext_noop(
    "You were signed out after %(minutes)d minutes without activity. Please log in again."
)
# The last-seen time is written at most this often, not on every request.
LAST_SEEN_RESOLUTION = 60


def last_seen_on_login(sender, request, user, **kwargs):
    """user_logged_in receiver: a staff session starts its idle clock at login."""
    if request is not None and hasattr(request, "session") and roles.requires_two_factor(user):
        request.session[LAST_SEEN_KEY] = int(time.time())


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and roles.requires_two_factor(user):
            now = int(time.time())
            idle_limit = settings.STAFF_SESSION_IDLE_MINUTES * 60
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > idle_limit:
                logout(request)
                messages.info(request, gettext(IDLE_MESSAGE) % {"minutes": idle_limit // 60})
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('account_login')}?{query}")
            if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
