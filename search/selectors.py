"""Reads across every public kind: the /search/ page, suggestions while typing, and what
a search that found nothing offers instead.

Each kind's matches come from its own app's selector over the queryset that is already
that kind's public one (answered public questions, live articles, verified doctors,
clinics, cost pages), so search can never show what the kind's own pages would not.
"""

import difflib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blog.models import Article
from blog.selectors import article_search_list
from directory.models import Clinic
from directory.selectors import (
    clinic_search_list,
    cost_page_search_list,
    doctor_search_list,
    verified_doctor_list,
)
from portal.search import Search, any_word_query, prefix_query
from portal.taxonomy.models import City, Specialty, Treatment
from questions.selectors import question_search_ids, question_search_page

from .models import Term


class Kind:
    QUESTIONS = "questions"
    ARTICLES = "articles"
    DOCTORS = "doctors"
    CLINICS = "clinics"
    COSTS = "costs"


KIND_LABELS = {
    Kind.QUESTIONS: gettext_lazy("Questions"),
    Kind.ARTICLES: gettext_lazy("Articles"),
    Kind.DOCTORS: gettext_lazy("Doctors"),
    Kind.CLINICS: gettext_lazy("Hospitals and clinics"),
    Kind.COSTS: gettext_lazy("Treatment costs"),
}
# How many of each kind the "All" tab shows; a kind's own tab pages through all of them.
ALL_TAB_COUNTS = {
    Kind.QUESTIONS: 5,
    Kind.ARTICLES: 3,
    Kind.DOCTORS: 3,
    Kind.CLINICS: 3,
    Kind.COSTS: 3,
}
# A kind's own tab reads at most this many rows of the small kinds (their ranking is
# cheap; a list longer than this is not read by anyone).
KIND_MAX_ROWS = 200
SUGGESTIONS_PER_KIND = 3
SPELLING_MAX_SUGGESTIONS = 3


@dataclass
class Group:
    kind: str
    total: int
    rows: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


class SiteSearch:
    """The matches of ``search`` for each kind, read lazily: a page asks only for the
    kinds it shows. ``question_ids`` is the ranked, bounded list of question ids."""

    def __init__(self, search: Search, *, specialty=None, city=None):
        self.search = search
        self.specialty = specialty
        self.city = city

    @cached_property
    def question_ids(self) -> list[int]:
        # Questions have no city: a city filter leaves none.
        if self.city is not None:
            return []
        return question_search_ids(search=self.search, specialty=self.specialty)

    def questions(self, ids: list[int]) -> list:
        return question_search_page(ids=ids, search=self.search)

    def queryset(self, kind: str):
        kwargs = {"search": self.search, "specialty": self.specialty}
        if kind == Kind.ARTICLES:
            # Articles have no city.
            return article_search_list(**kwargs) if self.city is None else Article.objects.none()
        if kind == Kind.DOCTORS:
            return doctor_search_list(**kwargs, city=self.city)
        if kind == Kind.CLINICS:
            return clinic_search_list(**kwargs, city=self.city)
        return cost_page_search_list(**kwargs, city=self.city)

    def rows(self, kind: str, limit: int) -> list:
        return list(self.queryset(kind)[:limit])

    def groups(self) -> list[Group]:
        """Every kind with its first few matches (the "All" tab). One query per kind,
        two for questions (ids, then the page with answers prefetched)."""
        groups = [
            Group(
                Kind.QUESTIONS,
                len(self.question_ids),
                self.questions(self.question_ids[: ALL_TAB_COUNTS[Kind.QUESTIONS]])
                if self.question_ids
                else [],
            )
        ]
        for kind in (Kind.ARTICLES, Kind.DOCTORS, Kind.CLINICS, Kind.COSTS):
            # The total comes with the first rows (a window count), so only those few
            # are read and given a snippet.
            rows = list(
                self.queryset(kind).annotate(total=Window(Count("*")))[: ALL_TAB_COUNTS[kind]]
            )
            total = 0
            if rows:
                total = rows[0]["total"] if isinstance(rows[0], dict) else rows[0].total
            groups.append(Group(kind, min(total, KIND_MAX_ROWS), rows))
        return groups


FILTER_CHOICES_CACHE_SECONDS = 5 * 60


def filter_choices() -> dict:
    """The specialties and the cities with clinics, for the page's filters: cached, as
    the taxonomy changes rarely and the page must stay within its query budget."""

    def choices() -> dict:
        return {
            "specialties": list(Specialty.objects.only("name", "slug").order_by("name")),
            "cities": list(
                City.objects.filter(Exists(Clinic.objects.public().filter(city=OuterRef("pk"))))
                .only("name", "slug")
                .order_by("name")
            ),
        }

    return cache.get_or_set("search-filter-choices", choices, FILTER_CHOICES_CACHE_SECONDS)


# --- Suggestions while typing ------------------------------------------------------------
@dataclass(frozen=True)
class Suggestion:
    label: str
    kind: str
    url: str


def suggestion_list(raw: str) -> list[Suggestion]:
    """Specialties, treatments, doctors and article titles whose words start with the
    words typed (``psor`` finds Psoriasis), through each kind's GIN index: four queries."""
    query = prefix_query(raw)
    if query is None:
        return []
    n = SUGGESTIONS_PER_KIND
    results = [
        Suggestion(s.name, _("Specialty"), s.get_absolute_url())
        for s in Specialty.objects.filter(search_vector=query).order_by("name")[:n]
    ]
    results += [
        Suggestion(
            t.name,
            _("Treatment"),
            reverse("directory:hospitals_treatment", kwargs={"treatment_slug": t.slug}),
        )
        for t in Treatment.objects.filter(search_vector=query).order_by("name")[:n]
    ]
    results += [
        Suggestion(d.display_name, _("Doctor"), d.get_absolute_url())
        for d in verified_doctor_list()
        .filter(search_vector=query)
        .only("full_name", "slug")
        .order_by("full_name")[:n]
    ]
    results += [
        Suggestion(a.title, _("Article"), a.get_absolute_url())
        for a in Article.objects.published()
        .filter(search_vector=query)
        .only("title", "slug")
        .order_by(F("publish_at").desc())[:n]
    ]
    return results


# --- When nothing matched ----------------------------------------------------------------
def spelling_suggestions(search: Search) -> list[str]:
    """For each word of the query not in the vocabulary (search.models.Term, a ts_stat
    snapshot), the closest word that is, by difflib's ratio; returns whole corrected
    queries, best first (at most SPELLING_MAX_SUGGESTIONS). One query: the vocabulary
    words sharing a word's first letter and about its length (a few thousand at most,
    read through the index term_word_prefix)."""
    words = [w for w in search.words if len(w) >= 3][:6]
    if not words:
        return []
    near = Q()
    for word in words:
        near |= Q(
            word__startswith=word[0],
            length__gte=len(word) - 2,
            length__lte=len(word) + 2,
        )
    # The query's own words are among these candidates when the vocabulary holds them.
    candidates: dict[str, int] = dict(
        Term.objects.alias(length=Length("word"))
        .filter(near)
        .order_by("-documents")
        .values_list("word", "documents")[:20000]
    )
    unknown = [w for w in words if w not in candidates]
    if not unknown:
        return []
    replacements = {}
    for word in unknown:
        pool = [c for c in candidates if c[0] == word[0] and abs(len(c) - len(word)) <= 2]
        close = difflib.get_close_matches(word, pool, n=SPELLING_MAX_SUGGESTIONS, cutoff=0.75)
        if close:
            # Among equally close words, the commoner one.
            close.sort(
                key=lambda c: (
                    -round(difflib.SequenceMatcher(None, word, c).ratio(), 2),
                    -candidates[c],
                )
            )
            replacements[word] = close
    if not replacements:
        return []
    suggestions = []
    for i in range(SPELLING_MAX_SUGGESTIONS):
        corrected = [
            (replacements[w][i] if i < len(replacements[w]) else replacements[w][0])
            if w in replacements
            else w
            for w in search.words
        ]
        text = " ".join(corrected)
        if text not in suggestions and text != " ".join(search.words):
            suggestions.append(text)
    return suggestions


def matching_specialty_list(search: Search):
    """Specialties whose name, keywords or description match any word of the query."""
    query = any_word_query(search)
    if query is None:
        return Specialty.objects.none()
    return Specialty.objects.filter(search_vector=query).order_by("name")[:5]
