"""The scaled-out portal (devtools/cluster.py, `make cluster`) proves it shares everything
that must be shared: haproxy in front of three gunicorn instances with production settings
(DEBUG=0), three Celery workers and one beat, on the test database and the test Redis.

- a login made through one instance is valid on the others (sessions in PostgreSQL);
- a file uploaded through one instance is served by the others (public media and
  private storage in one folder);
- three workers send each notification exactly once (an SMTP sink counts them);
- with one web instance and one worker killed (SIGKILL), requests through haproxy still
  succeed and notifications queued afterwards still arrive;
- hashed static files are served compressed with far-future caching.

The cluster is started once for the module (about 15 s); the figures of the kill run are
printed (pytest -s shows them)."""

import gzip
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection
from PIL import Image

from devtools.cluster import HAPROXY, Cluster, cluster_env
from portal.celery import app as celery_app
from portal.notifications.models import Notification
from portal.notifications.services import notification_create
from questions.models import Attachment
from tests.conftest import TEST_QUEUE, TEST_REDIS_URL, _Sink, free_port, skip_or_fail
from tests.doctors.files import pdf_bytes
from tests.factories import DoctorFactory, QuestionFactory, SpecialtyFactory, UserFactory

from .http import Browser, upload_form_fields

pytestmark = [pytest.mark.cluster, pytest.mark.worker, pytest.mark.long_file]

PASSWORD = "cluster-pass-2026"  # noqa: S105 - a test account's password
GOOD_PDF = pdf_bytes("Blood test report")  # a PDF that parses (pypdf reads every upload)


def database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or s.get("OPTIONS", {}).get("host", "")
    if host.startswith("/"):  # a socket folder: the embedded PostgreSQL
        return f"postgres://{auth}@/{s['NAME']}?host={quote(host)}"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{s['NAME']}"


def free_port_block(size: int) -> int:
    """A first port such that it and the next ``size`` ports are free right now."""
    for _ in range(50):
        first = free_port()
        if first + size > 65000:
            continue
        taken = False
        for port in range(first, first + size):
            try:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
            except OSError:
                taken = True
                break
        if not taken:
            return first
    raise RuntimeError("no block of free ports")


@pytest.fixture(scope="module")
def sink():
    handler = _Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, sink, tmp_path_factory):
    if not Path(HAPROXY).exists():
        skip_or_fail("haproxy is not installed (apt-get install haproxy)")
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        skip_or_fail(f"Redis does not answer at {TEST_REDIS_URL}")
    root = tmp_path_factory.mktemp("cluster")
    port = free_port_block(10)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "PYTEST"))}
    base.update(
        DATABASE_URL=database_url(),
        # The test process publishes to its own queue on the test Redis: the cluster's
        # workers consume that queue, so notifications made here reach them.
        REDIS_URL=TEST_REDIS_URL,
        CACHE_URL=TEST_REDIS_URL,
        CELERY_QUEUE=TEST_QUEUE,
        EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
        MEDIA_ROOT=str(root / "media"),
        PRIVATE_MEDIA_ROOT=str(root / "private"),
        STATIC_ROOT=str(root / "static"),
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="4",
        CLUSTER_LOG_LEVEL="WARNING",
        # Sweep often, so a notification whose worker was killed is sent again soon.
        NOTIFICATION_SWEEP_SECONDS="2",
        NOTIFICATION_SWEEP_AFTER_SECONDS="3",
        NOTIFICATION_LEASE_SECONDS="5",
    )
    env = cluster_env(base, port=port, run_dir=root)
    # The admin's 700 files are left out: compressing them (gzip and Brotli) is most of
    # collectstatic's time, and no page here links them.
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0", "-i", "admin"],
        env=env,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    redis.Redis.from_url(TEST_REDIS_URL).delete(TEST_QUEUE)
    running = Cluster(env, run_dir=root, port=port, log_dir=root / "logs", worker_concurrency=1)
    running.static_root = root / "static"
    running.start()
    try:
        running.wait_until_serving(timeout=60)
        yield running
    finally:
        running.stop()
        celery_app.conf.task_default_queue = TEST_QUEUE


@pytest.fixture
def production_hasher(settings):
    """Accounts made here must log in on the cluster, which hashes like production."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]


def instance(cluster, n: int) -> str:
    return f"http://127.0.0.1:{cluster.web_ports[n - 1]}"


def user(**kwargs):
    account = UserFactory(**kwargs)
    account.set_password(PASSWORD)
    account.save(update_fields=["password"])
    return account


def test_a_login_through_one_instance_is_valid_on_the_others(
    cluster, transactional_db, production_hasher
):
    patient = user()
    browser = Browser()

    logged_in = browser.login(instance(cluster, 1), patient.email, PASSWORD)

    assert logged_in.status == 302, logged_in.text[:2000]
    assert browser.cookie("sessionid")
    for n in (2, 3):
        page = browser.get(f"{instance(cluster, n)}/accounts/email/")
        assert page.status == 200, f"web-{n} answered {page.status}"
        assert patient.email in page.text
    stranger = Browser().get(f"{instance(cluster, 2)}/accounts/email/")
    assert stranger.status == 302  # to the login page: the page above needed the session
    # And through the load balancer, whichever instance answers.
    for _ in range(6):
        assert browser.get(f"{cluster.url}/accounts/email/").status == 200


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 90)).save(out, "PNG")
    return out.getvalue()


def test_a_file_uploaded_through_one_instance_is_served_by_the_others(
    cluster, transactional_db, production_hasher
):
    # Private storage: a patient's PDF report attached to their question through web-1.
    patient = user()
    question = QuestionFactory(author=patient)
    browser = Browser()
    assert browser.login(instance(cluster, 1), patient.email, PASSWORD).status == 302
    page = browser.get(f"{instance(cluster, 1)}{question.get_absolute_url()}")
    token = browser.cookie("csrftoken")
    added = browser.post(
        f"{instance(cluster, 1)}/questions/{question.pk}/attachments/",
        [("csrfmiddlewaretoken", token)],
        files=[("attachments", "report.pdf", "application/pdf", GOOD_PDF)],
    )
    assert added.status == 302, (page.status, added.status)
    attachment = Attachment.objects.get(question=question)
    for n in (2, 3):
        served = browser.get(f"{instance(cluster, n)}/attachments/{attachment.pk}/")
        assert served.status == 200, f"web-{n} answered {served.status}"
        assert served.body == GOOD_PDF
        assert served.headers["Cache-Control"] == "private, no-store"

    # Public media: a doctor's photo uploaded through web-2, served by web-3 and web-1.
    doctor = DoctorFactory(user=user(), specialties=[SpecialtyFactory()])
    doctor_browser = Browser()
    assert doctor_browser.login(instance(cluster, 2), doctor.user.email, PASSWORD).status == 302
    form = doctor_browser.get(f"{instance(cluster, 2)}/doctors/dashboard/profile/")
    assert form.status == 200
    fields = [
        (k, v)
        for k, v in upload_form_fields(form.text)
        if k not in {"remove_photo", "years_of_experience"}
    ]
    fields.append(("years_of_experience", "7"))
    saved = doctor_browser.post(
        f"{instance(cluster, 2)}/doctors/dashboard/profile/",
        fields,
        files=[("photo", "me.png", "image/png", png_bytes())],
    )
    assert saved.status == 302, re.findall(r"<li><a href=.#id_.*?</li>", saved.text)
    doctor.refresh_from_db()
    assert doctor.photo
    stored = Path(cluster.env["MEDIA_ROOT"], doctor.photo.name).read_bytes()
    for n in (3, 1):
        served = Browser().get(f"{instance(cluster, n)}{doctor.photo.url}")
        assert served.status == 200, f"web-{n} answered {served.status}"
        assert served.body == stored


def sent_ids(sink) -> list[str]:
    with sink._lock:
        return [m["Message-ID"] for m in sink.messages]


def wait_for_ids(sink, wanted: set[str], timeout: float) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ids = sent_ids(sink)
        if wanted <= set(ids):
            return ids
        time.sleep(0.1)
    return sent_ids(sink)


def make_notifications(count: int) -> set[str]:
    recipient = UserFactory()
    made = [
        notification_create(
            recipient=recipient,
            kind=Notification.Kind.choices[0][0],
            title=f"Cluster notification {n}",
            target_path="/",
        )
        for n in range(count)
    ]
    return {f"<notification-{n.pk}@127.0.0.1>" for n in made}


def test_three_workers_send_each_notification_exactly_once(cluster, transactional_db, sink):
    wanted = make_notifications(30)

    ids = wait_for_ids(sink, wanted, timeout=30)
    time.sleep(4)  # longer than a sweep and a lease: a second copy would have come by now
    ids = [i for i in sent_ids(sink) if i in wanted]

    assert set(ids) == wanted
    assert len(ids) == len(wanted), "a notification was sent more than once"
    assert not Notification.objects.exclude(email_status=Notification.EmailStatus.SENT).filter(
        title__startswith="Cluster notification"
    )


class Load:
    """GETs through the load balancer from four threads until stopped."""

    def __init__(self, url: str):
        self.url, self.results, self._stop = url, [], threading.Event()
        self._threads = [threading.Thread(target=self._run) for _ in range(4)]

    def _run(self):
        browser = Browser()
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                status = browser.get(self.url).status
            except Exception as error:  # noqa: BLE001 - a failed request is a result here
                status = repr(error)
            self.results.append((started, status))

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join()


def test_the_portal_keeps_serving_when_a_web_instance_and_a_worker_are_killed(
    cluster, transactional_db, sink
):
    web, worker = cluster.child("web-1"), cluster.child("worker-1")
    web_pid, worker_pid = web.process.pid, worker.process.pid
    before = make_notifications(5)
    assert wait_for_ids(sink, before, timeout=20)

    with Load(f"{cluster.url}/questions/") as load:
        time.sleep(2)
        killed_at = time.monotonic()
        # SIGKILL to the whole instance (gunicorn's master and its worker) and the whole
        # Celery worker (main process and pool): each runs in its own process group.
        os.killpg(web_pid, signal.SIGKILL)
        os.killpg(worker_pid, signal.SIGKILL)
        after = make_notifications(10)
        back_at = None
        while time.monotonic() - killed_at < 20:
            if web.process.pid != web_pid:
                try:
                    if Browser().get(f"{instance(cluster, 1)}/livez").status == 200:
                        back_at = time.monotonic()
                        break
                except OSError:
                    pass
            time.sleep(0.1)
        time.sleep(1)
    ids = wait_for_ids(sink, after, timeout=30)

    during = [status for started, status in load.results if started >= killed_at]
    failed = [status for status in during if status != 200]
    print(
        f"\nkill run: {len(load.results)} requests through haproxy, {len(during)} after the"
        f" kill, {len(failed)} failed {failed[:5]}; web-1 serving again after"
        f" {back_at - killed_at if back_at else float('nan'):.1f} s (restarted by the"
        f" supervisor); {len(after)} notifications queued after the kill all sent in"
        f" {len([i for i in ids if i in after])} emails"
    )
    assert during, "no request was made after the kill"
    assert not failed
    assert back_at is not None, "the supervisor did not bring web-1 back"
    assert worker.process.pid != worker_pid, "the supervisor did not restart worker-1"
    assert set(ids) >= after
    assert len([i for i in ids if i in after]) == len(after)


def test_hashed_static_files_are_compressed_and_cached_for_a_year(cluster):
    manifest = json.loads((cluster.static_root / "staticfiles.json").read_text())
    browser = Browser()

    home = browser.get(f"{cluster.url}/")
    linked = re.findall(r'href="/static/([^"]+\.css)"', home.text)
    assert linked, "the home page links no stylesheet"
    assert set(linked) <= set(manifest["paths"].values()), "pages link unhashed names"
    for encoding in ("br", "gzip"):
        served = browser.get(f"{cluster.url}/static/{linked[0]}", **{"Accept-Encoding": encoding})
        assert served.status == 200
        assert served.headers["Content-Encoding"] == encoding
        cache_control = served.headers["Cache-Control"]
        assert "immutable" in cache_control
        max_age = int(cache_control.split("max-age=")[1].split(",")[0])
        assert max_age >= 31536000
    # The unhashed name may change content at any deploy: it is not cached for a year.
    original = next(k for k, v in manifest["paths"].items() if v == linked[0])
    plain = browser.get(f"{cluster.url}/static/{original}")
    assert plain.status == 200
    assert "immutable" not in plain.headers["Cache-Control"]


def test_pages_leave_the_load_balancer_compressed(cluster):
    browser = Browser()
    plain = browser.get(f"{cluster.url}/")
    assert plain.status == 200
    assert "Content-Encoding" not in plain.headers
    packed = browser.get(f"{cluster.url}/", **{"Accept-Encoding": "gzip"})
    assert packed.status == 200
    assert packed.headers["Content-Encoding"] == "gzip"
    page = gzip.decompress(packed.body)
    assert b"</html>" in page
    # Debian's haproxy compresses with libslz: fast, about 2.5 times smaller for HTML.
    assert len(packed.body) < len(page) / 2
