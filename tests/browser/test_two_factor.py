"""Two-factor authentication as staff meet it, in headless Chromium: a new staff account
is sent from the admin to set up an authenticator app, enrols with a code computed here
from the secret on the page, logs out, and logs in again with password and code."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin

from tests.browser.helpers import DESKTOP, PHONE, no_sideways_scroll, shot
from tests.factories import PASSWORD, UserFactory
from tests.helpers import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_login(page, base: str, email: str, next_url: str = "") -> None:
    page.goto(f"{base}/accounts/login/{next_url}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    page.wait_for_load_state()


def test_staff_enrol_an_authenticator_then_log_in_with_password_and_code(browser, live_server):
    base = live_server.url
    staff = UserFactory(
        email="new.moderator@example.org", is_staff=True, is_superuser=True, second_factor=False
    )
    page = browser.new_context(viewport=PHONE).new_page()

    # Password alone no longer opens the admin: set up a second factor first.
    fill_login(page, base, staff.email, "?next=/admin/")
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    assert "needs two-factor authentication" in page.content()
    no_sideways_scroll(page)
    shot(page, "two-factor-01-why")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("confirm", re.I)).click()
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    no_sideways_scroll(page)
    shot(page, "two-factor-02-activate")
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    shot(page, "two-factor-03-recovery-codes")
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    page.goto(f"{base}/admin/")
    assert admin.site.index_title in page.content()

    # Log out; the password alone stops at the code.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    fill_login(page, base, staff.email, "?next=/admin/")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    shot(page, "two-factor-04-code")
    page.goto(f"{base}/admin/")  # not signed in yet: back to the login or the code
    assert re.search(r"/accounts/(login|2fa/authenticate)/", page.url), page.url
    assert admin.site.index_title not in page.content()

    if "/accounts/2fa/authenticate/" not in page.url:
        fill_login(page, base, staff.email, "?next=/admin/")
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert admin.site.index_title in page.content()


def test_a_patient_finds_two_factor_on_the_account_page(browser, live_server, patient):
    from tests.browser.helpers import log_in

    page = browser.new_context(viewport=DESKTOP).new_page()
    log_in(page, live_server.url, patient.email)
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Two-factor").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/$"))
    shot(page, "two-factor-05-patient-offer")
    assert "Authenticator App" in page.content()
