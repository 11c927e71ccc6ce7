"""The answered-question lists and the home page: order, visibility, pagination and a
query count that does not grow with the data."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.pagination import LIST_TOO_DEEP
from questions.models import Answer, Question
from questions.selectors import answered_question_keys, answered_questions_by_keys
from tests.factories import DoctorFactory, QuestionFactory, SpecialtyFactory
from tests.questions.helpers import answered_question

pytestmark = [pytest.mark.django_db, pytest.mark.long_file]

LIST_URL = reverse("questions:list")


def shown_questions(cards) -> list:
    """The questions whose cards ``cards`` (a page's HTML of them) show, in order."""
    pks = list(
        dict.fromkeys(
            int(pk)
            for pk in re.findall(r'qcard__question[^>]*><a href="/questions/(\d+)/', str(cards))
        )
    )
    found = Question.objects.in_bulk(pks)
    return [found[pk] for pk in pks]


def page_questions(response):
    """The questions whose cards the page shows (its only cards: a list, a profile)."""
    return shown_questions(response.content.decode())


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


@pytest.mark.parametrize("page", ["49", "0", "-1", "abc", ""])
def test_out_of_range_page_numbers_do_not_fail(client, doctors, page):
    make_answered(21, doctors)

    response = client.get(LIST_URL, {"page": page})

    assert response.status_code == 200
    expected = 1 if page in ("abc", "") else 2
    assert response.context["page_obj"].number == expected


# "9" * 5000: more digits than int() takes from a string (4,300).
@pytest.mark.parametrize("page", ["3", "50", "99999999999999999999999999", "9" * 5000])
def test_list_page_past_the_bound_is_a_404_that_says_why(client, doctors, settings, page):
    settings.LIST_MAX_PAGES = 2
    make_answered(45, doctors)

    response = client.get(LIST_URL, {"page": page})

    assert response.status_code == 404
    assert LIST_TOO_DEEP.format(items=40, pages=2) in response.content.decode()


def test_last_page_inside_the_bound_says_the_list_stops_there(client, doctors, settings):
    settings.LIST_MAX_PAGES = 2
    questions = make_answered(45, doctors)

    response = client.get(LIST_URL, {"page": 2})

    assert response.status_code == 200
    assert page_questions(response) == questions[20:40]
    body = response.content.decode()
    assert "Page 2 of 2" in body
    assert 'rel="next"' not in body
    assert "This list goes back 40 items and no further" in body


def test_a_list_shorter_than_the_bound_has_no_stop_note(client, doctors, settings):
    settings.LIST_MAX_PAGES = 2
    make_answered(25, doctors)

    body = client.get(LIST_URL, {"page": 2}).content.decode()

    assert "Page 2 of 2" in body
    assert "no further" not in body


def test_specialty_list_page_past_the_bound_is_a_404(client, doctor, specialty, settings):
    settings.LIST_MAX_PAGES = 1
    answered_question(doctors=[doctor], specialty=specialty)

    response = client.get(
        reverse("questions:specialty", kwargs={"slug": specialty.slug}), {"page": 2}
    )

    assert response.status_code == 404
    assert "no further" in response.content.decode()


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
    assert shown_questions(response.context["recent_questions"]) == questions[:6]


def count_queries(client, url) -> int:
    cache.clear()  # cold: list totals and fragments (specialties) computed, as after a change
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


@pytest.mark.parametrize("url", [LIST_URL, "/questions/specialty/dermatology/"])
def test_a_list_page_whose_cards_are_kept_reads_only_its_keys(
    redis_page_cache, doctors, specialty, url
):
    """Drawn again at another address (a campaign's parameter, a share link), a list page
    reads the keys of its page, to know its Next link and total, and takes the cards it
    kept: no question's row is read, nor its specialty."""
    questions = make_answered(25, doctors, specialty=specialty)
    first = Client().get(url)

    with CaptureQueriesContext(connection) as ctx:
        again = Client().get(url, {"utm_source": "newsletter"})

    assert page_questions(again) == page_questions(first) == questions[:20]
    # (a specialty's list reads its specialty, by the slug in its address, first)
    (query,) = [q["sql"] for q in ctx.captured_queries if "questions_question" in q["sql"]]
    assert query.startswith('SELECT "questions_question"."id" FROM "questions_question" WHERE')


def test_cards_drawn_from_a_pages_keys_leave_out_a_question_made_private_since(doctors):
    """The keys and the rows are two reads: a question made private in between has no
    card (and the list's tag moves, so the next render reads both again)."""
    questions = make_answered(3, doctors)
    keys = [question.pk for question in answered_question_keys()[:3]]
    make_private(questions[1:2])

    shown = answered_questions_by_keys(keys)

    assert keys == [question.pk for question in questions]
    assert shown == [questions[0], questions[2]]
    assert shown[0].specialty == questions[0].specialty  # as the cards read them


# --- Totals from the cache (portal.pagination.CachedCountPaginator) ----------------------
def count_statements(ctx) -> int:
    """Paginator totals (Django's QuerySet.count, over the bounded slice of the list: "SELECT
    COUNT(*) FROM (... LIMIT n)"), not the aggregates other parts show."""
    return sum(q["sql"].startswith("SELECT COUNT(*)") for q in ctx.captured_queries)


def get_counting(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, count_statements(ctx)


def make_private(questions):
    Question.objects.filter(pk__in=[q.pk for q in questions]).update(is_private=True)


@pytest.mark.parametrize("url", [LIST_URL, "/questions/specialty/dermatology/"])
def test_list_counts_its_total_once_then_reads_it_from_the_cache(client, doctors, specialty, url):
    make_answered(25, doctors, specialty=specialty)

    first, first_counts = get_counting(client, url)
    again, again_counts = get_counting(client, url)

    assert (first_counts, again_counts) == (1, 0)
    assert "Page 1 of 2" in again.content.decode()


def test_the_last_page_inside_the_bound_is_not_counted_again_on_each_visit(
    client, doctors, settings
):
    """The list goes on past its last allowed page, so that page always reads a row
    after it: that is no sign the kept total is stale."""
    settings.LIST_MAX_PAGES = 2
    make_answered(45, doctors)

    first, first_counts = get_counting(client, LIST_URL, page=2)
    again, again_counts = get_counting(client, LIST_URL, page=2)

    assert (first_counts, again_counts) == (1, 0)
    assert "Page 2 of 2" in again.content.decode()


def test_each_list_keeps_its_own_total(client, doctors, specialty):
    """The totals are kept under a name per list (all answered questions, a specialty's):
    one list's total never shows on another's pages."""
    make_answered(25, doctors, specialty=specialty)
    make_answered(20, doctors)

    everything, everything_counts = get_counting(client, LIST_URL)
    specialty_url = f"/questions/specialty/{specialty.slug}/"
    one_specialty, specialty_counts = get_counting(client, specialty_url)
    again, again_counts = get_counting(client, LIST_URL)

    assert "Page 1 of 3" in everything.content.decode()
    assert "Page 1 of 2" in one_specialty.content.decode()
    assert "Page 1 of 3" in again.content.decode()
    assert (everything_counts, specialty_counts, again_counts) == (1, 1, 0)


def test_a_stale_total_is_corrected_where_the_page_shows_it(client, doctors):
    questions = make_answered(45, doctors)
    assert "Page 1 of 3" in client.get(LIST_URL).content.decode()

    make_private(questions[:8])  # 37 left: two pages, the cache still says three
    first, _ = get_counting(client, LIST_URL)
    second, counts = get_counting(client, LIST_URL, page=2)

    assert "Page 1 of 3" in first.content.decode()  # trails the data until the cache expires
    page = second.context["page_obj"]
    assert page_questions(second) == questions[28:45]
    assert not page.has_next()
    assert "Page 2 of 2" in second.content.decode()
    assert counts == 0  # the last page knows the total without counting
    assert "Page 1 of 2" in client.get(LIST_URL).content.decode()


def test_a_page_past_a_shrunken_list_shows_the_real_last_page(client, doctors):
    questions = make_answered(45, doctors)
    client.get(LIST_URL)

    make_private(questions[:30])  # 15 left: one page
    response, counts = get_counting(client, LIST_URL, page=3)

    assert counts == 1
    assert response.context["page_obj"].number == 1
    assert page_questions(response) == questions[30:]
    assert "Page 1 of" not in response.content.decode()  # one page: no pagination bar


def test_a_grown_list_gets_a_next_link_past_the_cached_last_page(client, doctors):
    older = make_answered(25, doctors)
    client.get(LIST_URL)

    Question.objects.filter(pk__in=[q.pk for q in older]).update(
        answered_at=timezone.now() - timedelta(days=1)
    )
    make_answered(20, doctors)  # 45 now; the cache still says 25
    response, counts = get_counting(client, LIST_URL, page=2)

    assert counts == 1
    assert response.context["page_obj"].has_next()
    assert "Page 2 of 3" in response.content.decode()


# --- A doctor's profile lists their answered questions --------------------------------
def test_profile_lists_questions_by_the_doctors_own_answer_newest_first(client, doctors):
    asha, ravi = doctors[0], doctors[1]
    now = timezone.now()
    first_by_ravi = answered_question(doctors=[ravi, asha], answered_at=now - timedelta(days=9))
    only_asha = answered_question(doctors=[asha], answered_at=now - timedelta(days=2))
    Answer.objects.filter(question=only_asha).update(created_at=now - timedelta(days=2))
    private = answered_question(doctors=[asha], is_private=True)

    response = client.get(asha.get_absolute_url())

    # Asha answered the older question just now, after Ravi: it comes first, once.
    assert page_questions(response) == [first_by_ravi, only_asha]
    assert private not in page_questions(response)
    assert page_questions(client.get(ravi.get_absolute_url())) == [first_by_ravi]


def test_profile_query_count_does_not_grow_and_it_never_counts_its_list(client, doctors):
    """The doctor's figures count exactly the answers the list shows (kept in PostgreSQL,
    recounted after each change): the list takes its total from them, grown or not."""
    doctor = doctors[0]
    make_answered(3, doctors)
    with_three = count_queries(client, doctor.get_absolute_url())

    make_answered(30, doctors)
    response, counts = get_counting(client, doctor.get_absolute_url())

    assert count_queries(client, doctor.get_absolute_url()) <= with_three
    shown = Answer.objects.filter(doctor=doctor).count()
    assert shown > 10
    assert response.context["page_obj"].has_next()
    assert f"Page 1 of {-(-shown // 10)}" in response.content.decode()
    assert counts == 0


def test_a_cold_profile_takes_its_total_from_the_doctors_figures(client, doctors):
    """The figures count the answers the list shows, so a profile never seen before
    pages its list without a count of its own, and says the same total."""
    doctor = doctors[0]
    make_answered(25, doctors)
    cache.clear()
    response, counts = get_counting(client, doctor.get_absolute_url())
    shown = Answer.objects.filter(doctor=doctor).count()
    assert counts == 0
    assert response.context["stats"]["total"] == shown
    assert response.context["page_obj"].paginator.count == shown
    assert f"Page 1 of {-(-shown // 10)}" in response.content.decode()


def test_an_exact_total_a_page_contradicts_is_corrected_for_that_render(doctors):
    """A total the caller knows exactly (a write may land in between) still gives way to
    what the page read: the Next link and the last page stay right."""
    from portal.pagination import CachedCountPaginator
    from questions.selectors import answered_question_list

    make_answered(25, doctors)

    first = CachedCountPaginator(answered_question_list(), 10, count=5).page(1)
    last = CachedCountPaginator(answered_question_list(), 10, count=40).page(3)

    assert first.has_next()
    assert first.paginator.count == 25
    assert not last.has_next()
    assert last.paginator.count == 25
