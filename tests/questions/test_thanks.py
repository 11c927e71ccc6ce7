"""The asker thanks a doctor for an answer: once, and only the asker."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from questions.models import Answer, Thanks
from questions.services import answer_create, answer_thank
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

BODY = "Use a fragrance-free moisturiser twice a day and avoid hot showers."


@pytest.fixture
def answer(patient, doctor):
    return answer_create(user=doctor.user, question=QuestionFactory(author=patient), body=BODY)


def test_asker_thanks_an_answer_once(patient, answer):
    assert answer_thank(user=patient, answer=answer) is True
    assert answer_thank(user=patient, answer=answer) is False

    assert Answer.objects.get(pk=answer.pk).thanks_count == 1
    assert Thanks.objects.get().user == patient


@pytest.mark.parametrize("who", ["other_patient", "staff"])
def test_only_the_asker_may_thank(request, answer, who):
    with pytest.raises(PermissionDenied):
        answer_thank(user=request.getfixturevalue(who), answer=answer)

    assert Answer.objects.get(pk=answer.pk).thanks_count == 0


def test_a_doctor_cannot_thank_their_own_answer_to_their_own_question(doctor):
    own = answer_create(user=doctor.user, question=QuestionFactory(author=doctor.user), body=BODY)

    with pytest.raises(PermissionDenied):
        answer_thank(user=doctor.user, answer=own)


def test_thank_view_redirects_to_the_answer(client, patient, answer):
    client.force_login(patient)

    response = client.post(reverse("questions:thank", kwargs={"pk": answer.pk}))

    assert response.status_code == 302
    assert response["Location"] == f"{answer.question.get_absolute_url()}#answer-{answer.pk}"
    assert Answer.objects.get(pk=answer.pk).thanks_count == 1


def test_thank_view_is_403_for_someone_else(client, other_patient, answer):
    client.force_login(other_patient)

    response = client.post(reverse("questions:thank", kwargs={"pk": answer.pk}))

    assert response.status_code == 403
    assert not Thanks.objects.exists()


def test_thank_view_hides_private_questions(client, other_patient, patient, doctor):
    private = QuestionFactory(author=patient, is_private=True)
    answer = answer_create(user=doctor.user, question=private, body=BODY)
    client.force_login(other_patient)

    response = client.post(reverse("questions:thank", kwargs={"pk": answer.pk}))

    assert response.status_code == 404


def test_thank_view_needs_login_and_post(client, patient, answer):
    url = reverse("questions:thank", kwargs={"pk": answer.pk})

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(patient)
    assert client.get(url).status_code == 405
    assert not Thanks.objects.exists()


def test_question_page_offers_the_thank_button_to_the_asker_only_until_used(
    client, patient, other_patient, answer
):
    thank_url = reverse("questions:thank", kwargs={"pk": answer.pk})
    page = answer.question.get_absolute_url()

    client.force_login(other_patient)
    assert thank_url not in client.get(page).content.decode()

    client.force_login(patient)
    content = client.get(page).content.decode()
    assert thank_url in content
    assert "Thank Dr. Asha Rao" in content
    assert "Thanked by the patient" not in content

    client.post(thank_url)
    content = client.get(page).content.decode()
    assert thank_url not in content
    assert "Thanked by the patient" in content
