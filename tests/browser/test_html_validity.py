"""Every page type of the look pass (tests/browser/test_look.py), signed out and as each
role, and the standalone error pages (413, 500, 503) are valid HTML by the Nu HTML Checker.

The checker is the `vnu-jar` package from the npm registry (package.json; `make install`
runs `npm ci`), run on the machine's Java. It takes seconds to start, so the pages' HTML,
as the server sent it, is collected first and checked in one run."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.template import loader

from tests.browser import test_look as look
from tests.conftest import skip_or_fail
from tests.test_error_pages import ERROR_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.long_file]

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ROLES = ("patient", "doctor", "editor", "staff")


def _vnu_errors(files: list[Path]) -> list[dict]:
    """The checker's errors over ``files``, in one Java process."""
    java = shutil.which("java")
    if not java or not VNU.exists():
        skip_or_fail(
            "the Nu HTML Checker needs Java and node_modules/vnu-jar (npm ci): "
            f"java={java}, vnu.jar {'found' if VNU.exists() else 'missing'}"
        )
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # vnu writes its report to stderr; exit status 1 means "errors found".
    report = json.loads(result.stderr)
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def _collect(browser, base: str, role: str, pages: dict[str, str], out: Path) -> list[str]:
    """Save each page's HTML as served to ``out``; the pages that did not load."""
    problems = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if role != "visitor":
        look._log_in(page, base, f"{role}@demo.example")
    for name, path in pages.items():
        page.goto(base + path)
        if name in look.RELOADS:
            page.wait_for_load_state("networkidle")
        # Fetched again with the page's cookies (the time zone a reload may have set): the
        # HTML as served, not the DOM after scripts ran.
        response = context.request.get(base + path)
        if response.status >= 500 or (response.status >= 400 and name != "not-found"):
            problems.append(f"{role} {name} ({path}): HTTP {response.status}")
            continue
        (out / f"{role}--{name}.html").write_bytes(response.body())
    context.close()
    return problems


def test_every_page_type_is_valid_html(browser, live_server, demo, tmp_path):
    base = live_server.url
    out = tmp_path / "html"
    out.mkdir()
    public = look._public_pages()
    context = browser.new_context()
    public.update(look._directory_pages(context.new_page(), base))
    context.close()

    problems = _collect(browser, base, "visitor", public, out)
    for role in ROLES:
        problems += _collect(browser, base, role, look._signed_in_pages(role), out)
    # The standalone error pages, rendered as their views render them.
    for name, (context, _title) in ERROR_PAGES.items():
        (out / f"error--{name}").write_text(loader.get_template(name).render(context))
    files = sorted(out.glob("*.html"))
    errors = _vnu_errors(files)

    report = [
        f"{Path(e.get('url', '?')).name}:{e.get('lastLine', '?')}: {e['message']}"
        f" -- {e.get('extract', '').strip()[:120]!r}"
        for e in errors
    ]
    print(f"\nNu HTML Checker: {len(errors)} errors on {len(files)} pages")
    print("\n".join(report))
    assert not problems, "\n".join(problems)
    assert not errors, f"{len(errors)} errors on {len(files)} pages:\n" + "\n".join(report)
