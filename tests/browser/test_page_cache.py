"""A fresh browser on a page served from the page cache: the ask box on the home page
still posts (csrf.js fetches a token the stored page does not carry), and the visitor
lands on sign-up with the question kept."""

import re

import pytest

from tests.browser.helpers import PHONE, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "For two weeks I have had a dry cough that gets worse at night. What should I do?"


def test_the_cached_home_page_ask_box_posts_from_a_fresh_browser(
    browser, live_server, redis_page_cache, specialty
):
    # Someone else's visit stores the home page.
    first = browser.new_context(viewport=PHONE)
    assert first.new_page().goto(f"{live_server.url}/").headers["x-cache"] == "miss"
    first.close()

    # A fresh browser, no cookies, gets the stored copy: no token in the form.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    response = page.goto(f"{live_server.url}/")
    assert response.headers["x-cache"] == "hit"
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0
    assert context.cookies() == []

    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_label("Age").fill("52")
    page.get_by_label("Gender").select_option("male")
    page.get_by_label(re.compile("I agree")).check()
    shot(page, "page-cache-01-cached-home-filled")
    page.get_by_role("button", name=re.compile("post my question", re.I)).click()

    page.wait_for_url(re.compile(r"/accounts/signup/"))
    assert "We have kept what you typed" in page.inner_text("main, body")
    shot(page, "page-cache-02-signup")
    # The draft is in the visitor's new session: the ask form shows it again.
    page.goto(f"{live_server.url}/ask/")
    assert page.get_by_label("Your question").input_value() == QUESTION
    # And now with a session, the home page is never the stored one.
    assert page.goto(f"{live_server.url}/").headers.get("x-cache") is None
