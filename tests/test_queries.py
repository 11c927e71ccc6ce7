"""KeptQuery (portal/queries.py): a queryset compiled once, run again with other values,
gives what the queryset itself gives, and refuses what it could not keep."""

from datetime import datetime, timedelta

import pytest
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.queries import KeptQuery
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
