"""When the database is down, say so: a 503 page with Retry-After instead of the 500
page, and /healthz reporting PostgreSQL, Redis (the broker, and the cache when CACHE_URL
names one) and the worker's canary separately: 503 when any fails.

Neither touches the database to answer a request that failed because of it: the 503 page
is rendered without a request context (no user, no session)."""

import sys

import redis
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error

RETRY_AFTER_SECONDS = 30
DATABASE_DOWN = (OperationalError, InterfaceError)


def database_unavailable_response() -> HttpResponse:
    body = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view (or its template) that cannot reach the database answers 503, with
    Retry-After, in every mode; handler500 below does the same for the middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return database_unavailable_response()
        return None


def server_error_view(request, template_name="500.html"):
    """handler500: a database that went away anywhere in the request (a middleware
    reading the session, say) is a 503, not a 500."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return database_unavailable_response()
    return server_error(request, template_name=template_name)


def _check_postgresql() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except DatabaseError as error:
        return {"ok": False, "error": error.__class__.__name__}


def _ping(url: str) -> dict:
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return {"ok": True}
    except redis.RedisError as error:
        return {"ok": False, "error": error.__class__.__name__}


def _check_redis() -> dict:
    return _ping(settings.REDIS_URL)


def _shared_cache_url() -> str | None:
    """The cache's Redis (CACHE_URL), or None for a per-process cache."""
    cache = settings.CACHES["default"]
    if "redis" not in cache["BACKEND"].lower():
        return None
    location = cache["LOCATION"]
    return location[0] if isinstance(location, list | tuple) else location


def _check_canary() -> dict:
    from portal.notifications.selectors import worker_canary_at

    try:
        beat_at = worker_canary_at()
    except DatabaseError:
        return {"ok": False, "error": "database unavailable"}
    if beat_at is None:
        return {"ok": False, "error": "no canary yet"}
    age = (timezone.now() - beat_at).total_seconds()
    ok = age <= settings.WORKER_CANARY_MAX_AGE.total_seconds()
    return {"ok": ok, "age_seconds": round(age)}


@never_cache
def healthz_view(request):
    """200 when PostgreSQL and Redis answer and a worker ran the canary recently, 503
    otherwise; each check is reported on its own."""
    checks = {
        "postgresql": _check_postgresql(),
        "redis": _check_redis(),
        "worker_canary": _check_canary(),
    }
    cache_url = _shared_cache_url()
    if cache_url:
        # The login and question limits count in it: a shared cache that is down is down.
        checks["cache"] = _ping(cache_url)
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"ok": ok, "checks": checks}, status=200 if ok else 503)


@never_cache
def livez_view(request):
    """200 while this process answers at all: what a load balancer asks each instance.
    Touches neither the database nor Redis (they are shared, and /healthz reports them)."""
    return HttpResponse("ok", content_type="text/plain")
