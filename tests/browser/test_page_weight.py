"""Page weight: what a visitor's phone downloads on a first visit to each public page type
of the look pass (tests/browser/test_look.py), images left out.

The test server serves files as Django's runserver does (no compression, unhashed names),
so every response's body is compressed here as production sends it: static files with
Brotli (WhiteNoise's CompressedManifestStaticFilesStorage stores a Brotli copy of each, at
Brotli's default quality), the HTML with gzip at level 6 (what a compressing proxy in
front does). What production serves for static files is checked apart, on collectstatic's
output with the production settings."""

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest

from tests.browser import test_look as look
from tests.test_settings import production_env

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.long_file]

BUDGET = 150 * 1024  # bytes per page, HTML + CSS + JS (+ fonts), compressed
ONE_YEAR = 365 * 24 * 3600
COUNTED = {"document", "stylesheet", "script", "font", "fetch", "xhr"}
ROOT = Path(__file__).resolve().parents[2]


def _compressed(resource_type: str, body: bytes) -> int:
    if resource_type == "document":
        return len(gzip.compress(body, compresslevel=6, mtime=0))
    return len(brotli.compress(body))


def _first_load(browser, url: str) -> list[dict]:
    """Every response of a first visit (empty cache) to ``url``."""
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    seen = []
    page.on("response", lambda response: seen.append(response))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    loaded = []
    for response in seen:
        kind = response.request.resource_type
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - a redirect has no body to count
            body = b""
        loaded.append({"url": response.url, "type": kind, "raw": len(body), "body": body})
    context.close()
    return loaded


def test_every_public_page_is_light_and_loads_nothing_from_elsewhere(browser, live_server, demo):
    base = live_server.url
    origin = urlsplit(base).netloc
    pages = look._public_pages()
    context = browser.new_context()
    pages.update(look._directory_pages(context.new_page(), base))
    context.close()

    rows = []
    too_heavy = []
    elsewhere = []
    for name, path in pages.items():
        loaded = _first_load(browser, base + path)
        elsewhere += [
            f"{name}: {r['type']} {r['url']}"
            for r in loaded
            if not r["url"].startswith("data:") and urlsplit(r["url"]).netloc != origin
        ]
        counted = [r for r in loaded if r["type"] in COUNTED]
        size = {
            kind: sum(_compressed(kind, r["body"]) for r in counted if r["type"] == kind)
            for kind in ("document", "stylesheet", "script")
        }
        other = sum(
            _compressed(r["type"], r["body"])
            for r in counted
            if r["type"] not in ("document", "stylesheet", "script")
        )
        total = sum(size.values()) + other
        raw = sum(r["raw"] for r in counted)
        rows.append((name, size["document"], size["stylesheet"], size["script"], other, total, raw))
        if total >= BUDGET:
            too_heavy.append(f"{name} ({path}): {total / 1024:.1f} KB")

    print(
        f"\n{'page':<22}{'HTML':>9}{'CSS':>9}{'JS':>9}{'other':>9}{'total':>10}{'raw':>10}"
        "   (KB; compressed: HTML gzip 6, CSS/JS Brotli; raw: uncompressed)"
    )
    for name, html, css, js, other, total, raw in rows:
        print(
            f"{name:<22}{html / 1024:>9.1f}{css / 1024:>9.1f}{js / 1024:>9.1f}"
            f"{other / 1024:>9.1f}{total / 1024:>10.1f}{raw / 1024:>10.1f}"
        )
    assert not elsewhere, "loaded from another origin:\n" + "\n".join(elsewhere)
    assert not too_heavy, f"over {BUDGET // 1024} KB:\n" + "\n".join(too_heavy)


PRODUCTION_STATIC = """
import json, django
django.setup()
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
call_command("collectstatic", "--noinput", verbosity=0)
client = Client()
out = {}
for name in ("css/portal.css", "js/menu.js", "js/table_roles.js"):
    url = static(name)
    response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip", secure=True)
    out[name] = {"url": url, "status": response.status_code,
                 "cache": response.get("Cache-Control", ""),
                 "encoding": response.get("Content-Encoding", "")}
print(json.dumps(out))
"""


def test_production_serves_static_files_hashed_compressed_and_cached_for_a_year(tmp_path):
    """collectstatic with the production settings, then WhiteNoise (the first middleware)
    answers for the files every page loads: hashed names, Brotli, a year's cache."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PRODUCTION_STATIC],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(tmp_path / "static"), SECURE_SSL_REDIRECT="0"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    served = json.loads(result.stdout.strip().splitlines()[-1])

    for name, answer in served.items():
        stem, suffix = name.rsplit(".", 1)
        assert re.fullmatch(rf"/static/{stem}\.[0-9a-f]{{12}}\.{suffix}", answer["url"]), answer
        assert answer["status"] == 200, answer
        assert answer["encoding"] == "br", answer
        max_age = int(re.search(r"max-age=(\d+)", answer["cache"]).group(1))
        assert max_age >= ONE_YEAR and "immutable" in answer["cache"], answer
