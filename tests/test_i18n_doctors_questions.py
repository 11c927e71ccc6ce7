"""The ask page, a question page and a doctor's profile read in Hindi when Hindi is the
page's language (issue 16): the catalogue (locale/hi) covers their words, and no English
sentence of theirs is left. The URL is reversed with Hindi active, so once pages carry a
language prefix (/hi/...) the same test reads the prefixed page."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import DoctorFactory, SpecialtyFactory, UserFactory
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db


def _hindi_page(client, name, **kwargs) -> str:
    with translation.override("hi"):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200
        return response.content.decode()


def test_the_ask_page_reads_in_hindi(client):
    content = _hindi_page(client, "questions:ask")

    for hindi in [
        "मुफ़्त सवाल पूछें",  # Ask a free question
        "काम का जवाब पाने के लिए सुझाव",  # Tips for a useful answer
        "आपका सवाल",  # the text field's label
        "अपने लक्षण बताएँ",  # its placeholder
        "महिला",  # a gender choice
        "मेरा सवाल मुफ़्त पोस्ट करें",  # the button
    ]:
        assert hindi in content, hindi
    for english in [
        "<h1>Ask a free question</h1>",
        "How long you have had the problem",
        "Tips for a useful answer",
        "Describe your symptoms",
        "Post my question for free",
        ">Female<",
    ]:
        assert english not in content, english


def test_a_question_page_reads_in_hindi(client):
    doctor = DoctorFactory(full_name="Asha Rao", slug="asha-rao")
    question = answered_question(doctors=[doctor], author=UserFactory(), age=34, gender="female")

    content = _hindi_page(client, "questions:detail", pk=question.pk, slug=question.slug)

    for hindi in [
        "सत्यापित डॉक्टरों से 1 जवाब",  # 1 answer from verified doctors
        "यह जवाब जानकारी है, बीमारी की पहचान या इलाज की योजना नहीं।",  # the disclaimer
        "महिला | 34",  # the asker's label, gender translated
        "क्या आपको भी ऐसी ही समस्या है?",  # Have a similar problem?
        "अपना सवाल पूछें",  # Ask your own question
    ]:
        assert hindi in content, hindi
    for english in [
        "answer from verified doctors",
        "This answer is information",
        "Have a similar problem?",
        "Ask your own question",
        "Female | 34",
    ]:
        assert english not in content, english


def test_a_doctors_profile_reads_in_hindi(client):
    doctor = DoctorFactory(
        full_name="Asha Rao",
        slug="asha-rao",
        years_of_experience=12,
        consultation_fee=500,
        specialties=[SpecialtyFactory(name="Dermatology", slug="dermatology")],
    )
    answered_question(doctors=[doctor], author=UserFactory())

    content = _hindi_page(client, "directory:doctor", slug=doctor.slug)

    for hindi in [
        "सत्यापन रिकॉर्ड",  # Verification record
        "योग्यताएँ",  # Qualifications
        "12 साल",  # 12 years
        "परामर्श फ़ीस",  # Consultation fee
        "डॉक्टरों की जाँच कैसे होती है",  # How doctors are checked
        "कुछ ग़लत है?",  # Something wrong?
        "Asha Rao के जवाब दिए सवाल",  # Questions answered by ...
    ]:
        assert hindi in content, hindi
    for english in [
        "Verification record",
        "Consultation fee",
        "12 years",
        "Something wrong?",
        "Questions answered by",
        "We checked this registration",
    ]:
        assert english not in content, english


def test_without_hindi_the_pages_stay_english(client):
    content = client.get(reverse("questions:ask")).content.decode()

    assert "Tips for a useful answer" in content
    assert "मुफ़्त सवाल पूछें" not in content


def test_the_ask_forms_errors_read_in_hindi(client):
    with translation.override("hi"):
        response = client.post(
            reverse("questions:ask"),
            {"text": "I have had a dry cough for three weeks now.", "age": "200", "gender": ""},
        )
    content = response.content.decode()

    assert response.status_code == 200  # the ask page, filled in again
    assert "0 से 120 के बीच उम्र लिखें।" in content  # the age range
    assert "कृपया लिंग चुनें।" in content  # Please choose a gender.
    assert "आपका सवाल अभी पोस्ट नहीं हुआ।" in content  # the summary above the form
    assert "Enter an age between" not in content
    assert "Please choose a gender." not in content
    assert "I have had a dry cough for three weeks now." in content  # what was typed is kept
