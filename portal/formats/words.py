"""Month and day names our catalogues correct: Django's own Hindi catalogue misspells
three months ("नवमबर" for नवंबर) and two days (गुरूवार, and सोमवार with a hidden
zero-width joiner). The portal's catalogues come first (LOCALE_PATHS), so these entries
win wherever Django names a month or a day (the ``F`` and ``l`` date formats)."""

from django.utils.translation import gettext_noop

CORRECTED = (
    gettext_noop("September"),
    gettext_noop("November"),
    gettext_noop("December"),
    gettext_noop("Monday"),
    gettext_noop("Thursday"),
)
