"""portal.rendering: the one markdown -> sanitised HTML pipeline."""

import pytest

from portal.rendering import ANSWER, render_markdown


def test_markdown_basics_survive():
    html = render_markdown("Use **moisturiser** and *rest*.\n\n- one\n- two\n\n1. first\n2. second")

    assert "<strong>moisturiser</strong>" in html
    assert "<em>rest</em>" in html
    assert "<ul>" in html and "<li>one</li>" in html
    assert "<ol>" in html and "<li>first</li>" in html


def test_outside_links_get_nofollow_noopener():
    html = render_markdown("Read [the NHS page](https://www.nhs.uk/conditions/eczema/).")

    assert 'href="https://www.nhs.uk/conditions/eczema/"' in html
    assert 'rel="nofollow noopener"' in html


def test_bare_urls_are_linked_with_nofollow():
    html = render_markdown("See https://www.nhs.uk/conditions/eczema/ for more.")

    assert '<a href="https://www.nhs.uk/conditions/eczema/" rel="nofollow noopener">' in html


def test_internal_links_stay_followable(settings):
    settings.SITE_URL = "https://example.org"
    html = render_markdown(
        "See [similar](/questions/12/itchy-rash/) and [this](https://example.org/doctors/asha/)."
    )

    assert 'href="/questions/12/itchy-rash/"' in html
    assert 'href="https://example.org/doctors/asha/"' in html
    assert "nofollow" not in html


@pytest.mark.parametrize(
    "href",
    [
        "https://example.org.evil.example/pills",
        "https://example.org@evil.example/pills",
        "//evil.example/pills",
        "/\\evil.example/pills",  # browsers read /\ as // (protocol-relative)
    ],
)
def test_lookalike_outside_links_get_nofollow(settings, href):
    settings.SITE_URL = "https://example.org"

    html = render_markdown(f"[cheap pills]({href})")

    assert 'rel="nofollow noopener"' in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script> hello", "<script"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ("[click](JaVaScRiPt:alert(1))", "javascript:"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
        ('<p style="color:red">red</p>', "style="),
        ('<iframe src="https://evil.example/"></iframe>', "<iframe"),
        ("<h1>Shouting</h1>", "<h1"),
        ("<table><tr><td>x</td></tr></table>", "<table"),
        ('<a href="https://example.com" onmouseover="x()">a</a>', "onmouseover"),
        ("<!-- hidden --> visible", "hidden"),
    ],
)
def test_hostile_markup_is_removed(source, forbidden):
    assert forbidden not in render_markdown(source).lower()


def test_rendering_does_not_mutate_the_allow_list():
    before = (set(ANSWER.tags), {k: list(v) for k, v in ANSWER.attributes.items()})
    render_markdown('<a href="https://x.example" rel="me">x</a> <b>y</b>')
    assert (set(ANSWER.tags), {k: list(v) for k, v in ANSWER.attributes.items()}) == before
