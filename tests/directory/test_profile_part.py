"""A doctor's page below its head (their record, figures and a page of the questions they
answered) is one part kept for visitors per doctor and page (directory/views.py:
doctor_profile_part, pagecache.captured): the same page at another address reads it
whole, and every change to what it shows draws it again."""

from itertools import count

import pytest
from django.test import Client

from consultations.models import Availability
from questions.services import answer_create
from tests.factories import DoctorFactory
from tests.helpers import drawn
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db

BODY = "doctors/partials/profile_body.html"
_fresh = count()


def profile(doctor, query: str = "") -> str:
    """The doctor's page at an address no stored page has: rendered now."""
    response = Client().get(f"{doctor.get_absolute_url()}?v={next(_fresh)}{query}")
    assert response.status_code == 200
    return response.content.decode()


def body(html: str) -> str:
    """From the doctor's card to the end of the questions they answered."""
    start = html.index('<section class="card profile stack">')
    answered = html.index('aria-labelledby="answered-title"', start)
    return html[start : html.index("</section>", answered)]


@pytest.fixture
def questions(doctor, specialty):
    return [
        answered_question(doctors=[doctor], specialty=specialty, text=f"Question number {n}?")
        for n in range(12)
    ]


def test_the_same_page_at_another_address_reads_the_kept_body_and_only_the_doctor(
    redis_page_cache, doctor, questions, django_assert_num_queries
):
    with drawn(BODY) as first_drawn:
        first = profile(doctor)
    with drawn(BODY) as again_drawn, django_assert_num_queries(1):  # the doctor's row
        again = profile(doctor)

    assert len(first_drawn) == 1
    assert again_drawn == []
    assert body(again) == body(first)
    assert "Question number 11?" in body(again)


def test_each_page_of_the_list_is_a_part_of_its_own(redis_page_cache, doctor, questions):
    first = profile(doctor)
    second = profile(doctor, "&page=2")

    assert "Question number 11?" in body(first)
    assert "Question number 0?" not in body(first)
    assert "Question number 0?" in body(second)
    assert "Page 2 of 2" in body(second)
    # A number below 1 or past the last page is the last page, as the paginator reads it.
    assert body(profile(doctor, "&page=0")) == body(second)
    assert body(profile(doctor, "&page=9")) == body(second)
    assert body(profile(doctor, "&page=any")) == body(first)


def test_a_page_past_the_bound_is_a_404_even_with_the_last_page_kept(
    redis_page_cache, doctor, questions, settings
):
    profile(doctor, "&page=0")  # keeps the last page
    response = Client().get(f"{doctor.get_absolute_url()}?page={settings.LIST_MAX_PAGES + 1}")

    assert response.status_code == 404


def test_a_new_answer_shows_in_the_kept_body_with_the_figures(
    redis_page_cache, doctor, questions, specialty
):
    before = body(profile(doctor))
    assert "New question on the list?" not in before

    answered_question(doctors=[doctor], specialty=specialty, text="New question on the list?")

    after = body(profile(doctor))
    assert "New question on the list?" in after
    assert "<dd>13</dd>" in after and "<dd>12</dd>" in before  # the answers figure


def test_another_doctors_answer_shows_on_a_card_in_the_kept_body(
    redis_page_cache, doctor, questions
):
    assert "2 doctors answered" not in body(profile(doctor))

    second = DoctorFactory(full_name="Vikram Mehta", slug="vikram-mehta")
    answer_create(user=second.user, question=questions[-1], body="Try a cream without perfume.")

    assert "2 doctors answered" in body(profile(doctor))


def test_an_edited_profile_and_opened_bookings_show_in_the_kept_body(
    redis_page_cache, doctor, questions
):
    before = body(profile(doctor))
    assert "Book a consultation" not in before

    doctor.bio = "Twenty years of treating eczema in children."
    doctor.save()
    Availability.objects.create(doctor=doctor, is_open=True)

    after = body(profile(doctor))
    assert "Twenty years of treating eczema in children." in after
    assert "Book a consultation" in after
