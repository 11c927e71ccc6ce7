"""The header on a phone, signed in: one row of links, and the two that move into the
account menu to make room (Hospitals, Blog) are one tap away there; on a laptop they stay
in the row."""

import pytest

from tests.browser import test_look as look
from tests.browser.helpers import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_doctors_header_is_one_row_on_a_phone_with_every_link_reachable(
    browser, live_server, demo
):
    base = live_server.url
    signed_in = None
    for width in (320, 360, 1280):
        context = browser.new_context(
            viewport={"width": width, "height": 800}, storage_state=signed_in
        )
        page = context.new_page()
        if signed_in is None:
            look._log_in(page, base, "doctor@demo.example")
            signed_in = context.storage_state()
        page.goto(base + "/doctors/dashboard/")
        nav = page.locator(".site-nav")
        row_link = nav.locator("> ul > li > a", has_text="Hospitals")
        menu = nav.locator(".nav-menu--end .nav-menu__list")

        assert page.evaluate(look.NAV_ROWS) == 1, width
        assert nav.get_by_role("link", name="Dashboard").is_visible()
        nav.locator("summary", has_text="Account").click()
        shot(page, f"header-account-menu-{width}")
        if width == 1280:
            assert row_link.is_visible()
            assert not menu.get_by_role("link", name="Hospitals").is_visible()
        else:
            assert not row_link.is_visible()
            assert menu.get_by_role("link", name="Blog").is_visible()
            menu.get_by_role("link", name="Hospitals").click()
            page.wait_for_url("**/hospitals/")
        context.close()
