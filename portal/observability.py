"""Logs and error reports, with health text kept out of both (README, "Error tracking and
logs").

- Logs: one JSON object a line in production (LOG_FORMAT=json, the default when DEBUG is
  off), plain text on a developer's terminal. The request object Django's loggers attach
  is left out: its repr carries the query string, and search words are health text.
- Errors: sentry-sdk with the Django and Celery integrations when SENTRY_DSN is set, no
  personal data (send_default_pii=False), no local variables, and before_send below strips
  what a request or a breadcrumb could carry of a question.
"""

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

# Request headers an error report keeps; every other (Cookie, Authorization, Referer with
# its query string, X-Forwarded-For) is dropped.
_SAFE_HEADERS = frozenset({"Content-Length", "Content-Type", "Host", "User-Agent", "Accept"})
# What a breadcrumb may keep: its category, level, time and type. Its message is kept only
# for SQL (Django's integration records the statement with placeholders, never the
# parameters); a log message may quote anything.
_BREADCRUMB_KEYS = ("category", "level", "timestamp", "type")
FILTERED = "[Filtered]"


class JsonFormatter(_JsonFormatter):
    """python-json-logger's formatter without the ``request`` extra (see module docstring)."""

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        log_record.pop("request", None)


def _path_only(url: str) -> str:
    return str(url).split("?", 1)[0].split("#", 1)[0]


def _scrub_request(request: dict) -> dict:
    headers = request.get("headers") or {}
    return {
        "method": request.get("method"),
        "url": _path_only(request.get("url", "")),
        "headers": {key: value for key, value in headers.items() if key in _SAFE_HEADERS},
        # The body (a question, an answer, a password), cookies, query string (search
        # words) and the WSGI environment never leave the server.
        **({"data": FILTERED} if "data" in request else {}),
    }


def _scrub_breadcrumb(crumb: dict) -> dict:
    kept = {key: crumb[key] for key in _BREADCRUMB_KEYS if key in crumb}
    if crumb.get("category") == "query":
        kept["message"] = crumb.get("message")
    return kept


def _scrub_frames(event: dict) -> None:
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)


def before_send(event: dict, hint: dict | None = None) -> dict:
    """The event without request bodies, cookies, query strings, local variables, log
    arguments or breadcrumb data: what remains is where it failed and why, not what a
    patient wrote."""
    if "request" in event:
        event["request"] = _scrub_request(event["request"])
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = [_scrub_breadcrumb(c) for c in breadcrumbs.get("values", [])]
    elif isinstance(breadcrumbs, list):
        event["breadcrumbs"] = [_scrub_breadcrumb(c) for c in breadcrumbs]
    _scrub_frames(event)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        # The format string stays (it is code); the values put into it may be health text.
        event["logentry"] = {"message": logentry.get("message"), "params": []}
        event.pop("message", None)
    event.pop("extra", None)
    event.pop("user", None)
    for key in ("server_name",):
        event.pop(key, None)
    return event


def sentry_init(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float):
    """Start sentry-sdk for the web process and the Celery worker (both load settings)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_send_transaction=before_send,
        traces_sample_rate=traces_sample_rate,
    )
