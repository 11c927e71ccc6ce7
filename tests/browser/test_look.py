"""The "look" pass, over the demo content in headless Chromium: every public page type and
the main signed-in pages (patient, doctor, editor, staff) at 320, 360 and 1280 px.

- No sideways scroll: the document is never wider than the viewport.
- Nothing in the header is cut off or pushed out of view; the header's links keep one row
  at every width, signed in or not.
- axe-core (vendored in tests/browser/vendor/axe-core, injected by Playwright: no network)
  with the WCAG 2.0/2.1/2.2 A and AA rules at 360 and 1280 px: 0 violations.

Screenshots go to screenshots/look/<role>/<page>-<width>.png (git-ignored; CI keeps them
as artefacts). Every problem on every page is collected first, then reported together."""

import re
import time
from pathlib import Path

import pytest
from django.urls import reverse

from blog.models import Article
from devtools.demo_loader import DemoLoader
from directory.models import Clinic
from doctors.models import DoctorProfile
from portal.accounts.models import User
from questions.models import Question
from tests.browser.helpers import SHOTS
from tests.helpers import totp_code

# The demo is loaded once for the module (demo_site, tests/browser/conftest.py): the tests
# here only read it.
# django_db: so the test database is set up when this file runs alone (pytest-django sets
# up only the databases a collected test asks for); each test reads the module's demo.
pytestmark = [pytest.mark.browser, pytest.mark.long_file, pytest.mark.django_db]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (320, 360, 1280)
AXE_WIDTHS = (360, 1280)
DEMO_PASSWORD = "demo-pass-2026"  # demo/people.toml
LOOK_SHOTS = SHOTS.parent / "look"
# Pages that may reload once after asking for the viewer's time zone (static/js/timezone.js).
RELOADS = {"consult", "consult-desk", "consultations"}

HEADER_CLIPPED = """() => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  const items = document.querySelectorAll(
    ".site-header a, .site-header button, .site-header summary, .site-header input, " +
    ".site-header .brand span");
  for (const el of items) {
    const box = el.getBoundingClientRect();
    // Not shown (a closed menu), or visually hidden for screen readers only.
    if (!el.checkVisibility() || box.width <= 1 || box.height <= 1) continue;
    const cut = el.scrollWidth > el.clientWidth + 1 && el.tagName !== "INPUT";
    if (box.left < -1 || box.right > width + 1 || cut) {
      bad.push((el.innerText || el.getAttribute("aria-label") || el.name || el.tagName).trim());
    }
  }
  return bad;
}"""

NAV_ROWS = """() => new Set([...document.querySelectorAll(".site-nav > ul > li")]
  .filter(li => li.checkVisibility())
  .map(li => Math.round(li.getBoundingClientRect().top))).size"""

# Headings that skip a level going down (h1 then h3): what the Nu HTML Checker reports.
HEADING_SKIPS = """() => {
  let previous = 0;
  const skips = [];
  for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const level = Number(h.tagName[1]);
    if (previous && level > previous + 1) {
      skips.push(`h${previous} then h${level} "${h.textContent.trim().slice(0, 40)}"`);
    }
    previous = level;
  }
  return skips;
}"""

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} -- ` +
    v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""


def _public_pages() -> dict[str, str]:
    # The article with the most parts: a table, footnotes, contents.
    article = (
        Article.objects.published()
        .filter(body__contains="[^", body_html__contains="<table")
        .select_related("specialty")
        .first()
    ) or Article.objects.published().select_related("specialty").first()
    question = Question.objects.filter(is_private=False, answers__isnull=False).first()
    clinic = Clinic.objects.first()
    doctor = DoctorProfile.objects.filter(user__email="doctor@demo.example").first()
    pages = {
        "home": "/",
        "questions": reverse("questions:list"),
        "question": question.get_absolute_url(),
        "ask": reverse("questions:ask"),
        "blog": reverse("blog:index"),
        "article": article.get_absolute_url(),
        "blog-category": reverse("blog:category", kwargs={"slug": article.specialty.slug}),
        "hospitals": reverse("directory:hospitals"),
        "clinic": clinic.get_absolute_url(),
        "costs": reverse("directory:cost_index"),
        "doctor": doctor.get_absolute_url(),
        "search": reverse("search:search") + "?q=psoriasis",
        "policy": reverse("policies:page", kwargs={"kind": "privacy"}),
        "consult": reverse("consultations:choose"),
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
        "password-reset": reverse("account_reset_password"),
        "not-found": "/no-such-page/",
    }
    # Directory pages found from the pages above, as a visitor would follow them.
    return pages


def _directory_pages(page, base: str) -> dict[str, str]:
    found = {}
    for name, start, pattern in (
        ("hospitals-treatment", "/hospitals/", r"^/hospitals/[\w-]+/$"),
        ("cost", "/cost/", r"^/cost/[\w-]+/[\w-]+/$"),
    ):
        page.goto(base + start)
        hrefs = page.eval_on_selector_all(
            "main a[href]", "els => els.map(e => e.getAttribute('href'))"
        )
        match = next((h for h in hrefs if re.match(pattern, h)), None)
        assert match, f"no link like {pattern} on {start}"
        found[name] = match
    page.goto(base + found["hospitals-treatment"])
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    city = next((h for h in hrefs if re.match(r"^/hospitals/[\w-]+/[\w-]+/$", h)), None)
    if city:
        found["hospitals-city"] = city
    return found


def _signed_in_pages(role: str) -> dict[str, str]:
    user = User.objects.get(email=f"{role}@demo.example")
    if role == "patient":
        own = Question.objects.filter(author=user).first()
        pages = {
            "account": reverse("patients:account"),
            "my-questions": reverse("questions:mine"),
            "notifications": reverse("notifications:list"),
            "email-preferences": reverse("patients:preferences"),
            "consultations": reverse("consultations:mine"),
            "password-change": reverse("account_change_password"),
        }
        if own:
            pages["own-question"] = own.get_absolute_url()
        return pages
    if role == "doctor":
        open_question = Question.objects.filter(is_private=False, answers__isnull=True).first()
        pages = {
            "dashboard": reverse("questions:dashboard"),
            "profile-edit": reverse("doctors:profile_edit"),
            "consult-desk": reverse("consultations:desk"),
            "notifications": reverse("notifications:list"),
        }
        if open_question:
            pages["answer-form"] = open_question.get_absolute_url()
        return pages
    if role == "editor":
        draft = Article.objects.exclude(pk__in=Article.objects.published()).first()
        pages = {"blog": reverse("blog:index")}
        if draft:
            pages["preview"] = reverse("blog:preview", kwargs={"pk": draft.pk})
        return pages
    if role == "staff":
        return {"home": "/", "verification-queue": reverse("doctors:verification_queue")}
    raise ValueError(role)


_USED_CODES: set[str] = set()


def _fresh_code(secret: str) -> str:
    """A code not used yet: allauth refuses a code twice, and this pass logs in once per
    width, often within one 30-second period."""
    code = totp_code(secret)
    while code in _USED_CODES:
        time.sleep(30 - time.time() % 30 + 0.2)
        code = totp_code(secret)
    _USED_CODES.add(code)
    return code


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:  # staff: the demo's authenticator app
        page.locator("input[name=code]").fill(_fresh_code(DemoLoader().people["staff_totp_secret"]))
        page.get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
        page.wait_for_load_state()
    assert "/accounts/login/" not in page.url and "/2fa/" not in page.url, (
        f"{email} could not log in: " + page.inner_text("main")[:400]
    )


def _screenshot(page, path: Path) -> None:
    """The page as a PNG, for people to look at. Chromium now and then refuses one while
    the page is still busy ("Unable to capture screenshot", seen once in a clean-clone run
    on a signed-in patient's pages): it then waits for the page to settle and takes it
    again. A second refusal fails the test."""
    from playwright.sync_api import Error

    try:
        page.screenshot(path=str(path))
    except Error:
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(path))


def _look(browser, base: str, role: str, pages: dict[str, str], email: str | None) -> list[str]:
    """Every page at every width: overflow, header, screenshot, axe. The problems found."""
    problems = []
    axe_source = AXE.read_text()
    out = LOOK_SHOTS / role
    out.mkdir(parents=True, exist_ok=True)
    signed_in = None  # the session of the first login, reused at the other widths
    for width in WIDTHS:
        # bypass_csp: axe is injected as a script of its own, which a strict CSP refuses.
        context = browser.new_context(
            viewport={"width": width, "height": 900}, bypass_csp=True, storage_state=signed_in
        )
        page = context.new_page()
        if email and signed_in is None:
            _log_in(page, base, email)
            signed_in = context.storage_state()
        for name, path in pages.items():
            response = page.goto(base + path)
            if name in RELOADS:
                page.wait_for_load_state("networkidle")
            where = f"{role} {name} ({path}) at {width} px"
            status = response.status if response else 0
            if status >= 500 or (status >= 400 and name != "not-found"):
                problems.append(f"{where}: HTTP {status}")
                continue
            _screenshot(page, out / f"{name}-{width}.png")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{where}: {scroll_width} px wide")
            clipped = page.evaluate(HEADER_CLIPPED)
            if clipped:
                problems.append(f"{where}: header items cut off: {clipped}")
            if width == 1280 and (skips := page.evaluate(HEADING_SKIPS)):
                problems.append(f"{where}: headings skip a level: {skips}")
            if page.evaluate(NAV_ROWS) > 1:
                problems.append(f"{where}: the header's links take more than one row")
            if width in AXE_WIDTHS:
                page.add_script_tag(content=axe_source)
                for violation in page.evaluate(AXE_RUN, AXE_TAGS):
                    problems.append(f"{where}: {violation}")
        context.close()
    return problems


def test_every_public_page_type_looks_right_and_passes_axe(demo_chromium, demo_site):
    base = demo_site
    pages = _public_pages()
    context = demo_chromium.new_context()
    pages.update(_directory_pages(context.new_page(), base))
    context.close()

    problems = _look(demo_chromium, base, "visitor", pages, email=None)

    assert not problems, "\n".join(problems)


def test_cost_tables_keep_table_semantics_on_a_phone(demo_chromium, demo_site):
    """At 360 px each cost row is laid out as a card (CSS display: block). Chromium keeps
    table semantics regardless; WebKit (VoiceOver on an iPhone) drops them unless the
    roles are explicit. HTML forbids them in the markup, so static/js/table_roles.js adds
    them; Chromium's tree is checked too."""
    page = demo_chromium.new_context(viewport={"width": 360, "height": 900}).new_page()
    page.goto(demo_site + reverse("directory:cost_index"))
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    cost = next(h for h in hrefs if re.match(r"^/cost/[\w-]+/[\w-]+/$", h))
    page.goto(demo_site + cost)
    assert (
        page.eval_on_selector(".dir-table tbody tr", "tr => getComputedStyle(tr).display")
        == "block"
    )

    explicit = page.eval_on_selector_all(
        ".dir-table, .dir-table tr, .dir-table th, .dir-table td",
        "els => [...new Set(els.map(e => e.getAttribute('role')))]",
    )
    assert sorted(explicit) == ["cell", "columnheader", "row", "rowheader", "table"]

    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    roles = [n["role"]["value"] for n in nodes if n.get("role")]

    assert "table" in roles
    assert "columnheader" in {r.lower() for r in roles}
    assert "rowheader" in {r.lower() for r in roles}
    assert roles.count("cell") >= 2
