"""Issue 15, point 9: a Content-Security-Policy and a Permissions-Policy on every page,
``Cache-Control: private, no-store`` on every page with personal or health data, no
``Server: gunicorn``; and the CSP bullet: no inline script or style in any template, report
endpoint logging violations."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import free_port
from tests.factories import QuestionFactory

BASE_DIR = Path(__file__).resolve().parent.parent
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
        for part in header.split(";")
        if " " in part.strip()
    }


@pytest.mark.django_db
def test_issue15_point9_every_page_carries_the_csp_and_permissions_policy(client, settings):
    # Tests load the DEBUG settings, so the policy is report-only; enforced, it is the same.
    settings.CONTENT_SECURITY_POLICY = settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
    response = client.get("/")
    for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        policy = directives(response[header])
        for name, value in POLICY.items():
            assert policy[name] == value, (header, name)
        assert "unsafe-inline" not in response[header]
        assert "nonce-" not in response[header]  # the same header on every response
        assert policy["report-uri"] == reverse("csp_report")
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions


def test_issue15_point9_csp_is_enforced_when_debug_is_off():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://portal@localhost:5432/portal",
        "SITE_URL": "https://example.org",
        "EMAIL_URL": "smtp://localhost:25",
        "REDIS_URL": "redis://localhost:6379/0",
        "CACHE_URL": "redis://localhost:6379/1",
        "DEFAULT_FROM_EMAIL": "Health Portal <no-reply@example.org>",
    }
    code = (
        "from django.conf import settings as s; import json; "
        "print(json.dumps([hasattr(s, 'CONTENT_SECURITY_POLICY'), "
        "hasattr(s, 'CONTENT_SECURITY_POLICY_REPORT_ONLY')]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [True, False]


@pytest.fixture
def private_question(patient):
    return QuestionFactory(author=patient, is_private=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "private-question",
        "/notifications/",
        "/questions/mine/",
        "/account/",
        "/account/emails/",
        "/account/export/",
        "/accounts/email/",
        "/consult/bookings/",
        "/ask/",
        "/",  # a public page, signed in: the header names the person and counts the bell
    ],
)
def test_issue15_point9_a_patients_pages_are_private_no_store(
    client, patient, private_question, path
):
    client.force_login(patient)
    url = private_question.get_absolute_url() if path == "private-question" else path
    response = client.get(url)
    assert response.status_code == 200, url
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("doctor", "/doctors/dashboard/"),
        ("doctor", "/consult/desk/"),
        ("verifier", "/doctors/verification/"),
        ("staff", "/moderation/"),
        ("superuser", "/admin/"),
    ],
)
def test_issue15_point9_desks_dashboards_and_the_admin_are_private_no_store(
    client, request, who, path
):
    if who == "superuser":
        from tests.factories import UserFactory

        user = UserFactory(is_staff=True, is_superuser=True)
    else:
        user = request.getfixturevalue(who)
        user = getattr(user, "user", user)
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}


@pytest.mark.django_db
def test_issue15_point9_a_visitors_public_page_stays_cacheable(client):
    response = client.get("/questions/")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_issue15_point9_a_visitors_draft_in_the_session_makes_the_page_private(client):
    session = client.session
    session["anything"] = "kept across sign-up"
    session.save()
    response = client.get("/ask/")
    assert "no-store" in response.get("Cache-Control", "")


def test_issue15_csp_reports_are_logged_without_the_query_string(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://example.org/search/?q=herpes",
            "violated-directive": "script-src-elem",
            "effective-directive": "script-src-elem",
            "blocked-uri": "inline",
            "script-sample": "alert(1)",
        }
    }
    with caplog.at_level("WARNING", logger="portal.csp"):
        response = client.post(
            reverse("csp_report"), json.dumps(report), content_type="application/csp-report"
        )
    assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "portal.csp"]
    assert record.getMessage() == "CSP violation on https://example.org/search/"
    assert record.csp["violated-directive"] == "script-src-elem"
    assert "herpes" not in json.dumps(record.csp) and "script-sample" not in record.csp
    assert (
        client.post(reverse("csp_report"), "not json", content_type="text/plain").status_code == 204
    )


INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I
)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=\"|javascript:", re.I)


def test_issue15_csp_no_template_holds_inline_script_or_style():
    """What CSP without 'unsafe-inline' would block: scripts and styles live in static/."""
    found = []
    for template in sorted((BASE_DIR / "templates").rglob("*.html")):
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(BASE_DIR)}:{line}: {match.group(0)}")
    assert not found, "\n".join(found)


def test_issue15_point9_gunicorn_sends_no_server_header():
    """A real gunicorn with the portal's gunicorn.conf.py."""
    port = free_port()
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL", "")
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5) as r:
                    headers = r.headers
                    break
            except OSError:
                if time.monotonic() > deadline or gunicorn.poll() is not None:
                    raise
                time.sleep(0.3)
        assert "Server" not in headers
        assert "gunicorn" not in str(headers).lower()
        assert headers["Content-Type"].startswith("text/plain")
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
