"""People's names as the pages show them."""


def initials(name: str, *, fallback: str) -> str:
    """Up to two initials for an avatar without a photo, leaving out a "Dr." title:
    "Dr. Asha Rao" -> "AR". ``fallback`` stands in when the name has no letters."""
    parts = [p for p in name.replace("Dr.", "").split() if p]
    return "".join(p[0] for p in parts[:2]).upper() or fallback
