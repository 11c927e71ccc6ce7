"""Issue 15, point 9 and the CSP bullet: every page type, for every role, loads in Chromium
without a single Content-Security-Policy violation: none reported by the browser's
``securitypolicyviolation`` event and none in the console. Runs over the demo content, with
the policy the settings give (report-only under DEBUG, as in the test run: Chromium reports
report-only violations exactly as it would block enforced ones)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from blog.models import Article
from directory.models import Clinic
from doctors.models import DoctorProfile
from questions.models import Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.long_file]

DEMO_PASSWORD = "demo-pass-2026"  # demo/README.md: every demo account's password

# Registered before any page script runs: every violation the document sees is kept.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(
    `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
});
"""
CONSOLE_CSP = re.compile(r"Content Security Policy|Content-Security-Policy", re.I)


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    call_command("seed_demo", "--allow-production", stdout=StringIO())


def _pages():
    public_question = Question.objects.filter(is_private=False).order_by("pk").first()
    private_question = Question.objects.filter(is_private=True).order_by("pk").first()
    article = Article.objects.filter(status="published").order_by("pk").first()
    doctor = DoctorProfile.objects.exclude(verified_at=None).order_by("pk").first()
    clinic = Clinic.objects.order_by("pk").first()
    return {
        None: [
            "/",
            "/questions/",
            public_question.get_absolute_url(),
            "/blog/",
            article.get_absolute_url(),
            f"/doctors/{doctor.slug}/",
            f"/clinics/{clinic.slug}/",
            "/hospitals/",
            "/cost/",
            "/search/?q=skin",
            "/ask/",
            "/about/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/no-such-page/",
        ],
        "patient@demo.example": [
            "/ask/",
            "/account/",
            "/account/emails/",
            "/account/export/",
            "/account/delete/",
            "/notifications/",
            "/questions/mine/",
            "/consult/bookings/",
            "/consult/quotes/",
            "/accounts/email/",
            "/accounts/password/change/",
            "/accounts/sessions/",
            f"/consult/doctors/{doctor.slug}/",
        ],
        "doctor@demo.example": [
            "/doctors/dashboard/",
            "/doctors/dashboard/profile/",
            "/consult/desk/",
            "/consult/desk/availability/",
            "/blog/review/",
            private_question.get_absolute_url(),
        ],
        "staff@demo.example": [
            "/admin/",
            "/admin/questions/question/",
            f"/admin/questions/question/{public_question.pk}/change/",
            "/admin/directory/clinic/add/",
            "/admin/accounts/user/",
            "/doctors/verification/",
        ],
        "editor@demo.example": [
            "/admin/blog/article/",
            "/admin/blog/article/add/",
            f"/admin/blog/article/{article.pk}/change/",
            f"/blog/preview/{article.pk}/",
        ],
        "moderator@demo.example": ["/moderation/"],
        "coordinator@demo.example": ["/consult/quote-desk/"],
        "applicant@demo.example": ["/doctors/apply/"],
    }


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    page.wait_for_load_state()


def test_issue15_point9_no_page_of_any_role_breaks_the_content_security_policy(
    browser, live_server, demo
):
    base = live_server.url
    violations: list[str] = []
    checked = 0
    for email, paths in _pages().items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(LISTEN)
        page = context.new_page()
        console: list[str] = []
        page.on(
            "console",
            lambda message, console=console: (
                console.append(message.text) if CONSOLE_CSP.search(message.text) else None
            ),
        )
        if email:
            _log_in(page, base, email)
            assert "/accounts/login/" not in page.url, f"{email} could not log in"
        for path in paths:
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status < 500, (email, path)
            headers = response.all_headers()
            policy = headers.get("content-security-policy") or headers.get(
                "content-security-policy-report-only"
            )
            assert policy and "default-src 'self'" in policy, (email, path, headers)
            if path in ("/", "/ask/"):
                # The scripts that react to typing run too (similar questions, suggestions).
                box = page.locator("textarea").first
                if box.count():
                    box.fill("itchy red rash on both elbows for three weeks, worse at night")
                    page.wait_for_timeout(600)
            page.wait_for_load_state("networkidle")
            found = page.evaluate("window.__csp") + console
            console.clear()
            violations += [f"{email or 'visitor'} {path}: {v}" for v in found]
            checked += 1
        context.close()
    assert checked >= 45
    assert not violations, "\n".join(violations)
