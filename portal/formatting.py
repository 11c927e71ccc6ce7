"""Template filters every page shares (a builtin: no ``{% load %}`` needed).

- ``|iso``: a date or datetime for ``<time datetime>``, to the second (the HTML spec
  allows at most three digits of a fraction; Django's ``date:"c"`` prints six).
- ``|unique_messages``: the request's messages, each text once.
- ``{% qa_date when %}``: a question's or answer's date as the Q&A pages show it,
  ``<time datetime="...">26 Nov 2026</time>``.
- ``{% report_link kind pk %}``: the "Report" link of a reportable item
  (moderation.targets names the kinds).

Dates are shown with ``|date:"DATE_FORMAT"``: one format for the whole portal, the
language's own (``26 Nov 2026`` in English).
"""

import functools
from datetime import date, datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext

from portal.addresses import address

register = template.Library()


@register.filter
def iso(value) -> str:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""


@register.filter
def unique_messages(messages) -> list:
    seen, kept = set(), []
    for message in messages or ():
        text = str(message)
        if text not in seen:
            seen.add(text)
            kept.append(message)
    return kept


@register.simple_tag
def qa_date(when) -> str:
    """``<time datetime="{{ when|iso }}">{{ when|date:"DATE_FORMAT" }}</time>``, written
    in Python: an include of that one line cost more than the line (it is drawn on every
    card and twice or more on each question page)."""
    local = template_localtime(when)
    day = local.date() if isinstance(local, datetime) else local
    return format_html('<time datetime="{}">{}</time>', iso(when), _shown_day(day, get_language()))


@functools.lru_cache(maxsize=4096)
def _shown_day(day: date, language: str) -> str:
    """A day as DATE_FORMAT shows it in ``language`` (active): worked out once per day
    and language in a process (formatting one cost a card about 40 µs)."""
    return date_filter(day, "DATE_FORMAT")


# The report address is the same for every item but its key: reversed once (per language,
# through portal.addresses) with this key, which is then replaced.
_REPORT_KEY = 987_654_321


@register.simple_tag
def report_link(kind: str, pk: int) -> SafeString:
    """The "Report" link on a reportable item (a question, an answer, a follow-up, an
    article, a clinic, a doctor), written in Python: a reverse() of its own and an
    include cost more than the rest of the line on each of a question page's items."""
    href = address("moderation:report", kind=kind, pk=_REPORT_KEY).replace(
        f"/{_REPORT_KEY}/", f"/{int(pk)}/"
    )
    hidden = gettext("this %(kind)s") % {"kind": conditional_escape(kind)}
    return format_html(
        '\n<a class="report-link" href="{}" rel="nofollow">{}'
        '<span class="visually-hidden"> {}</span></a>\n',
        href,
        gettext("Report"),
        mark_safe(hidden),  # noqa: S308 - the catalogue's words, the kind escaped
    )
