"""KeptQuery (portal/queries.py): a queryset compiled once, run again with other values,
gives what the queryset itself gives, and refuses what it could not keep."""

from datetime import datetime, timedelta

import pytest
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Exists, F, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.queries import AnyOf, KeptQuery
from portal.taxonomy.models import Specialty
from questions.models import Answer, Question
from tests.factories import DoctorFactory, QuestionFactory, SpecialtyFactory
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db


def _answers(question_id: int):
    names = Specialty.objects.filter(doctors=OuterRef("doctor_id")).order_by("name", "id")
    return (
        Answer.objects.filter(question_id=question_id)
        .select_related("doctor", "follow_up")
        .annotate(names=ArraySubquery(names.values("name")))
        .order_by("created_at", "id")
    )


def _question(slug: str):
    return (
        Question.objects.select_related("specialty")
        .annotate(answered=Exists(Answer.objects.filter(question=OuterRef("pk"))))
        .filter(slug=slug)
        .order_by("pk")
    )


def test_rows_related_rows_and_annotations_are_the_querysets_own():
    kept = KeptQuery(_answers)
    first = answered_question(doctors=[DoctorFactory(), DoctorFactory()])
    second = answered_question(doctors=[DoctorFactory()])
    first.answers.first().doctor.specialties.add(SpecialtyFactory(name="Allergy"))

    for question in (first, second, first):
        expected = list(_answers(question.pk))
        with CaptureQueriesContext(connection) as queries:
            got = kept.all(question_id=question.pk)
            doctors = [answer.doctor.full_name for answer in got]  # select_related: no query
            follow_ups = [getattr(answer, "follow_up", None) for answer in got]
        assert len(queries) == 1
        assert [a.pk for a in got] == [a.pk for a in expected]
        assert doctors == [a.doctor.full_name for a in expected]
        assert [a.names for a in got] == [a.names for a in expected]
        assert [a.created_at for a in got] == [a.created_at for a in expected]
        assert got[0].created_at.tzinfo is not None  # converted as the ORM converts
        assert follow_ups == [None] * len(got)
        assert all(a.body_html == e.body_html for a, e in zip(got, expected, strict=True))


def test_each_run_swaps_in_its_own_value_and_nothing_else():
    kept = KeptQuery(_question)
    QuestionFactory(slug="rash", specialty=SpecialtyFactory(name="Dermatology"))
    answered = answered_question(doctors=[DoctorFactory()], slug="cough")

    rash = kept.all(slug="rash")
    cough = kept.all(slug="cough")

    assert [(q.slug, q.specialty.name, q.answered) for q in rash] == [
        ("rash", "Dermatology", False)
    ]
    assert [(q.pk, q.answered) for q in cough] == [(answered.pk, True)]
    assert kept.all(slug="none such") == []
    assert kept.first(slug="none such") is None
    assert kept.first(slug="cough").pk == answered.pk


def test_the_sql_is_compiled_once():
    kept = KeptQuery(_question)
    kept.all(slug="a")
    with CaptureQueriesContext(connection) as queries:
        kept.all(slug="b")
        kept.all(slug="c")
    assert queries[0]["sql"].replace("'b'", "'c'") == queries[1]["sql"]


def _asked_before_now(slug: str):
    return Question.objects.filter(slug=slug, created_at__lt=timezone.now())


def test_a_time_worked_out_when_built_is_refused():
    with pytest.raises(ValueError, match="time"):
        KeptQuery(_asked_before_now).all(slug="rash")


def _prefetched(slug: str):
    return Question.objects.filter(slug=slug).prefetch_related("answers")


def _not_filtered(slug: str):
    return Question.objects.all()


def _asked_before(slug: str, when: datetime):
    return Question.objects.filter(slug=slug, created_at__lt=when).order_by("pk")


def test_a_time_can_be_a_marker_and_each_run_gives_its_own():
    kept = KeptQuery(_asked_before)
    question = QuestionFactory(slug="rash")
    asked = question.created_at

    assert kept.all(slug="rash", when=asked - timedelta(seconds=1)) == []
    assert kept.first(slug="rash", when=asked + timedelta(seconds=1)).pk == question.pk
    with pytest.raises(TypeError):
        kept.all(slug="rash", when="2026-01-01")


def _in_specialty(specialty_id: int):
    return Question.objects.filter(specialty_id=specialty_id).order_by("pk")


def _of_age(age: int):
    return Question.objects.filter(age=age)


def test_an_integer_marker_fits_a_32_bit_column_and_a_smaller_one_is_refused():
    skin, heart = SpecialtyFactory(), SpecialtyFactory()
    rash, chest = QuestionFactory(specialty=skin), QuestionFactory(specialty=heart)
    kept = KeptQuery(_in_specialty)

    assert [q.pk for q in kept.all(specialty_id=skin.pk)] == [rash.pk]
    assert [q.pk for q in kept.all(specialty_id=heart.pk)] == [chest.pk]
    with pytest.raises(ValueError, match="range"):
        KeptQuery(_of_age).all(age=19)


def test_what_it_cannot_keep_is_refused():
    with pytest.raises(ValueError, match="prefetch"):
        KeptQuery(_prefetched).all(slug="rash")
    with pytest.raises(ValueError, match="slug"):
        KeptQuery(_not_filtered).all(slug="rash")
    with pytest.raises(TypeError):
        KeptQuery(_question).all(slug=12)
    with pytest.raises(TypeError):
        KeptQuery(_question).all()


def _of_questions(question_ids: list[int]):
    return Answer.objects.filter(AnyOf(F("question_id"), question_ids)).order_by("pk")


def test_a_list_of_keys_is_one_array_parameter_whatever_its_length():
    kept = KeptQuery(_of_questions)
    first = answered_question(doctors=[DoctorFactory(), DoctorFactory()])
    second = answered_question(doctors=[DoctorFactory()])
    unanswered = QuestionFactory()

    for ids in ([first.pk], [first.pk, second.pk], [second.pk, unanswered.pk, first.pk], []):
        expected = list(Answer.objects.filter(question_id__in=ids).order_by("pk"))
        with CaptureQueriesContext(connection) as queries:
            got = kept.all(question_ids=ids)
        assert [a.pk for a in got] == [a.pk for a in expected]
        assert "= ANY(" in queries[0]["sql"]
    assert len(kept.all(question_ids=[first.pk, second.pk])) == 3
    # One parameter, however many keys: the same SQL, which PostgreSQL prepares once.
    assert kept._get().sql.count("%s") == 1
    with pytest.raises(TypeError, match="list of int"):
        kept.all(question_ids=[first.pk, "2"])
    with pytest.raises(TypeError, match="list of int"):
        kept.all(question_ids=(first.pk,))
    with pytest.raises(TypeError, match="list of int"):
        kept.all(question_ids=[True])


def _by_specialty(specialty_id: int):
    return Question.objects.filter(specialty_id=specialty_id).order_by("-created_at", "-id")


def test_slices_are_the_querysets_own_slices_in_one_query_each():
    kept = KeptQuery(_by_specialty)
    specialty, other = SpecialtyFactory(), SpecialtyFactory()
    for _ in range(7):
        QuestionFactory(specialty=specialty)
    QuestionFactory(specialty=other)
    rows = kept.rows(specialty_id=specialty.pk)
    expected = list(_by_specialty(specialty.pk))
    for start, stop in [(0, 3), (3, 6), (6, 9), (2, None), (0, None), (5, 5)]:
        with CaptureQueriesContext(connection) as queries:
            got = [question.pk for question in rows[start:stop]]
        assert got == [question.pk for question in expected[start:stop]], (start, stop)
        assert len(queries) == 1
    # A slice of a slice stays within the first, as a queryset's does.
    assert [q.pk for q in rows[2:6][1:10]] == [q.pk for q in expected[2:6][1:10]]
    assert [q.pk for q in rows[2:][1:3]] == [q.pk for q in expected[2:][1:3]]
    # Counting counts the slice, with the queryset built for the values.
    assert rows.count() == 7
    assert rows[:5].count() == 5
    assert rows[4:20].count() == 3
    assert kept.rows(specialty_id=other.pk)[0:10].count() == 1


def test_a_paginator_reads_a_page_of_kept_rows_in_one_query():
    from portal.pagination import CachedCountPaginator

    specialty = SpecialtyFactory()
    for _ in range(12):
        QuestionFactory(specialty=specialty)
    expected = [q.pk for q in _by_specialty(specialty.pk)]
    rows = KeptQuery(_by_specialty).rows(specialty_id=specialty.pk)
    with CaptureQueriesContext(connection) as queries:
        page = CachedCountPaginator(rows, 5, count=12).page(3)
    assert [q.pk for q in page.object_list] == expected[10:]
    assert len(queries) == 1
    # A wrong total is corrected from the rows read, as with a queryset.
    page = CachedCountPaginator(rows, 5, count=9).page(2)
    assert [q.pk for q in page.object_list] == expected[5:10]
    assert page.paginator.count == 12


def test_a_slice_needs_an_ordered_unsliced_query_and_a_plain_slice():
    def unordered(specialty_id: int):
        return Question.objects.filter(specialty_id=specialty_id).order_by()

    def sliced(specialty_id: int):
        return Question.objects.filter(specialty_id=specialty_id).order_by("pk")[:3]

    specialty = SpecialtyFactory()
    QuestionFactory(specialty=specialty)
    for build in (unordered, sliced):
        with pytest.raises(ValueError, match="ordered, unsliced"):
            list(KeptQuery(build).rows(specialty_id=specialty.pk)[0:2])
    # Unsliced, they still run whole.
    assert len(KeptQuery(unordered).all(specialty_id=specialty.pk)) == 1
    rows = KeptQuery(_by_specialty).rows(specialty_id=specialty.pk)
    with pytest.raises(TypeError):
        rows[0]
    with pytest.raises(TypeError):
        rows[0:4:2]
    with pytest.raises(ValueError):
        rows[-2:]


def test_a_query_a_connection_has_run_five_times_is_prepared():
    """DB_PREPARED_STATEMENTS (on by default): the server binds the parameters, so the
    SQL is the same whatever the values, and psycopg prepares it after five runs:
    PostgreSQL plans it no more."""

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall() if "questions_question" in row[0]]

    kept = KeptQuery(_by_specialty)
    specialties = [SpecialtyFactory() for _ in range(6)]
    before = prepared()
    for specialty in specialties:
        list(kept.rows(specialty_id=specialty.pk)[0:5])
    after = [statement for statement in prepared() if statement not in before]
    assert len(after) == 1
    assert '"questions_question"."specialty_id" = $1' in after[0]
    assert after[0].endswith("LIMIT $2 OFFSET $3")
