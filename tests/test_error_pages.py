"""The pages shown when a normal page cannot be (413, 500, 503) share one standalone
layout, templates/error_base.html: its head, the brand link and the card."""

import re

import pytest
from django.template import loader

ERROR_PAGES = {
    "413.html": ({"size": "46.0 MB", "limit": "45.0 MB"}, "Too much to send at once"),
    "500.html": ({}, "Something went wrong"),
    "503.html": ({"retry_after": 30}, "Back in a moment"),
}


@pytest.mark.parametrize("name", sorted(ERROR_PAGES))
def test_each_error_page_is_the_shared_layout_with_its_own_title_and_card(name):
    context, title = ERROR_PAGES[name]

    html = loader.get_template(name).render(context)

    assert html.startswith("<!DOCTYPE html>")
    assert f"<title>{title} | Health Portal</title>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert re.search(r'<link rel="stylesheet" href="/static/css/portal[.\w]*\.css">', html)
    assert '<body class="error-page">' in html
    card = html.split('<div class="error-page__card">', 1)[1]
    assert re.search(r"^\s*<h1>", card)
    assert html.count("<h1>") == 1


def test_error_pages_extend_error_base_and_hold_no_head_of_their_own():
    from django.conf import settings

    folder = settings.BASE_DIR / "templates"
    for name in ERROR_PAGES:
        source = (folder / name).read_text()
        assert source.startswith('{% extends "error_base.html" %}'), name
        assert "<head>" not in source and "<html" not in source, name
