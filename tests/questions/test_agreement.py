"""Peer agreement: a verified doctor says "I agree" with another doctor's answer, once."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from portal.accounts.models import User
from questions.models import Agreement
from questions.permissions import can_agree_answer
from questions.services import answer_agree
from tests.factories import DoctorFactory

from .helpers import answered_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(patient):
    author = DoctorFactory(full_name="Vikram Mehta", slug="vikram-mehta")
    return answered_question(doctors=[author], author=patient).answers.get()


def test_a_verified_doctor_agrees_once(doctor, answer):
    assert can_agree_answer(doctor.user, answer)

    assert answer_agree(user=doctor.user, answer=answer) is True
    assert answer_agree(user=doctor.user, answer=answer) is False

    answer.refresh_from_db()
    assert answer.agree_count == 1
    assert Agreement.objects.get().doctor == doctor
    assert not can_agree_answer(doctor.user, answer)


def test_counts_add_up_across_doctors(answer):
    for _ in range(3):
        answer_agree(user=DoctorFactory().user, answer=answer)

    answer.refresh_from_db()
    assert answer.agree_count == 3 == answer.agreements.count()


def test_not_on_your_own_answer(answer):
    author = answer.doctor.user

    assert not can_agree_answer(author, answer)
    with pytest.raises(PermissionDenied):
        answer_agree(user=author, answer=answer)


@pytest.mark.parametrize("who", ["patient", "applicant", "expired_doctor", "staff", "verifier"])
def test_only_verified_doctors_agree(request, answer, who):
    person = request.getfixturevalue(who)
    user = User.objects.get(pk=getattr(person, "user", person).pk)

    assert not can_agree_answer(user, answer)
    with pytest.raises(PermissionDenied):
        answer_agree(user=user, answer=answer)
    answer.refresh_from_db()
    assert answer.agree_count == 0


def test_the_database_holds_one_agreement_per_doctor(doctor, answer):
    Agreement.objects.create(answer=answer, doctor=doctor)

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(answer=answer, doctor=doctor)


def test_question_page_shows_the_count_and_the_button(client, doctor, answer):
    url = answer.question.get_absolute_url()
    answer_agree(user=DoctorFactory().user, answer=answer)

    visitor_page = client.get(url).content.decode()
    assert "1 doctor agrees" in visitor_page
    assert "I agree" not in visitor_page

    client.force_login(doctor.user)
    assert "I agree" in client.get(url).content.decode()
    response = client.post(f"/answers/{answer.pk}/agree/", follow=True)
    content = response.content.decode()
    assert "2 doctors agree" in content
    assert "You agree with this answer" in content
    assert "I agree<span" not in content


def test_the_author_sees_the_count_but_no_button(client, answer):
    answer_agree(user=DoctorFactory().user, answer=answer)
    client.force_login(answer.doctor.user)

    content = client.get(answer.question.get_absolute_url()).content.decode()

    assert "1 doctor agrees" in content
    assert "I agree<span" not in content


def test_a_private_answer_is_a_404_to_those_who_cannot_read_it(client, other_patient, patient):
    author = DoctorFactory()
    private = answered_question(doctors=[author], author=patient, is_private=True).answers.get()
    client.force_login(other_patient)

    assert client.post(f"/answers/{private.pk}/agree/").status_code == 404
