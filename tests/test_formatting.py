"""One date format and valid <time datetime> values (issue 16: the Nu HTML Checker found
124 datetime values with microseconds, and pages mixed "26th Nov '26", "5 Nov 2026" and
"26 November 2026")."""

import re
from datetime import UTC, date, datetime

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from portal.formatting import iso

TEMPLATES = settings.BASE_DIR / "templates"


def test_iso_drops_microseconds_and_keeps_the_offset():
    value = datetime(2026, 11, 26, 9, 30, 5, 123456, tzinfo=UTC)

    assert iso(value) == "2026-11-26T15:00:05+05:30"  # TIME_ZONE Asia/Kolkata
    assert iso(date(2026, 11, 26)) == "2026-11-26"
    assert iso(None) == ""


def test_no_template_prints_microseconds_into_a_time_element():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if re.search(r"""\|date:["']c["']""", path.read_text())
    ]
    assert offenders == []


def test_templates_show_dates_in_the_one_format():
    # Dates alone go through DATE_FORMAT (the language's own); a handful show a time too.
    mixed = re.compile(r"""\|date:["'](jS|j F Y|N j|jS M)""")
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if mixed.search(path.read_text())
    ]
    assert offenders == []


def test_date_format_reads_26_nov_2026_in_english():
    with translation.override("en-gb"):
        shown = Template('{{ when|date:"DATE_FORMAT" }}').render(
            Context({"when": date(2026, 11, 26)})
        )
    assert shown == "26 Nov 2026"


def test_a_question_date_is_the_local_day_with_its_iso_value():
    # 20:00 UTC on the 26th is the 27th in Asia/Kolkata: the day shown and the datetime
    # agree, as the template line this tag replaced made them.
    when = datetime(2026, 11, 26, 20, 0, 5, 123456, tzinfo=UTC)
    with translation.override("en-gb"):
        shown = Template("{% qa_date when %}").render(Context({"when": when}))
        line = Template(
            '<time datetime="{{ when|iso }}">{{ when|date:"DATE_FORMAT" }}</time>'
        ).render(Context({"when": when}))
    assert shown == '<time datetime="2026-11-27T01:30:05+05:30">27 Nov 2026</time>'
    assert shown == line


def test_a_report_link_points_at_the_items_report_form_in_the_pages_language():
    from django.urls import reverse

    template = Template("{% report_link kind pk %}")
    for language, kind, pk in [
        ("en-gb", "answer", 7),
        ("en-gb", "follow_up", 123456),
        ("hi", "question", 42),
    ]:
        with translation.override(language):
            shown = template.render(Context({"kind": kind, "pk": pk}))
            href = reverse("moderation:report", kwargs={"kind": kind, "pk": pk})
            report, this = translation.gettext("Report"), translation.gettext("this %(kind)s")
        assert shown == (
            f'\n<a class="report-link" href="{href}" rel="nofollow">{report}'
            f'<span class="visually-hidden"> {this % {"kind": kind}}</span></a>\n'
        )
    assert href.startswith("/hi/")
    assert report != "Report"  # the Hindi catalogue's word
    # The kind is escaped like any text put into the page.
    hostile = Template("{% report_link kind 1 %}").render(Context({"kind": "<b>"}))
    assert "<b>" not in hostile
