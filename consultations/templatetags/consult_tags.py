from django import template

from ..timezones import format_in

register = template.Library()


@register.filter
def in_zone(moment, zone_name: str) -> str:
    """``Tue 1 Dec 2026, 10:00 IST`` on the clock of ``zone_name``."""
    return format_in(moment, zone_name) if moment else ""


@register.filter
def clock_in(moment, zone_name: str) -> str:
    """Only the time: ``10:00``."""
    from ..timezones import zone

    return f"{moment.astimezone(zone(zone_name)):%H:%M}" if moment else ""


@register.inclusion_tag("consultations/partials/desk_summary.html", takes_context=True)
def consult_desk_summary(context, doctor):
    """The consultations block on the doctor's dashboard: a count and a link (the desk is
    its own page, so the dashboard's answer queue stays as it is)."""
    from ..selectors import doctor_pending_count

    return {"doctor": doctor, "pending": doctor_pending_count(doctor=doctor)}
