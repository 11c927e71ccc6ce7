"""Regressions found by the review of the merged features: where moderation, attachments,
consultations and exports meet, nothing hidden or staged leaks and nothing stays stuck."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.selectors import bookable_doctor_list, doctor_for_booking
from patients.models import DataExport
from patients.services import patients_housekeeping
from questions.models import Question
from questions.selectors import doctor_follow_ups_waiting
from questions.services import attachments_stage, follow_up_create
from search.models import Term
from search.services import vocabulary_refresh
from tests.factories import DoctorFactory
from tests.helpers import wait_until
from tests.questions import files
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db(transaction=True)

HIDDEN = {"visibility": "hidden", "moderation_reason": "Names a person."}


def test_the_short_url_of_a_hidden_question_does_not_reveal_its_slug(client, patient, doctor):
    question = answered_question(doctors=[doctor], author=patient)
    Question.objects.filter(pk=question.pk).update(**HIDDEN)
    short = reverse("questions:short", args=[question.pk])

    assert client.get(short).status_code == 404
    client.force_login(patient)
    assert client.get(short).status_code == 301


def test_the_spelling_vocabulary_leaves_out_hidden_questions(patient, doctor):
    question = answered_question(doctors=[doctor], author=patient, text="Quizzicalword " * 3)
    vocabulary_refresh()
    assert Term.objects.filter(word="quizzicalword").exists()

    Question.objects.filter(pk=question.pk).update(**HIDDEN)
    vocabulary_refresh()

    assert not Term.objects.filter(word="quizzicalword").exists()


def test_a_hidden_doctor_cannot_be_chosen_or_booked(doctor):
    from tests.consultations.conftest import set_hours, weekdays

    set_hours(doctor, hours=weekdays("chat", "09:00", "17:00"))
    assert doctor in bookable_doctor_list() and doctor_for_booking(slug=doctor.slug)
    type(doctor).objects.filter(pk=doctor.pk).update(**HIDDEN)

    assert doctor not in bookable_doctor_list()
    assert doctor_for_booking(slug=doctor.slug) is None


def test_a_hidden_follow_up_leaves_the_doctors_dashboard(patient, doctor):
    answer = answered_question(doctors=[doctor], author=patient).answers.get()
    follow_up = follow_up_create(user=patient, answer=answer, text="Does it spread to the scalp?")
    assert list(doctor_follow_ups_waiting(doctor=doctor)) == [follow_up]

    type(follow_up).objects.filter(pk=follow_up.pk).update(**HIDDEN)

    assert list(doctor_follow_ups_waiting(doctor=doctor)) == []


def test_a_staged_file_is_its_uploaders_alone(client, patient, doctor, staff):
    [staged], _ = attachments_stage(user=patient, files=[files.png()])
    url = reverse("questions:attachment", args=[staged.pk])
    for reader in (doctor.user, staff):
        client.force_login(reader)
        assert client.get(url).status_code == 404
    client.force_login(patient)
    assert client.get(url).status_code == 200


def test_a_non_ascii_digit_in_kept_files_is_a_clear_form_not_a_500(client, patient):
    client.force_login(patient)
    response = client.post(reverse("questions:ask"), {"text": "short", "kept_attachments": "²"})
    assert response.status_code in (200, 400)


def test_housekeeping_queues_again_an_export_that_never_ran(celery_worker, patient):
    """An export asked for while the broker was down never reached a worker: the hourly
    job queues it again and the real worker builds it."""
    export = DataExport.objects.create(user=patient)
    DataExport.objects.filter(pk=export.pk).update(created_at=timezone.now() - timedelta(hours=1))

    assert patients_housekeeping()["exports_requeued"] == 1

    assert wait_until(
        lambda: DataExport.objects.get(pk=export.pk).status == DataExport.Status.READY, 20
    )


def test_top_doctors_count_only_public_answers(client, patient, specialty):
    from directory.selectors import top_doctor_list
    from tests.directory.factories import CityFactory

    city = CityFactory()
    doctor = DoctorFactory(specialties=[specialty], city=city)
    answer = answered_question(doctors=[doctor], author=patient, specialty=specialty).answers.get()
    assert top_doctor_list(specialty=specialty, city=city)[0].answer_total == 1

    type(answer).objects.filter(pk=answer.pk).update(**HIDDEN)

    assert top_doctor_list(specialty=specialty, city=city)[0].answer_total == 0
