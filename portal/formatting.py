"""Template filters every page shares (a builtin: no ``{% load %}`` needed).

- ``|iso``: a date or datetime for ``<time datetime>``, to the second (the HTML spec
  allows at most three digits of a fraction; Django's ``date:"c"`` prints six).
- ``|unique_messages``: the request's messages, each text once.

Dates are shown with ``|date:"DATE_FORMAT"``: one format for the whole portal, the
language's own (``26 Nov 2026`` in English).
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

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
