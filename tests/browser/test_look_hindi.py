"""The look pass (tests/browser/test_look.py) over every public page type in Hindi, under
/hi/: no overflow at 320, 360 and 1280 px, the header whole and on one row, axe clean.
A file of its own so the two test processes share the look pass."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.test_look import _look, _public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.long_file]


@pytest.mark.usefixtures("demo")
def test_every_public_page_type_in_hindi_looks_right_and_passes_axe(browser, live_server):
    # The same page types under /hi/: Devanagari words run longer than English ones, and
    # the switcher sits in the header.
    with translation.override("hi"):
        pages = _public_pages()
        pages["home"] = reverse("home")
    pages["not-found"] = "/hi/no-such-page/"
    assert all(path.startswith("/hi/") for path in pages.values()), pages

    problems = _look(browser, live_server.url, "visitor-hi", pages, email=None)

    assert not problems, "\n".join(problems)
