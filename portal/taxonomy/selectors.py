from .models import Specialty


def specialty_list():
    return Specialty.objects.order_by("name")


def specialty_suggest(text: str) -> Specialty | None:
    """The specialty whose keywords appear most often in ``text``, or None."""
    lowered = f" {text.lower()} "
    best, best_score = None, 0
    for specialty in Specialty.objects.only("id", "name", "slug", "keywords"):
        score = sum(lowered.count(word) for word in specialty.keyword_list())
        if score > best_score:
            best, best_score = specialty, score
    return best
