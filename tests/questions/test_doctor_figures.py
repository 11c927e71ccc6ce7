"""A doctor's public figures are kept in PostgreSQL (questions/figures.py): counted once,
read as one row by every later profile, whatever the shared cache holds, and counted
again after any write that changes them."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from moderation.services import item_hide
from moderation.targets import TARGETS
from questions import figures
from questions.models import Answer, DoctorFigures
from questions.selectors import doctor_public_stats
from questions.services import answer_agree, answer_thank
from tests.factories import DoctorFactory
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db


def counted(run) -> bool:
    """Whether ``run()`` aggregated the doctor's answers (the count, not the row)."""
    with CaptureQueriesContext(connection) as queries:
        run()
    return any("AVG(" in q["sql"] and "questions_answer" in q["sql"] for q in queries)


def row(doctor) -> DoctorFigures:
    return DoctorFigures.objects.get(doctor_id=doctor.pk)


@pytest.fixture
def answer(patient, doctor):
    return answered_question(doctors=[doctor], author=patient).answers.get()


def test_a_profile_counts_once_then_reads_the_row_even_with_the_cache_emptied(answer, doctor):
    url = doctor.get_absolute_url()
    assert counted(lambda: Client().get(url))
    cache.clear()  # a restarted or evicted cache: the figures are still there

    assert not counted(lambda: Client().get(f"{url}?v=1"))
    assert row(doctor).is_current
    assert doctor_public_stats(doctor=doctor)["total"] == 1


def test_thanks_make_the_row_out_of_date_and_the_next_reader_counts_them(answer, doctor, patient):
    doctor_public_stats(doctor=doctor)

    answer_thank(user=patient, answer=answer)

    assert not row(doctor).is_current
    assert doctor_public_stats(doctor=doctor)["thanks"] == 1
    assert row(doctor).is_current
    assert not counted(lambda: doctor_public_stats(doctor=doctor))


def test_an_agreement_counts_for_the_answer_s_doctor(answer, doctor, specialty):
    colleague = DoctorFactory(specialties=[specialty])
    doctor_public_stats(doctor=doctor)

    answer_agree(user=colleague.user, answer=answer)

    assert doctor_public_stats(doctor=doctor)["agreements"] == 1


def test_a_hidden_answer_leaves_the_figures(answer, doctor, staff):
    assert doctor_public_stats(doctor=doctor)["total"] == 1

    item_hide(moderator=staff, target=TARGETS["answer"], item=answer, reason="Advertising.")

    assert doctor_public_stats(doctor=doctor)["total"] == 0


def test_a_hidden_question_takes_its_answers_out_of_every_doctor_s_figures(
    patient, doctor, specialty, staff
):
    colleague = DoctorFactory(specialties=[specialty])
    question = answered_question(doctors=[doctor, colleague], author=patient)
    assert [doctor_public_stats(doctor=d)["total"] for d in (doctor, colleague)] == [1, 1]

    item_hide(moderator=staff, target=TARGETS["question"], item=question, reason="Spam.")

    assert [doctor_public_stats(doctor=d)["total"] for d in (doctor, colleague)] == [0, 0]


def test_a_count_overtaken_by_a_change_leaves_the_row_out_of_date(answer, doctor):
    """A change marked while a count runs: the count is stored as of where it started,
    so the next reader counts again."""
    figures.count(doctor.pk)
    started_from = row(doctor).changes
    figures.mark([str(doctor.pk)])  # a write during the count
    Answer.objects.filter(pk=answer.pk).update(thanks_count=5)

    figures.count(doctor.pk, started_from)

    assert not row(doctor).is_current
    assert doctor_public_stats(doctor=doctor)["thanks"] == 5
    assert row(doctor).is_current


def test_an_older_count_never_overwrites_a_newer_one(answer, doctor):
    figures.mark([str(doctor.pk)])
    Answer.objects.filter(pk=answer.pk).update(thanks_count=2)
    figures.count(doctor.pk)  # as of the latest change
    Answer.objects.filter(pk=answer.pk).update(thanks_count=9)

    figures.count(doctor.pk, 0)  # a slow count that started before the mark ends last

    assert row(doctor).is_current
    assert row(doctor).thanks == 2
