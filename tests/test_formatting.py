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
