"""Place names as they read inside a sentence."""

# Country names that take "the" after "in": "in the United Kingdom", "in the Philippines".
_WITH_THE = ("united ", "netherlands", "philippines", "maldives", "bahamas", "gambia",
             "czech republic", "dominican republic", "central african republic")  # fmt: skip


def in_country(name: str) -> str:
    """ "in India", "in the United Kingdom"."""
    return f"in the {name}" if name.lower().startswith(_WITH_THE) else f"in {name}"
