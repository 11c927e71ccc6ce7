"""A patient booking a consultation may share one of their own questions: the doctor then
reads it, with its photos and reports, from the booking."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import messages as msg
from consultations import services
from consultations.models import Booking, Mode
from consultations.slots import free_slots
from questions.services import attachments_add, question_create
from tests.questions import files

from .conftest import set_hours, weekdays

pytestmark = pytest.mark.django_db

TEXT = "A red scaly patch on my elbow for three months that itches at night."


@pytest.fixture
def held(doctor, patient):
    availability = set_hours(
        doctor, hours=weekdays(Mode.CHAT, "00:00", "23:30"), min_notice_hours=0
    )
    slot = free_slots(availability, first_day=timezone.localdate() + timedelta(days=2), days=1)[0]
    return services.booking_hold(patient=patient, doctor=doctor, slot_id=slot.id)


@pytest.fixture
def own_question(patient):
    question = question_create(author=patient, text=TEXT, age=34, gender="female")
    attachments_add(
        user=patient, question=question, files=[files.photo_with_location(), files.pdf()]
    )
    return question


def test_the_patient_shares_a_question_and_the_doctor_reads_it_with_its_files(
    client, held, own_question, patient, doctor
):
    client.force_login(patient)
    form = client.get(held.get_absolute_url()).content.decode()
    assert "Share one of your questions with the doctor" in form and TEXT[:40] in form

    response = client.post(
        held.get_absolute_url(), {"reason": "The patch is spreading.", "question": own_question.pk}
    )

    assert response.status_code == 302
    assert Booking.objects.get(pk=held.pk).question == own_question
    client.force_login(doctor.user)
    page = client.get(held.get_absolute_url()).content.decode()
    assert own_question.get_absolute_url() in page
    assert "With 1 photo and 1 report for the doctor" in page
    question_page = client.get(own_question.get_absolute_url()).content.decode()
    attachment = own_question.attachments.first()
    assert reverse("questions:attachment", args=[attachment.pk]) in question_page


def test_another_patients_question_cannot_be_shared(held, patient, other_patient):
    theirs = question_create(author=other_patient, text=TEXT, age=40, gender="male")

    with pytest.raises(ValidationError) as refused:
        services.booking_request(
            patient=patient, booking=held, reason="The patch is spreading.", question=theirs
        )

    assert msg.NOT_YOUR_QUESTION in str(refused.value)
    assert Booking.objects.get(pk=held.pk).question is None


def test_the_form_offers_only_the_patients_own_questions(client, held, patient, other_patient):
    question_create(
        author=other_patient,
        text="Someone else's question about a swollen ankle.",
        age=40,
        gender="male",
    )
    client.force_login(patient)
    page = client.get(held.get_absolute_url()).content.decode()
    assert "swollen ankle" not in page
    # Without any question of their own, the form does not offer the choice at all.
    assert "Share one of your questions" not in page
