"""Question cards kept rendered in the shared cache under what they show
(questions/templatetags/question_cards.py, portal/pagecache.py: rendered_blocks): drawn
once and reused by every page that lists the question, and never stale, since a change
to anything a card shows is a new key."""

import time
from datetime import timedelta
from itertools import count

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from moderation.services import item_hide
from moderation.targets import TARGETS
from questions.services import answer_create
from questions.templatetags.question_cards import CARD_TEMPLATE
from tests.factories import DoctorFactory
from tests.helpers import drawn
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db

_fresh_urls = count()


def cards_drawn():
    return drawn(CARD_TEMPLATE)


def list_page(prefix: str = "") -> str:
    """The answered-questions list at an address no stored page has: rendered now."""
    with translation.override(None):  # a page in Hindi leaves Hindi on for reverse()
        path = reverse("questions:list")
    response = Client().get(f"{prefix}{path}?v={next(_fresh_urls)}")
    assert response.status_code == 200
    return response.content.decode()


def card_of(page: str, text: str) -> str:
    """The card (``<article class="card qcard">``) holding ``text``."""
    start = page.rindex('<article class="card qcard">', 0, page.index(text))
    return page[start : page.index("</article>", start)]


@pytest.fixture
def answered(doctor, specialty):
    return answered_question(doctors=[doctor], specialty=specialty, text="Why do my elbows itch?")


def test_a_card_is_drawn_once_then_reused_by_the_next_render(redis_page_cache, answered):
    with cards_drawn() as first:
        page = list_page()
    with cards_drawn() as second:
        again = list_page()

    assert len(first) == 1
    assert second == []
    assert card_of(again, "Why do my elbows itch?") == card_of(page, "Why do my elbows itch?")


def test_the_same_question_in_hindi_is_a_card_of_its_own(redis_page_cache, answered):
    list_page()
    with cards_drawn() as drawn:
        hindi = list_page("/hi")

    assert len(drawn) == 1
    assert "Read answer" not in card_of(hindi, "Why do my elbows itch?")


def test_renaming_the_doctor_changes_the_card(redis_page_cache, answered, doctor):
    assert "Dr. Asha Rao" in card_of(list_page(), "Why do my elbows itch?")

    doctor.full_name = "Asha Rao-Menon"
    doctor.save()

    card = card_of(list_page(), "Why do my elbows itch?")
    assert "Dr. Asha Rao-Menon" in card


def test_renaming_the_specialty_changes_the_card(redis_page_cache, answered, specialty):
    assert "Dermatology" in card_of(list_page(), "Why do my elbows itch?")

    specialty.name = "Skin and hair"
    specialty.save()

    card = card_of(list_page(), "Why do my elbows itch?")
    assert "Skin and hair" in card
    assert "Dermatology" not in card


def test_a_lapsed_verification_leaves_the_card_without_the_badge(
    redis_page_cache, answered, doctor
):
    """Time alone ends a verification: no action, no version moves, yet the card shows it
    (the list's kept cards end when the verification does)."""
    ends = timezone.now() + timedelta(seconds=2)
    type(doctor).objects.filter(pk=doctor.pk).update(verified_until=ends)
    assert "Verified" in card_of(list_page(), "Why do my elbows itch?")
    assert "Verified" in card_of(list_page(), "Why do my elbows itch?")  # the kept part

    time.sleep(max(0.0, (ends - timezone.now()).total_seconds()) + 0.2)

    assert "Verified" not in card_of(list_page(), "Why do my elbows itch?")


def test_a_second_answer_counts_on_the_card(redis_page_cache, answered, specialty):
    assert "2 doctors answered" not in card_of(list_page(), "Why do my elbows itch?")
    second = DoctorFactory(full_name="Vikram Mehta", slug="vikram-mehta", specialties=[specialty])

    answer_create(user=second.user, question=answered, body="Try a cream without perfume.")

    assert "2 doctors answered" in card_of(list_page(), "Why do my elbows itch?")


def test_hiding_the_shown_answer_takes_it_off_the_card(
    redis_page_cache, answered, doctor, specialty, staff
):
    second = DoctorFactory(full_name="Vikram Mehta", slug="vikram-mehta", specialties=[specialty])
    answer_create(user=second.user, question=answered, body="Try a cream without perfume.")
    card = card_of(list_page(), "Why do my elbows itch?")
    assert "Dr. Asha Rao" in card
    assert "Dr. Vikram Mehta" not in card

    first = answered.answers.get(doctor=doctor)
    item_hide(moderator=staff, target=TARGETS["answer"], item=first, reason="Wrong advice.")

    card = card_of(list_page(), "Why do my elbows itch?")
    assert "Dr. Asha Rao" not in card
    assert "Dr. Vikram Mehta" in card


def test_a_private_questions_card_is_drawn_every_time_never_kept(
    redis_page_cache, answered, doctor
):
    """No public list shows one; the tag still keeps a private question's words out of the
    shared cache if a page ever lists it."""
    from django.template import Context, Template

    private = answered_question(doctors=[doctor], is_private=True, text="A private worry.")
    private = type(private).objects.prefetch_related("answers__doctor").get(pk=private.pk)
    cards = Template("{% load question_cards %}{% question_cards questions %}")

    for _ in range(2):
        with cards_drawn() as drawn:
            html = cards.render(Context({"questions": [private]}))
        assert len(drawn) == 1
        assert "A private worry." in html


def test_a_list_page_at_another_address_reads_its_kept_cards_and_no_answer(
    redis_page_cache, answered, doctor, specialty
):
    """The page's cards are one kept part (question_cards.kept_cards): the next render,
    at another address, reads the page's rows (the paginator checks where the list ends)
    but no answer and no doctor; a new answer shows on the render after it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    list_page()
    with CaptureQueriesContext(connection) as queries:
        page = list_page()
    assert "Why do my elbows itch?" in page
    read = [q["sql"] for q in queries]
    assert not any('FROM "questions_answer"' in sql for sql in read), read
    assert not any('FROM "doctors_doctorprofile"' in sql for sql in read), read

    answered_question(doctors=[doctor], specialty=specialty, text="Is my rash catching?")

    assert "Is my rash catching?" in list_page()


def test_a_profiles_cards_draw_its_doctors_badge_once(redis_page_cache, doctor, specialty):
    """Every card on a doctor's profile shows that doctor's answer, so the same small
    badge: drawn once for all the cards (card_badge), and the same in each card."""
    for text in ("Why do my knees ache?", "Is a daily walk enough?", "Can I run with asthma?"):
        answered_question(doctors=[doctor], specialty=specialty, text=text)
    with drawn("partials/doctor_badge.html") as badges, cards_drawn() as cards:
        response = Client().get(f"{doctor.get_absolute_url()}?v={next(_fresh_urls)}")
    assert response.status_code == 200
    page = response.content.decode()

    assert len(cards) == 3
    # One for the profile's heading (the large badge), one for the three cards.
    assert [context.get("size") for context in badges] == ["lg", ""]
    shown = [
        card_of(page, text)
        for text in ("Why do my knees ache?", "Is a daily walk enough?", "Can I run with asthma?")
    ]
    badge = shown[0][shown[0].index('<div class="doctor">') : shown[0].index("qcard__excerpt")]
    assert doctor.display_name in badge
    assert all(badge in card for card in shown)


def test_cards_of_different_doctors_each_show_their_own_badge(redis_page_cache, specialty):
    first, second = DoctorFactory(), DoctorFactory()
    answered_question(doctors=[first], specialty=specialty, text="Why do my elbows itch?")
    answered_question(doctors=[second], specialty=specialty, text="Why does my ankle swell?")
    with drawn("partials/doctor_badge.html") as badges:
        page = list_page()

    assert len(badges) == 2
    assert first.display_name in card_of(page, "Why do my elbows itch?")
    assert second.display_name not in card_of(page, "Why do my elbows itch?")
    assert second.display_name in card_of(page, "Why does my ankle swell?")
