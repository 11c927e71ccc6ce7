"""Fixtures for every test: people in each role, and the real services (an SMTP sink,
the Redis broker with a real Celery worker, Chromium)."""

import io
import os
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from email import message_from_bytes
from email.message import Message

import pytest
import redis
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.utils import timezone
from kombu import pools as kombu_pools

from portal.celery import app as celery_app

from .factories import DoctorFactory, SpecialtyFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    """The files marked ``long_file`` first, in collection order, then the rest: pytest-xdist
    (``--dist loadfile --no-loadscope-reorder``, the Makefile) hands out files in this order,
    so the longest start first and the many short files even out the two processes' ends."""
    items.sort(key=lambda item: item.get_closest_marker("long_file") is None)


def skip_or_fail(reason: str) -> None:
    """Skip on a laptop without the service; fail in CI (PORTAL_REQUIRE_SERVICES=1)."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (PORTAL_REQUIRE_SERVICES=1 turns this skip into a failure)")
    pytest.skip(reason)


# --- Broker: every test process publishes to its own queue on the test Redis database,
# so a developer's `make run` worker never sees test tasks and parallel runs never share.
TEST_QUEUE = f"portal-test-{uuid.uuid4().hex[:8]}"


def use_broker(url: str) -> None:
    """Point the Celery app at ``url``, dropping pooled connections to the old broker."""
    celery_app.conf.broker_url = url
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(autouse=True, scope="session")
def _test_broker():
    celery_app.conf.task_default_queue = TEST_QUEUE
    celery_app.conf.task_always_eager = False
    use_broker(TEST_REDIS_URL)
    yield


@pytest.fixture(autouse=True)
def file_roots(settings, tmp_path):
    """Every test's uploads go to its own temporary folders, public media and private
    storage apart as in production: nothing lands in the checkout's data/. Both storages
    (STORAGES "default" and "private", portal/storage.py) read their root from these
    settings and drop their cached location when a test changes them. Returns the folder
    holding media/ and private/."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Every factory user hashes a password; the production hasher costs ~0.25 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: list totals and doctors' figures are cached
    (keyed by SQL and ids, which repeat across tests' databases)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_broker():
    from portal.queueing import reset_broker_down

    reset_broker_down()  # a broken broker in one test must not skip publishes in the next
    yield
    reset_broker_down()
    if celery_app.conf.broker_url != TEST_REDIS_URL:
        use_broker(TEST_REDIS_URL)


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content (``seed_demo``, 10 to 30 s), loaded and committed once for a module
    whose every test reads it, instead of once per test. Each test still runs in a
    transaction of its own that is rolled back (``db``), so what one test changes is gone
    before the next; the module's end flushes the database as a transactional test does.
    Returns the folder holding the demo's media/ and private/."""
    from django.core.management import call_command
    from django.test import override_settings

    root = tmp_path_factory.mktemp("demo")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(root / "media"),
            PRIVATE_MEDIA_ROOT=str(root / "private"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    yield root
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_media(request, settings, demo_once):
    """A test over ``demo_once``: its uploads folders are the demo's, as when the test
    loaded the demo itself. Refuses a transactional test: its flush would take the demo
    away from the module's next test."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    assert not transactional, f"{request.node.nodeid}: a transactional test over demo_once"
    settings.MEDIA_ROOT = str(demo_once / "media")
    settings.PRIVATE_MEDIA_ROOT = str(demo_once / "private")
    return demo_once


@pytest.fixture
def redis_available():
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        skip_or_fail(f"Redis does not answer at {TEST_REDIS_URL}")
    return TEST_REDIS_URL


@pytest.fixture
def redis_page_cache(settings, redis_available):
    """The shared cache, and so the page cache (portal/pagecache.py), on the test Redis
    under a prefix of this test's own: cleaned key by key, never FLUSHDB (the broker's
    queues share the database). Yields the Redis client and the prefix."""
    prefix = f"test-pagecache-{uuid.uuid4().hex[:10]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSoftRedisCache",
            "LOCATION": redis_available,
            "KEY_PREFIX": prefix,
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    client = redis.Redis.from_url(redis_available)
    yield client, prefix
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@contextmanager
def running_worker():
    """A real Celery worker (solo pool, in a thread) consuming this process's test queue
    on the real Redis. Needs a transactional database so both threads see commits."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(
        celery_app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=10,
    ) as worker:
        yield worker


@pytest.fixture
def celery_worker(redis_available, transactional_db):
    redis.Redis.from_url(TEST_REDIS_URL).delete(TEST_QUEUE)
    with running_worker() as worker:
        yield worker


# --- SMTP sink: a real SMTP server on a free port that keeps what it receives.
class _Sink:
    def __init__(self):
        self.messages: list[Message] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        with self._lock:
            self.messages.append(message_from_bytes(envelope.original_content))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 15.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        with self._lock:
            return list(self.messages)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_sink(settings):
    handler = _Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield handler
    finally:
        controller.stop()


def message_text(message: Message) -> str:
    if message.is_multipart():
        return "\n".join(
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        )
    return message.get_payload(decode=True).decode()


# --- Brokers that fail, for the fault tests.
@contextmanager
def closed_port_broker():
    port = free_port()  # bound then released: nothing listens there
    use_broker(f"redis://127.0.0.1:{port}/0")
    yield port


@contextmanager
def silent_broker():
    """A TCP server that accepts connections and never replies."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    use_broker(f"redis://127.0.0.1:{server.getsockname()[1]}/0")
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        server.close()


# --- People in each role.
@pytest.fixture
def specialty(db):
    return SpecialtyFactory(name="Dermatology", slug="dermatology", keywords="skin, rash, itch")


@pytest.fixture
def other_specialty(db):
    return SpecialtyFactory(name="Cardiology", slug="cardiology", keywords="heart, chest")


@pytest.fixture
def patient(db):
    return UserFactory(email="patient@example.org")


@pytest.fixture
def other_patient(db):
    return UserFactory(email="other.patient@example.org")


@pytest.fixture
def doctor(db, specialty):
    return DoctorFactory(
        full_name="Asha Rao", slug="asha-rao", specialties=[specialty], user__email="dr@example.org"
    )


@pytest.fixture
def applicant(db, specialty):
    return DoctorFactory(
        full_name="Ravi Applicant",
        slug="ravi-applicant",
        verified_at=None,
        specialties=[specialty],
        user__email="applicant@example.org",
    )


@pytest.fixture
def staff(db):
    """A moderator: staff with the permission to read private questions."""
    from django.contrib.auth.models import Permission

    user = UserFactory(email="staff@example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_private_question"))
    return user


@pytest.fixture
def verifier(db):
    """Staff holding doctors.verify_doctor: reviews applications, reads proof documents."""
    from django.contrib.auth.models import Permission

    user = UserFactory(email="verifier@example.org", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="verify_doctor", content_type__app_label="doctors")
    )
    return user


@pytest.fixture
def expired_doctor(db, specialty):
    """Approved 400 days ago and never re-confirmed: the verification ran out."""
    return DoctorFactory(
        full_name="Kiran Lapsed",
        slug="kiran-lapsed",
        verified_at=timezone.now() - timedelta(days=400),
        specialties=[specialty],
        user__email="lapsed@example.org",
    )


@contextmanager
def chromium():
    """Headless Debian Chromium driven by Playwright (sync API)."""
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"Chromium is not installed at {CHROMIUM}")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser(live_server):
    """Chromium for one test, beside the live server."""
    with chromium() as browser:
        yield browser
