"""Issue 15, "Error tracking and logs": JSON log lines in production, and Sentry reports
that carry no request body, query string, cookie or question text."""

import gzip
import json
import os
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from portal.observability import FILTERED, before_send

BASE_DIR = Path(__file__).resolve().parent.parent
QUESTION = "I have had burning when passing urine and a discharge for a week since a new partner."


def run_django(script: str, **env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "1",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_issue15_logs_are_json_lines_in_production():
    result = run_django(
        """
        import django, logging
        django.setup()
        logging.getLogger("portal.test").warning("saved %s", "x", extra={"request": object()})
        """,
        LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "portal.test" in line]
    record = json.loads(lines[-1])
    assert record["level"] == "WARNING" and record["logger"] == "portal.test"
    assert record["message"] == "saved x" and "time" in record
    assert "request" not in record


def test_issue15_log_format_defaults_to_json_when_debug_is_off():
    from django.conf import settings

    # Tests load the DEBUG settings: text. The production default is checked by reading it.
    assert settings.LOG_FORMAT == "text"
    source = (BASE_DIR / "portal" / "settings.py").read_text()
    assert 'env.str("LOG_FORMAT", default="text" if DEBUG else "json")' in source


def test_issue15_before_send_strips_bodies_cookies_queries_and_question_text():
    event = {
        "request": {
            "method": "POST",
            "url": "https://example.org/ask/?q=discharge",
            "query_string": "q=discharge",
            "data": {"text": QUESTION},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "User-Agent": "Firefox", "Referer": "x?q=y"},
            "env": {"REMOTE_ADDR": "198.51.100.7"},
        },
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "stacktrace": {"frames": [{"function": "ask", "vars": {"text": QUESTION}}]},
                }
            ]
        },
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": "SELECT 1 WHERE text = %s", "data": {}},
                {"category": "questions", "message": f"saving {QUESTION}", "data": {"q": 1}},
            ]
        },
        "logentry": {"message": "could not save %s", "params": [QUESTION]},
        "extra": {"text": QUESTION},
        "user": {"email": "patient@example.org", "ip_address": "198.51.100.7"},
    }
    scrubbed = before_send(event, {})
    dumped = json.dumps(scrubbed)
    assert QUESTION not in dumped and "discharge" not in dumped
    assert "sessionid" not in dumped and "198.51.100.7" not in dumped
    assert "patient@example.org" not in dumped
    assert scrubbed["request"]["url"] == "https://example.org/ask/"
    assert scrubbed["request"]["data"] == FILTERED
    assert scrubbed["request"]["headers"] == {"User-Agent": "Firefox"}
    assert scrubbed["breadcrumbs"]["values"][0]["message"] == "SELECT 1 WHERE text = %s"
    assert scrubbed["exception"]["values"][0]["type"] == "ValueError"


class _Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # noqa: N802 - http.server's API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # sentry-sdk prefers Brotli when it is installed
            import brotli

            body = brotli.decompress(body)
        _Collector.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_issue15_sentry_reports_an_error_without_the_question(tmp_path):
    """sentry-sdk, started by the settings because SENTRY_DSN is set, sends a real error
    from a Django request to a local collector; nothing the patient typed is in it."""
    _Collector.received = []
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = run_django(
            f"""
            import django
            django.setup()
            import sentry_sdk
            from django.test import Client
            from django.test.utils import override_settings
            from django.urls import path

            def ask(request):
                text = request.POST["text"]
                raise ValueError("could not save the question")

            urlpatterns = [path("boom/", ask)]
            options = sentry_sdk.get_client().options
            assert options["send_default_pii"] is False
            assert options["include_local_variables"] is False
            assert options["before_send"].__module__ == "portal.observability"
            names = {{i.identifier for i in sentry_sdk.get_client().integrations.values()}}
            assert {{"django", "celery"}} <= names, names
            with override_settings(ROOT_URLCONF="__main__", ALLOWED_HOSTS=["testserver"]):
                Client(raise_request_exception=False).post(
                    "/boom/?q=discharge", {{"text": {QUESTION!r}}}
                )
            sentry_sdk.flush(10)
            """,
            SENTRY_DSN=f"http://public@127.0.0.1:{server.server_port}/1",
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert _Collector.received, "no report reached the collector"
    raw = b"".join(_Collector.received).decode()
    assert "could not save the question" in raw and "ValueError" in raw
    assert QUESTION not in raw and "discharge" not in raw and "burning" not in raw
