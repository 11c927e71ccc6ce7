"""Reads for questions: each returns a queryset with a fixed number of queries per page."""

import re
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Prefetch, Q, Value, When

from .models import Answer, Question

_WORD_RE = re.compile(r"\w{4,}", re.UNICODE)


def _with_answers(qs):
    return qs.select_related("specialty").prefetch_related(
        Prefetch(
            "answers",
            queryset=Answer.objects.select_related("doctor").order_by("created_at", "id"),
        )
    )


def answered_question_list(*, specialty=None):
    qs = Question.objects.public().answered()
    if specialty is not None:
        qs = qs.filter(specialty=specialty)
    return _with_answers(qs.order_by("-answered_at", "-id"))


def question_for_page(*, pk: int) -> Question | None:
    return (
        Question.objects.select_related("specialty")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("doctor").prefetch_related(
                    "doctor__specialties"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )


def question_list_for_author(*, user):
    return _with_answers(Question.objects.filter(author=user).order_by("-created_at", "-id"))


def similar_question_list(*, text: str, limit: int = 5):
    """Answered public questions that share words with ``text``, best match first."""
    words = list(dict.fromkeys(w.lower() for w in _WORD_RE.findall(text or "")))[:15]
    if not words:
        return Question.objects.none()
    query = reduce(or_, (SearchQuery(w, config="english") for w in words))
    return (
        Question.objects.public()
        .answered()
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-answered_at")[:limit]
    )


def doctor_open_question_list(*, doctor):
    """Questions this doctor has not answered: their specialties first, then questions
    nobody has answered yet, oldest first."""
    specialty_ids = list(doctor.specialties.values_list("id", flat=True))
    answered_by_me = Answer.objects.filter(question=OuterRef("pk"), doctor=doctor)
    return (
        Question.objects.exclude(Exists(answered_by_me))
        .annotate(
            in_my_specialties=Case(
                When(specialty_id__in=specialty_ids, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            unanswered=Q(answer_count=0),
        )
        .select_related("specialty")
        .order_by(
            F("in_my_specialties").desc(),
            F("unanswered").desc(),
            "created_at",
            "id",
        )
    )


def doctor_answer_list(*, doctor):
    return (
        Answer.objects.filter(doctor=doctor)
        .select_related("question", "question__specialty")
        .order_by("-created_at", "-id")
    )
