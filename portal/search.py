"""The one full-text engine every list and the /search/ page share: how a visitor's words
become a PostgreSQL query, which text search configurations exist, a text's language,
and snippets that are escaped except for the highlight.

The vectors themselves live with their models and are maintained by the database
(triggers or GeneratedField): see questions/migrations/0007_search.py and its siblings.
"""

import re
from dataclasses import dataclass
from functools import cache

import py3langid
from django import template
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchQueryField,
    SearchVector,
)
from django.db import connection
from django.db.models import BooleanField, F, Func
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# ISO 639-1 code -> the PostgreSQL text search configuration named after the language.
# A language without one (or a server that lacks it: PostgreSQL 15 as Debian ships it has
# no hindi before 16) is indexed and searched with `simple`: every word as written.
LANGUAGE_CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
# Languages the detector chooses from: the ones with a configuration plus the other
# languages patients here write in. Restricting the choice makes short texts far less
# often mistaken for a rare language (py3langid alone calls "pain" Basque).
DETECTABLE_LANGUAGES = sorted(
    {*LANGUAGE_CONFIGS.keys() - {"yi"}, "bn", "gu", "kn", "ml", "mr", "pa", "te", "ur"}
)
# Below this many letters a guess is noise: the text is taken to be in English, the
# portal's main language (its words are also matched as written, through `simple`).
DETECT_MIN_LETTERS = 12
DEFAULT_LANGUAGE = "en"

# A visitor's query: how much of it is read. Longer queries are cut, not refused.
QUERY_MAX_LENGTH = 200
QUERY_MAX_WORDS = 12
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Headline markers: private-use characters that text never holds (they are stripped from
# queries, and a stray one in stored text only adds a highlight), turned into <mark>
# after the snippet has been escaped.
_START, _STOP = "\ue000", "\ue001"


@cache
def _identifier():
    identifier = py3langid.langid.LanguageIdentifier.from_model_file(
        py3langid.langid.MODEL_FILE, norm_probs=True
    )
    identifier.set_languages(DETECTABLE_LANGUAGES)
    return identifier


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in (DEFAULT_LANGUAGE when
    it is too short to tell)."""
    if sum(c.isalpha() for c in text or "") < DETECT_MIN_LETTERS:
        return DEFAULT_LANGUAGE
    language, _probability = _identifier().classify(text)
    return language


@cache
def _server_configs() -> frozenset[str]:
    # Asked once per process: the set does not change while the server runs.
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(row[0] for row in cursor.fetchall())


def config_for(language: str) -> str:
    """The text search configuration for ``language`` on this server, or ``simple``."""
    name = LANGUAGE_CONFIGS.get(language or "")
    return name if name and name in _server_configs() else "simple"


def clean_query(raw) -> str:
    """The part of a visitor's query the engine reads: no control characters, at most
    QUERY_MAX_LENGTH characters and QUERY_MAX_WORDS words, "" when no word is left
    (an empty box, or only operators and punctuation)."""
    text = _CONTROL_RE.sub(" ", str(raw or ""))[:QUERY_MAX_LENGTH]
    words = text.split()
    text = " ".join(words[:QUERY_MAX_WORDS])
    return text if _WORD_RE.search(text) else ""


def query_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(text)]


class Matches(Func):
    """``vector @@ query`` as a boolean expression, for .filter()."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


@dataclass(frozen=True)
class Search:
    """A cleaned query and its tsquery: websearch syntax ("quoted phrase", -word, or) in
    the query's own language and in `simple`, either matching."""

    text: str
    language: str

    @property
    def config(self) -> str:
        return config_for(self.language)

    @property
    def query(self) -> RawSQL:
        """The tsquery, as one SQL expression with its words as parameters: cheaper for
        the ORM to copy into each filter, rank and headline than a tree of SearchQuery
        objects (a search page uses it a dozen times)."""
        if self.config == "simple":
            return RawSQL(
                "websearch_to_tsquery('simple', %s)", [self.text], output_field=SearchQueryField()
            )
        return RawSQL(
            "(websearch_to_tsquery(%s::regconfig, %s) || websearch_to_tsquery('simple', %s))",
            [self.config, self.text, self.text],
            output_field=SearchQueryField(),
        )

    def matches(self, vector: str = "search_vector") -> "Matches":
        """A filter: ``vector`` matches the query (``vector @@ query``)."""
        return Matches(F(vector), self.query)

    @property
    def words(self) -> list[str]:
        return query_words(self.text)

    @property
    def required_words(self) -> list[str]:
        """The words a match must hold: not those after a minus (-knee). Quotes and "or"
        are kept apart by ``has_or``."""
        kept = [t for t in self.text.split() if not t.startswith("-")]
        return query_words(" ".join(kept))

    @property
    def has_or(self) -> bool:
        return any(t.lower() == "or" for t in self.text.split())


def search_for(raw) -> Search | None:
    """The Search for a visitor's raw query, or None when there is nothing to search."""
    text = clean_query(raw)
    if not text:
        return None
    letters = "".join(query_words(text))
    # A query is a few words: guessing their language is reliable only when they are not
    # plain ASCII, so "pain" stays English (the default) and "baş ağrısı" reads as
    # Turkish. Either way the words also match as written, through `simple`.
    language = DEFAULT_LANGUAGE if letters.isascii() else _identifier().classify(text)[0]
    search = Search(text=text, language=language)
    # Only words to leave out ("-knee") would match nearly everything, through a scan of
    # the whole index: there is nothing to look for.
    return search if search.required_words else None


def prefix_query(raw) -> SearchQuery | None:
    """Every word of ``raw`` as a prefix (``psor`` -> ``psor:*``), for suggestions while
    typing; matched against `simple` and English lexemes alike."""
    words = query_words(clean_query(raw))[:5]
    if not words or len(words[-1]) < 2:
        return None
    text = " & ".join(f"{w}:*" for w in words)
    return SearchQuery(text, search_type="raw", config="simple") | SearchQuery(
        text, search_type="raw", config="english"
    )


def any_word_query(search: Search) -> SearchQuery | None:
    """Any one word of ``search`` (in English and as written): for looser lookups such as
    the specialties a query touches."""
    words = search.words[:QUERY_MAX_WORDS]
    if not words:
        return None
    text = " | ".join(words)
    return SearchQuery(text, search_type="raw", config="simple") | SearchQuery(
        text, search_type="raw", config="english"
    )


def headline(expression, search: Search, *, words: int = 30) -> SearchHeadline:
    """A snippet of ``expression`` around the matches, marked for ``highlighted``."""
    return SearchHeadline(
        expression,
        search.query,
        config=search.config,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=words,
        min_words=max(5, words // 2),
        short_word=2,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


register = template.Library()


@register.filter
def highlighted(snippet: str | None) -> SafeString:
    """A snippet from ``headline``: escaped, with the matches in <mark>."""
    text = escape(snippet or "")
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def generated_vector(*parts: tuple[str, str, str]) -> SearchVector:
    """The expression of a GeneratedField search vector: ``(field, weight, config)``
    parts joined. Configurations are named, so the expression is immutable as a generated
    column requires."""
    vectors = [SearchVector(field, weight=weight, config=config) for field, weight, config in parts]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined
