from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def duration_words(value: timedelta | None) -> str:
    """A duration as people say it: "under an hour", "5 hours", "2 days"."""
    if value is None:
        return ""
    hours = value.total_seconds() / 3600
    if hours < 1:
        return "under an hour"
    if hours < 36:
        n = round(hours)
        return f"{n} hour{'s' if n != 1 else ''}"
    days = round(hours / 24)
    return f"{days} days"
