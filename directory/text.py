"""Place names as they read inside a sentence."""

from django.utils.translation import gettext

# Country names that take "the" after "in": "in the United Kingdom", "in the Philippines".
_WITH_THE = ("united ", "netherlands", "philippines", "maldives", "bahamas", "gambia",
             "czech republic", "dominican republic", "central african republic")  # fmt: skip


def in_country(name: str) -> str:
    """ "in India", "in the United Kingdom" (in the active language: "India में")."""
    if name.lower().startswith(_WITH_THE):
        return gettext("in the %(country)s") % {"country": name}
    return gettext("in %(country)s") % {"country": name}
