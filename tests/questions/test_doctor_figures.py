"""A doctor's public figures are kept in PostgreSQL (questions/figures.py): counted once,
read as one row by every later profile, whatever the shared cache holds, and counted
again after any write that changes them; marking a change never waits on a lock."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from moderation.services import item_hide
from moderation.targets import TARGETS
from questions import figures
from questions.models import Answer, DoctorFigures, DoctorFiguresChange
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


def current(doctor) -> bool:
    """Whether the doctor's stored figures hold every change (none is waiting)."""
    counted = DoctorFigures.objects.filter(doctor_id=doctor.pk).exists()
    return counted and not DoctorFiguresChange.objects.filter(doctor_id=doctor.pk).exists()


@pytest.fixture
def answer(patient, doctor):
    return answered_question(doctors=[doctor], author=patient).answers.get()


def test_a_profile_counts_once_then_reads_the_row_even_with_the_cache_emptied(answer, doctor):
    url = doctor.get_absolute_url()
    assert counted(lambda: Client().get(url))
    cache.clear()  # a restarted or evicted cache: the figures are still there

    assert not counted(lambda: Client().get(f"{url}?v=1"))
    assert current(doctor)
    assert doctor_public_stats(doctor=doctor)["total"] == 1


def test_thanks_make_the_row_out_of_date_and_the_next_reader_counts_them(answer, doctor, patient):
    doctor_public_stats(doctor=doctor)

    answer_thank(user=patient, answer=answer)

    assert not current(doctor)
    assert doctor_public_stats(doctor=doctor)["thanks"] == 1
    assert current(doctor)
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


def test_a_change_made_while_counting_is_counted_by_the_next_reader(answer, doctor):
    """A change marked after the count read what was waiting: the count leaves it, so the
    next reader counts again."""
    _, waiting, started = figures._stored(doctor.pk)
    figures.mark([str(doctor.pk)])  # a write during the count
    Answer.objects.filter(pk=answer.pk).update(thanks_count=5)

    figures.count(doctor.pk, waiting, started)

    assert not current(doctor)
    assert doctor_public_stats(doctor=doctor)["thanks"] == 5
    assert current(doctor)


def test_of_two_racing_counts_the_later_one_is_kept(answer, doctor):
    _, waiting, earlier = figures._stored(doctor.pk)
    Answer.objects.filter(pk=answer.pk).update(thanks_count=2)
    figures.mark([str(doctor.pk)])
    figures.count(doctor.pk)  # began later, saw the new thanks
    Answer.objects.filter(pk=answer.pk).update(thanks_count=9)

    figures.count(doctor.pk, waiting, earlier)  # began first, ends last

    assert row(doctor).thanks == 2


def test_marking_waits_on_no_lock(transactional_db, doctor):
    """A writer holding a doctor's figures row (a count storing them) does not stop
    another from marking that doctor: a mark only inserts."""
    from django.db import connections

    figures.count(doctor.pk)
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {DoctorFigures._meta.db_table} WHERE doctor_id = %s FOR UPDATE",  # noqa: S608 - the model's own table name
                [doctor.pk],
            )
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        figures.mark([str(doctor.pk)])  # would raise LockNotAvailable if it waited
    finally:
        other.rollback()
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")

    assert not current(doctor)
