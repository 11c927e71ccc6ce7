"""The answered-question lists and the home page: order, visibility, pagination and a
query count that does not grow with the data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import DoctorFactory, QuestionFactory, SpecialtyFactory
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db

LIST_URL = reverse("questions:list")


def page_questions(response):
    return list(response.context["page_obj"].object_list)


@pytest.fixture
def answered_three(doctor, specialty):
    now = timezone.now()
    return [
        answered_question(
            doctors=[doctor], specialty=specialty, answered_at=now - timedelta(days=d)
        )
        for d in (3, 1, 2)
    ]


def test_answered_list_is_newest_answer_first(client, answered_three):
    oldest, newest, middle = answered_three

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert page_questions(response) == [newest, middle, oldest]


def test_answered_list_excludes_private_and_unanswered_questions(client, doctor, answered_three):
    private = answered_question(doctors=[doctor], is_private=True, text="Private: a lump.")
    unanswered = QuestionFactory(text="Nobody has answered this question about my ears.")

    response = client.get(LIST_URL)

    shown = page_questions(response)
    assert set(shown) == set(answered_three)
    assert private not in shown and unanswered not in shown
    content = response.content.decode()
    assert "Private: a lump." not in content
    assert "about my ears" not in content


def test_answered_list_shows_the_gender_age_label_and_answer(client, answered_three):
    content = client.get(LIST_URL).content.decode()

    assert "Female | 34" in content
    assert "Dr. Asha Rao" in content
    assert answered_three[0].author.email not in content


def make_answered(n, doctors, specialty=None):
    now = timezone.now()
    return [
        answered_question(
            doctors=doctors[i % 2 : i % 2 + 1 + (i % 3 == 0)],
            specialty=specialty,
            answered_at=now - timedelta(minutes=i),
        )
        for i in range(n)
    ]


@pytest.fixture
def doctors(specialty, other_specialty):
    return [
        DoctorFactory(specialties=[specialty]),
        DoctorFactory(specialties=[specialty, other_specialty]),
        DoctorFactory(specialties=[other_specialty]),
    ]


def test_answered_list_paginates(client, doctors):
    questions = make_answered(25, doctors)  # newest first

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert page_questions(first) == questions[:20]
    assert page_questions(second) == questions[20:]
    assert second.context["page_obj"].number == 2
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", ""])
def test_out_of_range_page_numbers_do_not_fail(client, doctors, page):
    make_answered(21, doctors)

    response = client.get(LIST_URL, {"page": page})

    assert response.status_code == 200
    expected = 1 if page in ("abc", "") else 2
    assert response.context["page_obj"].number == expected


def test_specialty_list_shows_only_that_specialty(client, doctor, specialty, other_specialty):
    derm = answered_question(doctors=[doctor], specialty=specialty)
    answered_question(doctors=[doctor], specialty=other_specialty)
    answered_question(doctors=[doctor], specialty=None)

    response = client.get(reverse("questions:specialty", kwargs={"slug": "dermatology"}))

    assert response.status_code == 200
    assert page_questions(response) == [derm]
    assert response.context["heading"] == "Dermatology questions"


def test_specialty_list_is_a_404_for_an_unknown_slug(client):
    response = client.get(reverse("questions:specialty", kwargs={"slug": "no-such-thing"}))
    assert response.status_code == 404


def test_home_page_shows_the_six_latest_answered_questions(client, doctors):
    questions = make_answered(8, doctors)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert list(response.context["recent_questions"]) == questions[:6]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [LIST_URL, reverse("home"), "/questions/specialty/dermatology/"])
def test_page_query_count_does_not_grow_with_questions(client, doctors, specialty, url):
    SpecialtyFactory(name="Neurology", slug="neurology")
    make_answered(3, doctors, specialty=specialty)
    with_three = count_queries(client, url)

    make_answered(22, doctors, specialty=specialty)
    with_twenty_five = count_queries(client, url)

    assert with_twenty_five == with_three


@pytest.mark.parametrize("url", [LIST_URL, reverse("home")])
def test_public_pages_stay_within_the_query_budget(
    client, doctors, specialty, url, django_assert_max_num_queries
):
    make_answered(25, doctors, specialty=specialty)

    with django_assert_max_num_queries(6):
        client.get(url)
