"""The doctor's dashboard (issue 16): open questions filtered by specialty, and after an
answer the doctor lands on a card for it (with a link to the answer), not at the top."""

from django.urls import reverse

from questions.models import Answer
from tests.factories import DoctorFactory, QuestionFactory
from tests.questions.helpers import answered_question


def test_dashboard_filters_open_questions_by_specialty(client, doctor, specialty, other_specialty):
    QuestionFactory(specialty=specialty, text="Rash on both elbows for three weeks now.")
    QuestionFactory(specialty=other_specialty, text="Wheezing at night for a month now.")
    client.force_login(doctor.user)
    url = reverse("questions:dashboard")

    everything = client.get(url).content.decode()
    only_other = client.get(url, {"specialty": other_specialty.slug}).content.decode()

    assert "Rash on both elbows" in everything and "Wheezing at night" in everything
    assert "Wheezing at night" in only_other and "Rash on both elbows" not in only_other
    # The doctor's own specialties come first among the filters, after "All".
    filters = everything[everything.index("Filter open questions by specialty") :]
    assert (
        filters.index(">All<") < filters.index(specialty.name) < filters.index(other_specialty.name)
    )


def test_dashboard_filter_with_an_unknown_specialty_shows_everything(client, doctor):
    QuestionFactory(text="Rash on both elbows for three weeks now.")
    client.force_login(doctor.user)

    response = client.get(reverse("questions:dashboard"), {"specialty": "no-such\x00thing"})

    assert response.status_code == 200
    assert "Rash on both elbows" in response.content.decode()


def test_answering_from_the_dashboard_lands_on_the_answer_not_the_top(client, doctor):
    question = QuestionFactory(text="Rash on both elbows for three weeks now.")
    client.force_login(doctor.user)
    dashboard = reverse("questions:dashboard")

    response = client.post(
        reverse("questions:answer", args=[question.pk]),
        {
            "body": "A dermatologist should see this rash; until then use a plain moisturiser.",
            "next": dashboard,
        },
    )

    answer = Answer.objects.get(question=question, doctor=doctor)
    assert response.status_code == 302
    assert response["Location"] == f"{dashboard}?answered={answer.pk}#answered"
    page = client.get(response["Location"]).content.decode()
    assert 'id="answered"' in page
    assert answer.get_absolute_url() in page


def test_dashboard_shows_no_card_for_another_doctors_answer(client, doctor, specialty):
    other = DoctorFactory(specialties=[specialty])
    question = answered_question(doctors=[other])
    theirs = Answer.objects.get(question=question, doctor=other)
    client.force_login(doctor.user)

    page = client.get(reverse("questions:dashboard"), {"answered": theirs.pk}).content.decode()

    assert 'id="answered"' not in page
