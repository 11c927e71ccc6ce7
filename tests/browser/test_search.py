"""Search as a visitor does it, in headless Chromium at 360 px and 1280 px, over the demo
content: type in the header box and pick a suggestion with the keyboard, search, filter,
open a result, and a search that finds nothing offers to ask. Screenshots go to
screenshots/browser/search-*.png."""

import re

import pytest

from search.services import vocabulary_refresh
from tests.browser.helpers import DESKTOP, PHONE, SHOTS, no_sideways_scroll, shot

# django_db: so the test database is set up when this file runs alone (pytest-django sets
# up only the databases a collected test asks for); each test reads the module's demo.
pytestmark = [pytest.mark.browser, pytest.mark.long_file, pytest.mark.django_db]


@pytest.fixture
def demo(demo_site):
    """The demo, loaded once for the module (demo_site, tests/browser/conftest.py): a
    search only reads it."""
    vocabulary_refresh()
    return demo_site


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_visitor_searches_from_the_header(demo_chromium, demo, viewport):
    base = demo
    name = f"search-{viewport['width']}"
    page = demo_chromium.new_context(viewport=viewport).new_page()
    page.goto(f"{base}/")

    # Suggestions while typing; the keyboard picks one.
    box = page.get_by_role("combobox", name=re.compile("Search questions"))
    box.click()
    box.press_sequentially("psor", delay=30)
    option = page.get_by_role("option", name=re.compile("Psoriasis and Stem Cells"))
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-suggestions.png"))
    options = page.get_by_role("option").all_inner_texts()
    index = next(i for i, text in enumerate(options) if "Psoriasis and Stem Cells" in text)
    for _ in range(index + 1):
        box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == f"site-search-option-{index}"
    box.press("Enter")
    page.wait_for_url(re.compile(r"/blog/psoriasis-and-stem-cells"))

    # A plain search from the header box, then a filter, then a result.
    box = page.get_by_role("combobox", name=re.compile("Search questions"))
    box.fill("psoriasis")
    page.get_by_role("option").first.wait_for()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=psoriasis"))
    assert page.get_by_role("heading", name=re.compile("Results for")).is_visible()
    assert page.locator(".search-hit mark").first.is_visible()
    shot(page, f"{name}-results")
    if viewport is PHONE:
        no_sideways_scroll(page)
    page.get_by_role("navigation", name="Kind of result").get_by_role(
        "link", name="Hospitals and clinics"
    ).click()
    page.get_by_text("Filter by specialty or city").click()
    page.get_by_label("City").select_option(label="Mumbai")
    page.locator(".search-filters").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"kind=clinics"))
    results = page.locator(".search-hit h3 a")
    assert results.count() >= 1
    assert all("Mumbai" in t for t in page.locator(".search-hit .muted").all_inner_texts())
    shot(page, f"{name}-filtered")
    results.first.click()
    page.wait_for_url(re.compile(r"/clinics/"))

    # Nothing found: the nearest spelling, and an offer to ask with the words filled in.
    page.goto(f"{base}/search/?q=psoraisis")
    assert page.get_by_text("Nothing on the portal matches your search.").is_visible()
    assert page.get_by_role("link", name="psoriasis", exact=True).is_visible()
    shot(page, f"{name}-no-results")
    if viewport is PHONE:
        no_sideways_scroll(page)
    page.get_by_role("button", name="Ask this as a question").click()
    page.wait_for_url(re.compile(r"/ask/$"))
    assert page.locator("textarea").first.input_value() == "psoraisis"
