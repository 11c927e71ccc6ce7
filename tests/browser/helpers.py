"""What the browser tests share: the viewports, screenshots, logging in, the link an
email carries and the phone-width check. The browser itself is tests/conftest.py's
``browser`` fixture."""

import re
from pathlib import Path

from tests.conftest import message_text
from tests.factories import PASSWORD, TOTP_SECRET
from tests.helpers import totp_code

SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "browser"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name: str) -> None:
    """A full-page screenshot in screenshots/browser/<name>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, base: str, email: str) -> None:
    """Log in through the login form, with the factories' password."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:  # staff: the factories' authenticator app
        page.locator("input[name=code]").fill(totp_code(TOTP_SECRET))
        page.get_by_role("button", name=re.compile("sign in", re.I)).click()
        page.wait_for_load_state()


def link_in(message, pattern: str) -> str:
    """The first link in an email that matches ``pattern``."""
    match = re.search(pattern, message_text(message))
    assert match, f"no link matching {pattern!r} in: {message_text(message)}"
    return match.group(0)


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
