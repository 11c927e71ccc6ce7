"""Database down: a 503 with Retry-After instead of the 500 page; /healthz reports
PostgreSQL, Redis and the worker canary each on its own."""

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from portal.health import server_error_view
from portal.notifications.services import worker_canary_record

pytestmark = pytest.mark.django_db


def database_gone(execute, sql, params, many, context):
    raise OperationalError("connection to server failed: Connection refused")


def test_a_page_answers_503_with_retry_after_when_the_database_is_down(client):
    with connection.execute_wrapper(database_gone):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "cannot reach its database" in response.content.decode()


def test_handler500_turns_a_database_error_in_middleware_into_503():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error_view(request)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error_view(request).status_code == 500


def test_healthz_reports_each_check(client, settings, redis_available):
    settings.REDIS_URL = redis_available
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["postgresql"] == {"ok": True}
    assert checks["redis"] == {"ok": True}
    assert checks["worker_canary"] == {"ok": False, "error": "no canary yet"}

    worker_canary_record(hostname="w1")
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["ok"] is True

    with connection.execute_wrapper(database_gone):
        checks = client.get("/healthz").json()["checks"]
    assert checks["postgresql"] == {"ok": False, "error": "OperationalError"}
    assert checks["worker_canary"]["ok"] is False


def test_healthz_reports_redis_down_on_its_own(client, settings):
    from tests.conftest import free_port

    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    worker_canary_record(hostname="w1")
    checks = client.get("/healthz").json()["checks"]
    assert checks["redis"]["ok"] is False
    assert checks["postgresql"]["ok"] is True and checks["worker_canary"]["ok"] is True


def test_livez_answers_without_touching_the_database(client, django_assert_num_queries):
    """What haproxy asks each web instance: alive, whatever the shared services do."""
    with django_assert_num_queries(0):
        response = client.get("/livez")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_issue15_healthz_is_503_when_redis_is_down(client, settings):
    """The load balancer takes a web process whose Redis is gone out of rotation."""
    from tests.conftest import free_port

    worker_canary_record(hostname="w1")
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}


def test_issue15_healthz_checks_the_shared_cache_when_there_is_one(
    client, settings, redis_available
):
    from tests.conftest import free_port

    settings.REDIS_URL = redis_available
    worker_canary_record(hostname="w1")
    assert "cache" not in client.get("/healthz").json()["checks"]  # per-process cache
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/5",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
