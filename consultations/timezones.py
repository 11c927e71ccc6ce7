"""Whose clock a time is shown on.

A signed-in person's zone is their TimeZonePreference; a visitor's is the browser's, which
static/js/timezone.js posts once into the session. Without either, the portal's TIME_ZONE.
In-clinic visits are also shown on the clinic's clock (the doctor's zone).
"""

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.utils import dateformat

from .models import TimeZonePreference, is_time_zone

SESSION_KEY = "consult_time_zone"


def zone_name_for_user(user) -> str:
    if getattr(user, "is_authenticated", False):
        try:
            return user.time_zone_preference.time_zone
        except TimeZonePreference.DoesNotExist:
            pass
    return settings.TIME_ZONE


def viewer_zone_name(request) -> str:
    if request.user.is_authenticated:
        try:
            return request.user.time_zone_preference.time_zone
        except TimeZonePreference.DoesNotExist:
            pass
    name = request.session.get(SESSION_KEY, "")
    return name if is_time_zone(name) else settings.TIME_ZONE


def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name if is_time_zone(name) else settings.TIME_ZONE)


def format_in(moment: datetime, zone_name: str) -> str:
    """``Tue 1 Dec 2026, 10:00 IST`` on the clock of ``zone_name``."""
    local = moment.astimezone(zone(zone_name))
    # Django's date format, not strftime: day and month names in the active language.
    return f"{dateformat.format(local, 'D j M Y, H:i')} {local.tzname()}"
