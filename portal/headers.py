"""Response headers the whole portal shares (README, "Security"): pages with personal or
health data are never stored by a browser or a proxy, and the browser's CSP violation
reports are logged.

The Content-Security-Policy itself comes from django-csp (settings.CONTENT_SECURITY_POLICY)
and Permissions-Policy from django-permissions-policy (settings.PERMISSIONS_POLICY).
"""

import json
import logging

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("portal.csp")

PRIVATE = "private, no-store"
# A violation report is a small JSON object; anything larger is not read.
CSP_REPORT_MAX_BYTES = 16 * 1024
# What of a report is logged: where, what and which rule, never the page's query string
# (search words are health text) or a sample of the blocked code.
_REPORT_FIELDS = ("violated-directive", "effective-directive", "blocked-uri", "disposition")


def _is_private(request) -> bool:
    """A signed-in person's page (the header names them, the bell counts their
    notifications, most pages hold their questions), or an anonymous visitor's page built
    from their session (a question draft kept across sign-up)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.accessed and not session.is_empty())


class PrivatePagesMiddleware:
    """Marks every private response (see _is_private) ``Cache-Control: private, no-store``,
    whatever the view set: one rule at one layer, so a new view cannot forget it. Sits
    below SessionMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_private(request):
            # Not patched in: "public" or a max-age set by a view (cache_page on a public
            # page) must not survive for a signed-in person's copy.
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_store=True)
        return response


def _path_only(uri: str) -> str:
    return str(uri).split("?", 1)[0].split("#", 1)[0][:300]


@csrf_exempt
@require_POST
def csp_report_view(request):
    """Where browsers post CSP violations (report-uri): each is logged as a warning, with
    the page's path (no query string) and the directive it broke. Always 204."""
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if 0 < length <= CSP_REPORT_MAX_BYTES:
        try:
            report = json.loads(request.body).get("csp-report", {})
        except (ValueError, AttributeError):
            report = {}
        if isinstance(report, dict) and report:
            logger.warning(
                "CSP violation on %s",
                _path_only(report.get("document-uri", "")),
                extra={
                    "csp": {
                        key: _path_only(report.get(key, ""))
                        for key in _REPORT_FIELDS
                        if key in report
                    }
                },
            )
    return HttpResponse(status=204)
