"""Reads for questions: each returns a queryset with a fixed number of queries per page."""

import re
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from doctors.models import DoctorProfile
from portal import pagecache
from portal.queries import AnyOf, KeptQuery
from portal.search import Search, headline
from portal.taxonomy.models import Specialty
from portal.visibility import Visibility, may_see_moderated

from . import figures
from .models import Agreement, Answer, Attachment, FollowUp, Question, Resolution, Thanks
from .permissions import (
    can_agree_answer,
    can_follow_up,
    can_reply_follow_up,
    can_thank_answer,
    can_view_attachment,
    can_view_question,
)

_WORD_RE = re.compile(r"\w{4,}", re.UNICODE)
# The ask box's similar-questions lookup (similar_question_list): a word held by at least
# this share of questions is common, and of the questions holding common words only the
# SIMILAR_RECENT most recently answered are ranked.
COMMON_WORD_SHARE = 0.01
SIMILAR_RECENT = 200
# Search (question_search_ids): a query of common words ranks its newest
# SEARCH_CANDIDATES matches among the SEARCH_WINDOW most recently answered questions; one
# holding a rare word the first SEARCH_GIN_CANDIDATES matches the GIN index finds. A page
# lists at most SEARCH_CANDIDATES results.
SEARCH_CANDIDATES = 300
SEARCH_WINDOW = 20_000
SEARCH_GIN_CANDIDATES = 1000
SEARCH_WINDOW_CACHE_SECONDS = 60


# What a question card shows of an answer and its doctor (partials/question_card.html,
# partials/doctor_badge.html, and the identity and tags of a card in
# questions/templatetags/question_cards.py and questions/pagecache.py): a list of twenty
# cards loads no more than that (a doctor's row holds some thirty fields).
CARD_ANSWER_FIELDS = (
    "id",
    "question_id",
    "doctor_id",
    "visibility",
    "body_html",
    "created_at",
    "doctor__id",
    "doctor__slug",
    "doctor__full_name",
    "doctor__photo",
    "doctor__photo_renditions",
    "doctor__application_status",
    "doctor__verified_until",
    "doctor__visibility",
    "doctor__user_id",
)


def _with_answers(qs):
    """Questions for cards: their answers come with card_answers_attach, in one query
    for the whole list once it is read (a prefetch built the same query twenty times
    over, one filter per question: a quarter of a list page's render)."""
    return qs.select_related("specialty").defer("search_vector")


def card_answers_attach(questions) -> list:
    """``questions`` as a list, each with ``card_answers``: its public answers, oldest
    first, with their doctors (only what a card shows of them), in one query. Questions
    that already have them are left as they are."""
    questions = list(questions)
    missing = {q.pk: q for q in questions if not hasattr(q, "card_answers")}
    if not missing:
        return questions
    for question in missing.values():
        question.card_answers = []
    for answer in _CARD_ANSWERS.all(question_ids=list(missing)):
        question = missing[answer.question_id]
        answer.question = question  # its address is the question's
        question.card_answers.append(answer)
    return questions


def _card_answers_query(question_ids: list[int]):
    return (
        Answer.objects.public()
        .filter(AnyOf(F("question_id"), question_ids))
        .select_related("doctor")
        .only(*CARD_ANSWER_FIELDS)
        .order_by("created_at", "id")
    )


# The same SQL for any list of questions (portal/queries.py): built and compiled once.
_CARD_ANSWERS = KeptQuery(_card_answers_query)


def answered_question_list(*, specialty=None):
    """Answered public questions (of ``specialty``, a specialty or its key), newest answer
    first: read in index order from the partial indexes question_answered_public and
    question_answered_specialty."""
    qs = Question.objects.public().answered()
    if specialty is not None:
        qs = qs.filter(specialty=specialty)
    return _with_answers(qs.order_by("-answered_at", "-id"))


def doctor_answered_question_list(*, doctor):
    """The public questions ``doctor`` answered, their latest answer first.

    Ordered by the doctor's own answer, not the question's first one, so the page reads
    the index answer_doctor_recent from the top whether the doctor has answered ten
    questions or a hundred thousand. A doctor answers a question once (one_answer_per_doctor),
    so the join repeats no question."""
    return _doctor_answered_query(doctor.pk)


def _doctor_answered_query(doctor_id: int):
    qs = (
        Question.objects.public()
        .answered()
        .filter(answers__doctor_id=doctor_id, answers__visibility=Visibility.VISIBLE)
    )
    return _with_answers(qs.order_by("-answers__created_at", "-answers__id"))


def _answered_query():
    return answered_question_list()


def _specialty_answered_query(specialty_id: int):
    return answered_question_list(specialty=specialty_id)


def _answered_keys_query():
    return _keys_only(answered_question_list())


def _specialty_answered_keys_query(specialty_id: int):
    return _keys_only(answered_question_list(specialty=specialty_id))


def _keys_only(qs):
    return qs.select_related(None).only("id")


def _answered_by_keys_query(question_ids: list[int]):
    return _with_answers(
        Question.objects.public().answered().filter(AnyOf(F("id"), question_ids)).order_by()
    )


# The lists' pages, compiled once per process (portal/queries.py): building and compiling
# a list's query took about as long as PostgreSQL took to answer it.
_ANSWERED = KeptQuery(_answered_query)
_SPECIALTY_ANSWERED = KeptQuery(_specialty_answered_query)
_DOCTOR_ANSWERED = KeptQuery(_doctor_answered_query)
_ANSWERED_KEYS = KeptQuery(_answered_keys_query)
_SPECIALTY_ANSWERED_KEYS = KeptQuery(_specialty_answered_keys_query)
_ANSWERED_BY_KEYS = KeptQuery(_answered_by_keys_query)


def answered_question_rows(*, specialty=None):
    """answered_question_list, for a paginator: its pages are read with the kept SQL."""
    if specialty is None:
        return _ANSWERED.rows()
    return _SPECIALTY_ANSWERED.rows(specialty_id=specialty.pk)


def answered_question_keys(*, specialty=None):
    """answered_question_rows with nothing but each question's key: for a paginator over
    a list whose cards are kept drawn (question_cards.kept_cards), which reads the rows
    (answered_questions_by_keys) only when it draws them. A page of twenty full rows and
    their specialties cost a list page more than the rest of its view."""
    if specialty is None:
        return _ANSWERED_KEYS.rows()
    return _SPECIALTY_ANSWERED_KEYS.rows(specialty_id=specialty.pk)


def answered_questions_by_keys(keys: list[int]) -> list:
    """The answered public questions of ``keys``, in that order, as answered_question_rows
    gives them (one made private or hidden since the keys were read is left out)."""
    found = {question.pk: question for question in _ANSWERED_BY_KEYS.all(question_ids=keys)}
    return [found[key] for key in keys if key in found]


def doctor_answered_question_rows(*, doctor):
    """doctor_answered_question_list, for a paginator (as answered_question_rows)."""
    return _DOCTOR_ANSWERED.rows(doctor_id=doctor.pk)


def _page_answers_query(question_id: int):
    names = Specialty.objects.filter(doctors=OuterRef("doctor_id")).order_by("name", "id")
    return (
        Answer.objects.filter(question_id=question_id)
        .select_related("doctor", "follow_up")
        .annotate(doctor_specialty_names=ArraySubquery(names.values("name")))
    )


def _page_question_query(pk: int):
    return (
        Question.objects.select_related("specialty")
        .defer("search_vector")
        .annotate(has_attachments=Exists(Attachment.objects.filter(question=OuterRef("pk"))))
        .filter(pk=pk)
        .order_by()[:1]
    )


# Compiled once per process (portal/queries.py): building and compiling these two took
# longer than PostgreSQL took to answer them, on every cold question page.
_PAGE_QUESTION = KeptQuery(_page_question_query)
_PAGE_ANSWERS = KeptQuery(_page_answers_query)


def _page_parts_attach(question: Question) -> None:
    """What the question's page shows besides the question, in one query (two when it has
    attachments; a nested prefetch of the same rows took four and twice the time):
    ``page_answers``, oldest first, each with its doctor (and ``doctor.specialty_names``,
    for the badge) and follow-up; ``page_attachments``."""
    answers = _PAGE_ANSWERS.all(question_id=question.pk)
    for answer in answers:
        answer.question = question
        answer.doctor.specialty_names = answer.doctor_specialty_names
    question.page_answers = answers
    question.page_attachments = (
        list(Attachment.objects.filter(question_id=question.pk)) if question.has_attachments else []
    )


def question_get_for_viewer(user, pk: int, *, for_page: bool = False) -> Question:
    """The question ``user`` may read, or Http404: a private question looks the same as a
    missing one to those who may not read it. ``for_page`` also loads what its page shows
    (``page_answers`` with their doctors, ``page_attachments``) in a fixed number of
    queries, and not the search vector, which nothing on the page reads."""
    if for_page:
        question = _PAGE_QUESTION.first(pk=pk)
    else:
        question = Question.objects.filter(pk=pk).first()
    if question is None or not can_view_question(user, question):
        raise Http404("No such question")
    if for_page:
        _page_parts_attach(question)
    return question


def answer_get_for_viewer(user, pk: int) -> Answer:
    """The answer ``user`` may read (with its question and doctor), or Http404 alike for a
    missing one and one on a question they may not read."""
    answer = Answer.objects.select_related("question", "doctor").filter(pk=pk).first()
    if answer is None or not can_view_question(user, answer.question):
        raise Http404("No such answer")
    # Held or hidden: only its doctor and moderators may still act on it.
    if not (answer.is_public or may_see_moderated(user, author_id=answer.doctor.user_id)):
        raise Http404("No such answer")
    return answer


def answer_list_for_viewer(*, question: Question, user) -> list[Answer]:
    """The question's answers (as question_get_for_viewer(for_page=True) loaded them), each
    marked with what ``user`` did and may do: thanked_by_me, can_thank, agreed_by_me,
    can_agree. Two queries at most, however many answers."""
    answers = question.page_answers
    signed_in = getattr(user, "is_authenticated", False)
    agreed_ids = (
        set(
            Agreement.objects.filter(answer__question=question, doctor__user=user).values_list(
                "answer_id", flat=True
            )
        )
        if signed_in
        else set()
    )
    thanked_ids = (
        set(
            Thanks.objects.filter(answer__question=question, user=user).values_list(
                "answer_id", flat=True
            )
        )
        if signed_in and question.author_id == user.pk
        else set()
    )
    for answer in answers:
        # Held or hidden: its doctor and moderators read it with the reason; everyone
        # else sees "removed by moderators" (hidden) or nothing yet (held).
        answer.show_body = answer.is_public or may_see_moderated(
            user, author_id=answer.doctor.user_id
        )
        follow_up = getattr(answer, "follow_up", None)
        if follow_up is not None:
            # Hidden: the asker (its author) and moderators read it with the reason.
            follow_up.show_text = follow_up.is_public or may_see_moderated(
                user, author_id=question.author_id
            )
        answer.follow_up_or_none = follow_up
        answer.can_follow_up = follow_up is None and can_follow_up(user, answer)
        answer.can_reply = (
            follow_up is not None
            and not follow_up.replied_at
            and can_reply_follow_up(user, follow_up)
        )
        answer.thanked_by_me = answer.pk in thanked_ids
        answer.can_thank = not answer.thanked_by_me and can_thank_answer(user, answer)
        answer.agreed_by_me = answer.pk in agreed_ids
        answer.can_agree = can_agree_answer(user, answer, already_agreed=answer.agreed_by_me)
    return [a for a in answers if a.show_body or a.is_hidden]


def question_list_for_author(*, user):
    return _with_answers(Question.objects.filter(author=user).order_by("-created_at", "-id"))


# The share of questions holding a word, from the statistics ANALYZE keeps for
# search_vector: pg_stats lists its most common lexemes (most_common_elem_freqs ends with
# three summary figures, which the join drops). A word too rare to be listed gets 0; a
# stop word has no lexeme and no row.
_WORD_SHARES_SQL = """
SELECT w.word, coalesce(max(s.share), 0)
FROM unnest(%(words)s::text[]) AS w(word)
CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('english', w.word))) AS l(lexeme)
LEFT JOIN (
    SELECT e.elem, e.share
    FROM pg_stats p,
         unnest(p.most_common_elems::text::text[], p.most_common_elem_freqs) AS e(elem, share)
    WHERE p.schemaname = current_schema() AND p.tablename = %(table)s
      AND p.attname = 'search_vector'
) s ON s.elem = l.lexeme
GROUP BY w.word
"""


def _word_shares(words: list[str]) -> dict[str, float]:
    with connection.cursor() as cursor:
        cursor.execute(_WORD_SHARES_SQL, {"words": words, "table": Question._meta.db_table})
        return dict(cursor.fetchall())


# The same, with one more row: the answered_at of the SEARCH_WINDOW-th most recently
# answered public question (of a specialty), read from question_answered_public or
# question_answered_specialty. In the same query so a search page costs no more.
_SEARCH_PLAN_SQL = f"""
SELECT word, share, NULL::timestamptz FROM ({_WORD_SHARES_SQL}) AS shares(word, share)
UNION ALL
SELECT NULL, NULL, (
    SELECT q.answered_at FROM questions_question q
     WHERE NOT q.is_private AND q.answered_at IS NOT NULL
       AND (%(specialty)s::bigint IS NULL OR q.specialty_id = %(specialty)s::bigint)
     ORDER BY q.answered_at DESC, q.id DESC
    OFFSET %(skip)s LIMIT 1)
"""  # noqa: S608 - no user input in the text, only parameters


def _search_plan(words: list[str], specialty) -> tuple[dict[str, float], datetime | None]:
    """The words' shares (as _word_shares) and the oldest answered_at of the search
    window (None when fewer questions are answered), in one query. The bound moves only
    as questions are answered, so it is cached for SEARCH_WINDOW_CACHE_SECONDS (a window
    a minute stale holds a few more questions, never fewer)."""
    key = f"question-search-window:{specialty.pk if specialty is not None else 'all'}"
    cached = cache.get(key)
    if cached is not None:
        return (_word_shares(words) if words else {}), cached["oldest"]
    with connection.cursor() as cursor:
        cursor.execute(
            _SEARCH_PLAN_SQL,
            {
                "words": words,
                "table": Question._meta.db_table,
                "specialty": specialty.pk if specialty is not None else None,
                "skip": SEARCH_WINDOW - 1,
            },
        )
        rows = cursor.fetchall()
    shares = {word: share for word, share, _ in rows if word is not None}
    cache.set(key, {"oldest": rows[-1][2]}, SEARCH_WINDOW_CACHE_SECONDS)
    return shares, rows[-1][2]


def _any_of(words) -> SearchQuery:
    return reduce(or_, (SearchQuery(w, config="english") for w in words))


def similar_question_list(*, text: str, limit: int = 5):
    """Answered public questions that share words with ``text``, best match first.

    Ranking every match would cost as much as there are matches: all questions, for a
    word like "pain". So only candidates are ranked: every question holding one of the
    text's rare words (held by under COMMON_WORD_SHARE of questions: few, found through
    the GIN index question_search), and the SIMILAR_RECENT most recently answered ones
    holding a common word (many, so reading question_answered_public newest first finds
    them within a few thousand rows). Asking PostgreSQL for "the newest matches" of rare
    words instead would have it walk that whole index looking for matches that are not
    there; splitting the words by their statistics keeps both lookups short."""
    words = list(dict.fromkeys(w.lower() for w in _WORD_RE.findall(text or "")))[:15]
    shares = _word_shares(words) if words else {}
    if not shares:
        return Question.objects.none()
    common = [w for w in words if shares.get(w, 0) >= COMMON_WORD_SHARE]
    rare = [w for w in words if w in shares and w not in common]
    matches = Question.objects.public().answered().order_by()
    parts = []
    if rare:
        parts.append(matches.filter(search_vector=_any_of(rare)).values("pk"))
    if common:
        parts.append(
            matches.filter(search_vector=_any_of(common))
            .order_by("-answered_at", "-id")
            .values("pk")[:SIMILAR_RECENT]
        )
    candidates = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return (
        Question.objects.filter(pk__in=candidates)
        .annotate(rank=SearchRank(F("search_vector"), _any_of(shares)))
        .only("pk", "slug", "is_private", "text", "answer_count", "answered_at")
        .order_by("-rank", "-answered_at", "-id")[:limit]
    )


def question_search_ids(*, search: Search, specialty=None) -> list[int]:
    """The ids of answered public questions matching ``search`` (its text and every
    answer), best first: at most SEARCH_CANDIDATES of them, in one query.

    Ranking reads each candidate's vector, and so does checking a phrase, so only a
    bounded set of candidates is read, found one of two ways by how common the query's
    words are (their shares of questions, from the statistics ANALYZE keeps for
    search_vector, as similar_question_list reads them):

    - a word every match must hold is rare (under COMMON_WORD_SHARE; for a query with
      "or", every word is): the first SEARCH_GIN_CANDIDATES matches found through the GIN
      index question_search. Its posting list is short, and the table is read only for
      the matches;
    - otherwise ("pain", "knee pain", "stem cell" in quotes): the newest
      SEARCH_CANDIDATES matches among the SEARCH_WINDOW most recently answered questions
      (the window's oldest answered_at comes with the shares, in the same query). However
      few of them match (a phrase of two common words), no row older is read.

    The price, in quality: a query of common words finds only questions answered among
    the latest SEARCH_WINDOW, and ranks the newest SEARCH_CANDIDATES of its matches there;
    a rare word with more than SEARCH_GIN_CANDIDATES matches ranks the first ones the
    index returns, not the best. A query naming what it looks for precisely has few
    matches and is ranked whole."""
    matches = Question.objects.public().answered().filter(search.matches())
    if specialty is not None:
        matches = matches.filter(specialty=specialty)
    shares, oldest = _search_plan(search.required_words[:15], specialty)
    pick = max if search.has_or else min
    if not shares or pick(shares.values()) < COMMON_WORD_SHARE:
        candidates = matches.order_by().values("pk")[:SEARCH_GIN_CANDIDATES]
    else:
        # The window's bound is a value, not a subquery, so PostgreSQL knows how few rows
        # it leaves: whether it walks the index newest first or intersects the GIN index
        # with the answered_at range, it reads no row older than the window.
        if oldest is not None:
            matches = matches.filter(answered_at__gte=oldest)
        candidates = matches.order_by("-answered_at", "-id").values("pk")[:SEARCH_CANDIDATES]
    return list(
        Question.objects.filter(pk__in=candidates)
        .annotate(rank=SearchRank(F("search_vector"), search.query, cover_density=True))
        .order_by("-rank", "-answered_at", "-id")
        .values_list("pk", flat=True)[:SEARCH_CANDIDATES]
    )


def question_search_page(*, ids: list[int], search: Search) -> list[Question]:
    """The questions ``ids`` (a page of question_search_ids), in that order, with what a
    card shows and a highlighted snippet of the text and its answers (``snippet``)."""
    answers_text = (
        Answer.objects.public()
        .filter(question=OuterRef("pk"))
        .order_by()
        .values("question")
        # Markdown's emphasis, heading and list marks read as noise in a snippet.
        .annotate(
            text=StringAgg(
                Func(
                    "body",
                    Value(r"[*_#`>|]+"),
                    Value(" "),
                    Value("g"),
                    function="regexp_replace",
                    output_field=TextField(),
                ),
                " ",
                order_by="id",
            )
        )
        .values("text")
    )
    rows = _with_answers(Question.objects.filter(pk__in=ids)).annotate(
        snippet=headline(
            Concat(
                "text",
                Value(" … "),
                Coalesce(Subquery(answers_text), Value(""), output_field=TextField()),
                output_field=TextField(),
            ),
            search,
            words=40,
        )
    )
    by_pk = {q.pk: q for q in card_answers_attach(rows)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


class OpenQuestionList:
    """The questions a doctor may answer, in the dashboard's order, as a sequence a
    Paginator can page: in ``doctor``'s specialties and unanswered, in their specialties
    and answered by others, elsewhere and unanswered, elsewhere and answered; oldest first
    within each. Not the doctor's own questions, nor ones they answered.

    One ORDER BY over "is it mine, is it answered" would sort every open question of the
    site (a million: two seconds) for each page. Each part is read instead in index order,
    only as far as the page asked for, and only when the parts before it are too short to
    fill the page: the unanswered from question_open_unanswered (a partial index that
    stays as small as the backlog), one's own specialties from question_specialty_open
    (one ordered read per specialty, merged), the rest from created_at. The count stops at
    ``max_count`` (the dashboard shows a bounded number of pages, portal/pagination.py).
    ``specialty_ids``: the doctor's, where the caller already read them."""

    def __init__(
        self, *, doctor: DoctorProfile, max_count: int, specialty=None, specialty_ids=None
    ):
        self.doctor = doctor
        self.max_count = max_count
        if specialty_ids is None:
            specialty_ids = doctor.specialties.values_list("id", flat=True)
        self.specialty_ids = list(specialty_ids)
        answered_by_me = Answer.objects.filter(question=OuterRef("pk"), doctor=doctor)
        self._open = (
            Question.objects.filter(visibility=Visibility.VISIBLE)
            .exclude(Exists(answered_by_me))
            .exclude(author_id=doctor.user_id)
        )
        if specialty is not None:  # the dashboard's filter: only that specialty's
            self._open = self._open.filter(specialty=specialty)

    def _parts(self):
        """(in my specialties, unanswered, querysets merged in date order) in page order."""
        waiting = {True: Q(answer_count=0), False: Q(answer_count__gt=0)}
        parts = []
        elsewhere = Q()
        if self.specialty_ids:
            for unanswered in (True, False):
                per_specialty = [
                    self._open.filter(waiting[unanswered], specialty_id=pk)
                    for pk in self.specialty_ids
                ]
                parts.append((True, unanswered, per_specialty))
            elsewhere = ~Q(specialty_id__in=self.specialty_ids) | Q(specialty__isnull=True)
        for unanswered in (True, False):
            parts.append((False, unanswered, [self._open.filter(elsewhere, waiting[unanswered])]))
        return parts

    @staticmethod
    def _read(querysets, limit: int) -> list[int]:
        ordered = [
            qs.order_by("created_at", "id").values_list("created_at", "id")[:limit]
            for qs in querysets
        ]
        if len(ordered) > 1:
            merged = ordered[0].union(*ordered[1:], all=True).order_by("created_at", "id")
            ordered = [merged[:limit]]
        return [pk for _, pk in ordered[0]]

    def count(self) -> int:
        return self._open.order_by()[: self.max_count].count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None or stop <= start:
            return []
        found: list[tuple[tuple[bool, bool], int]] = []
        for in_mine, unanswered, querysets in self._parts():
            if len(found) >= stop:
                break
            found += [
                ((in_mine, unanswered), pk) for pk in self._read(querysets, stop - len(found))
            ]
        wanted = found[start:stop]
        by_pk = (
            Question.objects.filter(pk__in=[pk for _, pk in wanted])
            .defer("search_vector")
            .select_related("specialty")
            .prefetch_related("attachments")
            .in_bulk()
        )
        page = []
        for (in_mine, unanswered), pk in wanted:
            question = by_pk[pk]
            question.in_my_specialties, question.unanswered = in_mine, unanswered
            page.append(question)
        return page


def doctor_open_question_list(
    *, doctor, specialty=None, max_count: int = 500, specialty_ids=None
) -> OpenQuestionList:
    """Questions this doctor has not answered and did not ask: their specialties first,
    then questions nobody has answered yet, oldest first (OpenQuestionList). ``specialty``:
    only those."""
    return OpenQuestionList(
        doctor=doctor, max_count=max_count, specialty=specialty, specialty_ids=specialty_ids
    )


def doctor_answer_list(*, doctor):
    """The doctor's answers, newest first, as their dashboard lists them: with the
    question, not the answer's text (nor the question's search vector)."""
    return (
        Answer.objects.filter(doctor=doctor)
        .select_related("question", "question__specialty")
        .defer("body", "body_html", "question__search_vector")
        .order_by("-created_at", "-id")
    )


class DoctorAnswerList:
    """The doctor's answers newest first (doctor_answer_list) as a sequence a Paginator can
    page, ``count`` long (the total of their figures, which counts this very list).

    A page's ids are read from the index answer_doctor_recent alone (an index-only scan)
    and only those rows are joined to their questions, in one query. Slicing the
    queryset instead joins every answer before the page to its question first: the last
    of 250 pages of a doctor with 5,000 answers took 300 to 500 ms; this way about 5."""

    def __init__(self, *, doctor: DoctorProfile, count: int):
        self.doctor = doctor
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = (
            Answer.objects.filter(doctor=self.doctor)
            .order_by("-created_at", "-id")
            .values("id")[index]
        )
        return list(doctor_answer_list(doctor=self.doctor).filter(pk__in=ids))


def doctor_public_stats(*, doctor: DoctorProfile) -> dict:
    """Answer count, thanks and agreements received, and average first-answer time, over
    the doctor's answers to public questions (the ones the page lists).

    Kept in PostgreSQL, not in the shared cache (questions/figures.py): the aggregate
    reads every one of the doctor's answers, which for a doctor with many thousands is
    most of a second from disk, and a cache that was emptied or evicted would pay it again
    for every doctor. The same writes that move the doctor's ``doctor-answers`` version
    (an answer, thanks or agreement, a hide or restore) record a change for them, and the
    next reader counts again, so the figures follow each answer at once. The doctor's own
    dashboard (doctor_dashboard_stats) reads them fresh."""
    return figures.public_figures(doctor.pk)


def doctor_dashboard_stats(*, doctor: DoctorProfile) -> dict:
    """The doctor's own figures: every answer, private questions included, and how the
    patients they answered said it went ("was this resolved?": counts only, no question
    named); unlike the public figures it leaves out the first-answer time, whose
    per-answer subquery is most of their cost.

    The totals are one pass over the doctor's answers joined to their questions (at 5,000
    answers about 20 ms with warm buffers, 300 ms cold), so they are a fragment of the page
    cache kept until the doctor's ``doctor-answers`` version moves (an answer written,
    deleted, hidden or restored, thanks, an agreement) or their ``doctor-resolutions``
    one (a patient's resolution on a question they answered: question_mark_resolved).
    "This week" moves with the clock: the fragment keeps the times of the answers of the
    week before it was computed (any later answer moves the version), and each view
    counts those of the last seven days, so it stays exact with no query."""

    def totals() -> dict:
        figures = Answer.objects.filter(doctor=doctor).aggregate(
            total=Count("id"),
            thanks=Sum("thanks_count", default=0),
            agreements=Sum("agree_count", default=0),
            resolved_yes=Count("id", filter=Q(question__resolution=Resolution.YES)),
            resolved_partly=Count("id", filter=Q(question__resolution=Resolution.PARTLY)),
            resolved_no=Count("id", filter=Q(question__resolution=Resolution.NO)),
        )
        week_ago = timezone.now() - timedelta(days=7)
        figures["recent"] = list(
            Answer.objects.filter(doctor=doctor, created_at__gte=week_ago).values_list(
                "created_at", flat=True
            )
        )
        return figures

    figures = dict(
        pagecache.fragment(
            # A new name for a new shape: an entry stored by the old code has no "recent".
            f"doctor-dashboard-figures:{doctor.pk}",
            [f"doctor-answers:{doctor.pk}", f"doctor-resolutions:{doctor.pk}"],
            totals,
        )
    )
    week_ago = timezone.now() - timedelta(days=7)
    figures["this_week"] = sum(1 for when in figures.pop("recent") if when >= week_ago)
    return figures


# --- Attachments and follow-ups -----------------------------------------------------------
def attachment_get_for_viewer(user, pk: int) -> Attachment:
    """The attachment ``user`` may open, or Http404 alike for a missing one and one they
    may not see."""
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None or not can_view_attachment(user, attachment):
        raise Http404("No such file")
    return attachment


def attachment_summary(attachments) -> str:
    """What everyone may read about a question's attachments: how many, of which kind."""
    photos = sum(1 for a in attachments if a.kind == Attachment.Kind.IMAGE)
    reports = len(attachments) - photos
    photos_text = ngettext("%(count)d photo", "%(count)d photos", photos) % {"count": photos}
    reports_text = ngettext("%(count)d report", "%(count)d reports", reports) % {"count": reports}
    if photos and reports:
        return gettext("The patient attached %(photos)s and %(reports)s for the doctors.") % {
            "photos": photos_text,
            "reports": reports_text,
        }
    if photos or reports:
        return gettext("The patient attached %(files)s for the doctors.") % {
            "files": photos_text if photos else reports_text
        }
    return ""


def staged_attachment_list(*, user, ids) -> list[Attachment]:
    """``user``'s own files waiting for a question, among ``ids`` (from a form)."""
    clean = [int(i) for i in ids if str(i).isascii() and str(i).isdecimal() and len(str(i)) < 19]
    return list(
        Attachment.objects.filter(uploader=user, question__isnull=True, pk__in=clean).order_by(
            "created_at", "id"
        )[: Attachment.MAX_PER_QUESTION]
    )


def follow_up_get_for_viewer(user, pk: int) -> FollowUp:
    follow_up = (
        FollowUp.objects.select_related("answer__question", "answer__doctor").filter(pk=pk).first()
    )
    if follow_up is None or not can_view_question(user, follow_up.answer.question):
        raise Http404("No such follow-up")
    return follow_up


def doctor_follow_ups_waiting(*, doctor: DoctorProfile):
    """Follow-ups to this doctor's answers still waiting for their reply, oldest first."""
    return (
        FollowUp.objects.filter(
            answer__doctor=doctor,
            replied_at__isnull=True,
            visibility=Visibility.VISIBLE,
            answer__visibility=Visibility.VISIBLE,
        )
        .select_related("answer__question")
        .order_by("created_at", "id")[:20]
    )
