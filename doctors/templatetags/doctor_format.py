from datetime import timedelta

from django import template
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.filter
def duration_words(value: timedelta | None) -> str:
    """A duration as people say it: "under an hour", "5 hours", "2 days"."""
    if value is None:
        return ""
    hours = value.total_seconds() / 3600
    if hours < 1:
        return gettext("under an hour")
    if hours < 36:
        n = round(hours)
        return ngettext("%(count)d hour", "%(count)d hours", n) % {"count": n}
    days = round(hours / 24)
    return gettext("%(count)d days") % {"count": days}
