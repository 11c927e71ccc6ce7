"""The doctor's dashboard at any number of answers: a fixed number of queries whatever the
doctor has answered, "this week" exact from the cached figures, the answer forms drawn
once (questions/templatetags/answer_forms.py), and the open questions' cards and the rows
of "My answers" kept rendered under what they show (questions/templatetags/open_questions.py,
answer_rows.py)."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.visibility import Visibility
from questions.forms import AnswerForm
from questions.models import Answer, Question
from questions.selectors import doctor_dashboard_stats
from questions.services import answer_create
from questions.templatetags.answer_forms import STAND_IN
from questions.templatetags.answer_rows import ROW_TEMPLATE
from questions.templatetags.open_questions import CARD_TEMPLATE
from tests.factories import DoctorFactory, QuestionFactory
from tests.helpers import drawn
from tests.questions.helpers import ANSWER_BODY, answered_question, set_created_at

pytestmark = pytest.mark.django_db

DASHBOARD = "/doctors/dashboard/"
ANSWERS_TAB = "/doctors/dashboard/?tab=answers"


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def rows_drawn():
    return drawn(ROW_TEMPLATE)


def test_the_dashboards_queries_do_not_grow_with_the_doctors_answers(
    client, doctor, specialty, patient
):
    answered_question(doctors=[doctor], author=patient, specialty=specialty)
    QuestionFactory.create_batch(3, author=patient, specialty=specialty)
    client.force_login(doctor.user)
    queries(client, DASHBOARD), queries(client, ANSWERS_TAB)  # the figures, kept
    few = {url: queries(client, url) for url in (DASHBOARD, ANSWERS_TAB)}

    for _ in range(25):  # more than a page of answers
        answered_question(doctors=[doctor], author=patient, specialty=specialty)
    queries(client, DASHBOARD)  # the figures counted again once
    many = {url: queries(client, url) for url in (DASHBOARD, ANSWERS_TAB)}

    assert {url: len(sql) for url, sql in many.items()} == {
        url: len(sql) for url, sql in few.items()
    }
    # No COUNT over the doctor's answers: the figures' total pages the answers tab.
    assert not [sql for sql in many[ANSWERS_TAB] if "COUNT" in sql and "questions_answer" in sql]
    # Nor their text, which the tab never shows.
    assert not [sql for sql in many[ANSWERS_TAB] if '"questions_answer"."body_html"' in sql]


def test_this_week_leaves_an_answer_when_it_turns_eight_days_old_with_no_write(
    redis_page_cache, doctor, specialty, patient
):
    question = answered_question(doctors=[doctor], author=patient, specialty=specialty)
    answer = Answer.objects.get(question=question, doctor=doctor)
    # Written straight to the row (no version moves): six days and 23 hours ago.
    almost = timezone.now() - timedelta(days=7) + timedelta(hours=1)
    Answer.objects.filter(pk=answer.pk).update(created_at=almost)
    Question.objects.filter(pk=question.pk).update(created_at=almost)
    answered_question(doctors=[doctor], author=patient, specialty=specialty)  # moves it

    assert doctor_dashboard_stats(doctor=doctor)["this_week"] == 2

    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        figures = doctor_dashboard_stats(doctor=doctor)
    assert (figures["total"], figures["this_week"]) == (2, 1)


def test_each_open_question_has_its_own_answer_form(client, doctor, specialty, patient):
    questions = QuestionFactory.create_batch(3, author=patient, specialty=specialty)
    client.force_login(doctor.user)

    page = client.get(DASHBOARD).content.decode()

    assert str(STAND_IN) not in page
    for question in questions:
        assert page.count(f'action="{reverse("questions:answer", args=[question.pk])}"') == 1
        assert page.count(f'id="answer-body-{question.pk}"') == 1
        assert page.count(f'for="answer-body-{question.pk}"') == 1
        assert f'aria-describedby="answer-body-{question.pk}-hint"' in page
        assert page.count(f'id="answer-body-{question.pk}-hint"') == 1


INCLUDED = Template(
    '{% for question in questions %}{% include "questions/partials/answer_form.html" '
    "with form=form next=next compact=True %}{% endfor %}"
)
TAGGED = Template(
    "{% load answer_forms %}{% for question in questions %}"
    "{% answer_form question form next compact=True %}{% endfor %}"
)


@pytest.mark.parametrize(
    "form, next_url",
    [
        (AnswerForm(), "/doctors/dashboard/?page=2"),
        (AnswerForm(data={"body": "Too short"}), "/doctors/dashboard/"),  # drawn each time
        (AnswerForm(), f"/doctors/dashboard/?x={STAND_IN}"),  # the stand-in in next
    ],
)
def test_the_answer_form_tag_draws_what_the_include_drew(form, next_url, patient, specialty):
    questions = QuestionFactory.create_batch(3, author=patient, specialty=specialty)
    values = {"questions": questions, "form": form, "next": next_url, "csrf_token": "t0k3n"}

    tagged = TAGGED.render(Context(values))

    assert tagged == INCLUDED.render(Context(values))
    assert tagged.count('name="body"') == 3


def row_of(page: str, text: str) -> str:
    start = page.rindex('<li class="card">', 0, page.index(text))
    return page[start : page.index("</li>", start)]


@pytest.fixture
def answered(doctor, specialty, patient):
    return answered_question(
        doctors=[doctor], author=patient, specialty=specialty, text="Why do my elbows itch?"
    )


def answers_tab(client, doctor, prefix: str = "") -> str:
    client.force_login(doctor.user)
    response = client.get(f"{prefix}{ANSWERS_TAB}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_row_is_drawn_once_then_reused(redis_page_cache, client, doctor, answered):
    with rows_drawn() as first:
        page = answers_tab(client, doctor)
    with rows_drawn() as second:
        again = answers_tab(client, doctor)

    assert len(first) == 1
    assert second == []
    assert again == page.replace(
        re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', page)[0],
        re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', again)[0],
    )
    assert "Why do my elbows itch?" in row_of(again, "Why do my elbows itch?")


def test_the_same_row_in_hindi_is_a_row_of_its_own(redis_page_cache, client, doctor, answered):
    answers_tab(client, doctor)
    with rows_drawn() as drawn:
        hindi = answers_tab(client, doctor, "/hi")

    assert len(drawn) == 1
    assert "Answered on" not in row_of(hindi, "Why do my elbows itch?")


def test_a_change_to_what_a_row_shows_shows_at_once(
    redis_page_cache, client, doctor, answered, specialty
):
    assert "Dermatology" in row_of(answers_tab(client, doctor), "Why do my elbows itch?")

    specialty.name = "Skin and hair"
    specialty.save()
    # Straight to the row: no version moves, and none is needed.
    Question.objects.filter(pk=answered.pk).update(text="Why do my elbows itch at night?", age=35)

    row = row_of(answers_tab(client, doctor), "Why do my elbows itch at night?")
    assert "Skin and hair" in row
    assert "| 35" in row


def test_private_and_hidden_questions_rows_are_never_kept(
    redis_page_cache, client, doctor, patient
):
    private = answered_question(
        doctors=[doctor], author=patient, is_private=True, text="A private worry of mine."
    )
    hidden = answered_question(doctors=[doctor], author=patient, text="Buy my pills here.")
    Question.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    answered_question(doctors=[doctor], author=patient, text="Why do my elbows itch?")

    with rows_drawn() as first:
        answers_tab(client, doctor)
    with rows_drawn() as second:
        page = answers_tab(client, doctor)

    assert len(first) == 3
    assert {row["answer"].question.pk for row in second} == {private.pk, hidden.pk}
    assert "Private" in row_of(page, "A private worry of mine.")


def cards_drawn():
    return drawn(CARD_TEMPLATE)


def card_of(page: str, text: str) -> str:
    """The open question's card holding ``text``, its form's CSRF token left out."""
    start = page.rindex('<li class="card open-q"', 0, page.index(text))
    card = page[start : page.index("</li>", start)]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", card)


def open_tab(client, doctor, prefix: str = "") -> str:
    client.force_login(doctor.user)
    response = client.get(f"{prefix}{DASHBOARD}")
    assert response.status_code == 200
    return response.content.decode()


def test_an_open_card_is_drawn_once_then_reused_a_private_one_every_time(
    redis_page_cache, client, doctor, specialty, patient
):
    QuestionFactory(author=patient, specialty=specialty, text="Why do my knees ache?")
    QuestionFactory(author=patient, specialty=specialty, is_private=True, text="Private: a lump.")

    with cards_drawn() as first:
        page = open_tab(client, doctor)
    with cards_drawn() as second:
        again = open_tab(client, doctor)

    assert len(first) == 2
    assert [card["question"].text for card in second] == ["Private: a lump."]
    for text in ("Why do my knees ache?", "Private: a lump."):
        assert card_of(again, text) == card_of(page, text)
    assert "Private" in card_of(again, "Private: a lump.")
    assert "answer-body-" in card_of(again, "Why do my knees ache?")  # its form, after it


def test_the_same_open_card_in_hindi_is_a_card_of_its_own(
    redis_page_cache, client, doctor, specialty, patient
):
    QuestionFactory(author=patient, specialty=specialty, text="Why do my knees ache?")
    open_tab(client, doctor)

    with cards_drawn() as drawn:
        hindi = open_tab(client, doctor, "/hi")

    assert len(drawn) == 1
    assert "Unanswered" not in card_of(hindi, "Why do my knees ache?")


def test_an_open_card_follows_answers_age_and_text(
    redis_page_cache, client, doctor, specialty, patient
):
    question = QuestionFactory(author=patient, specialty=specialty, text="Why do my knees ache?")
    card = card_of(open_tab(client, doctor), "Why do my knees ache?")
    assert "Unanswered" in card
    assert "answer so far" not in card

    colleague = DoctorFactory(specialties=[specialty])
    answer_create(user=colleague.user, question=question, body=ANSWER_BODY)
    set_created_at(question, timezone.now() - timedelta(days=3))
    # Straight to the row: no version moves, and none is needed.
    Question.objects.filter(pk=question.pk).update(text="Why do my knees ache at night?")

    card = card_of(open_tab(client, doctor), "Why do my knees ache at night?")
    assert "Unanswered" not in card
    assert "1 answer so far" in card
    assert "3\xa0days ago" in card


def test_my_answers_pages_hold_the_doctors_answers_newest_first(client, doctor, specialty, patient):
    questions = [
        answered_question(doctors=[doctor], author=patient, specialty=specialty, text=f"Q{n:02} x")
        for n in range(23)
    ]
    for n, question in enumerate(questions):  # Q00 oldest ... Q22 newest
        Answer.objects.filter(question=question).update(
            created_at=timezone.now() - timedelta(hours=100 - n)
        )
    client.force_login(doctor.user)

    first = client.get(ANSWERS_TAB)
    second = client.get(f"{ANSWERS_TAB}&page=2")

    def texts(response):
        return [answer.question.text for answer in response.context["page_obj"]]

    assert texts(first) == [f"Q{n:02} x" for n in range(22, 2, -1)]
    assert texts(second) == ["Q02 x", "Q01 x", "Q00 x"]
    assert second.context["page_obj"].paginator.num_pages == 2
