import re

from django.core.validators import slug_re

from portal import pagecache

from .models import Specialty


def specialty_list() -> list[Specialty]:
    """Every specialty by name: a fragment of the page cache, read again only after a
    taxonomy change."""
    return pagecache.fragment(
        "specialty-list", ["taxonomy"], lambda: list(Specialty.objects.order_by("name"))
    )


def specialty_for_slug(slug: str) -> Specialty | None:
    """The specialty at ``slug``; None for an unknown one and for text from a query string
    that cannot be a slug (PostgreSQL refuses a NUL byte in a query)."""
    if not slug_re.match(slug):
        return None
    return Specialty.objects.filter(slug=slug).first()


def specialty_suggest(text: str) -> Specialty | None:
    """The specialty whose keywords appear most often in ``text``, or None."""
    lowered = text.lower()
    best, best_score = None, 0
    for specialty in Specialty.objects.only("id", "name", "slug", "keywords"):
        # Whole words only: "ear" must not match "years", nor "kid" "kidney".
        score = sum(
            len(re.findall(rf"\b{re.escape(word)}\b", lowered)) for word in specialty.keyword_list()
        )
        if score > best_score:
            best, best_score = specialty, score
    return best
