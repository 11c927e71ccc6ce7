"""The doctor's dashboard figures are kept in the shared cache (a page-cache fragment,
questions/selectors.py: doctor_dashboard_stats) and must stay right: after each write
that changes them, the dashboard shows what a fresh count over the answers gives."""

from datetime import timedelta

import pytest
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from moderation.services import item_hide, item_restore
from questions.models import Answer, Resolution
from questions.services import answer_agree, answer_thank, question_mark_resolved
from tests.factories import DoctorFactory
from tests.moderation.conftest import target
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.usefixtures("redis_page_cache")

REASON = "Advertises a product with made-up claims."


def fresh(doctor) -> dict:
    """The figures counted now, from the rows: what the dashboard must show."""
    week_ago = timezone.now() - timedelta(days=7)
    return Answer.objects.filter(doctor=doctor).aggregate(
        total=Count("id"),
        this_week=Count("id", filter=Q(created_at__gte=week_ago)),
        thanks=Sum("thanks_count", default=0),
        agreements=Sum("agree_count", default=0),
        resolved_yes=Count("id", filter=Q(question__resolution=Resolution.YES)),
        resolved_partly=Count("id", filter=Q(question__resolution=Resolution.PARTLY)),
        resolved_no=Count("id", filter=Q(question__resolution=Resolution.NO)),
    )


def shown(client, doctor) -> dict:
    client.force_login(doctor.user)
    return client.get(reverse("questions:dashboard")).context["stats"]


def test_figures_follow_answers_thanks_agreements_and_deletes(client, doctor, specialty, patient):
    colleague = DoctorFactory(specialties=[specialty])
    first = answered_question(doctors=[doctor, colleague], author=patient, specialty=specialty)
    assert (
        shown(client, doctor)
        == fresh(doctor)
        == {
            "total": 1,
            "this_week": 1,
            "thanks": 0,
            "agreements": 0,
            "resolved_yes": 0,
            "resolved_partly": 0,
            "resolved_no": 0,
        }
    )

    second = answered_question(doctors=[doctor], author=patient, specialty=specialty)
    assert shown(client, doctor)["total"] == 2

    answer = Answer.objects.get(question=first, doctor=doctor)
    answer_thank(user=patient, answer=answer)
    answer_agree(user=colleague.user, answer=answer)
    assert shown(client, doctor) == fresh(doctor)
    assert (shown(client, doctor)["thanks"], shown(client, doctor)["agreements"]) == (1, 1)

    Answer.objects.get(question=second, doctor=doctor).delete()
    assert shown(client, doctor) == fresh(doctor)
    assert shown(client, doctor)["total"] == 1

    first.delete()  # its answers go with it
    assert shown(client, doctor) == fresh(doctor)
    assert shown(client, doctor)["total"] == 0


def test_figures_follow_a_patients_resolution_and_its_change(client, doctor, specialty, patient):
    question = answered_question(doctors=[doctor], author=patient, specialty=specialty)
    assert shown(client, doctor)["resolved_yes"] == 0

    question_mark_resolved(user=patient, question=question, resolution=Resolution.YES)
    assert shown(client, doctor) == fresh(doctor)
    assert shown(client, doctor)["resolved_yes"] == 1

    question_mark_resolved(user=patient, question=question, resolution=Resolution.NO)
    figures = shown(client, doctor)
    assert figures == fresh(doctor)
    assert (figures["resolved_yes"], figures["resolved_no"]) == (0, 1)


def test_figures_stay_right_when_an_answer_is_hidden_and_restored(
    client, doctor, specialty, patient, staff
):
    moderator = staff  # tests/conftest.py: staff holds the moderation permission
    question = answered_question(doctors=[doctor], author=patient, specialty=specialty)
    answer = Answer.objects.get(question=question, doctor=doctor)
    answer_thank(user=patient, answer=answer)
    before = shown(client, doctor)

    item_hide(moderator=moderator, target=target("answer"), item=answer, reason=REASON)
    assert shown(client, doctor) == fresh(doctor) == before  # their own answers, all counted
    item_restore(moderator=moderator, target=target("answer"), item=answer)
    assert shown(client, doctor) == fresh(doctor) == before


def test_a_resolution_leaves_the_doctors_public_pages_cached(client, doctor, specialty, patient):
    """Patients' resolutions are the doctor's own figures: their public profile, stored for
    visitors, does not change with them."""
    question = answered_question(doctors=[doctor], author=patient, specialty=specialty)
    profile = doctor.get_absolute_url()
    client.get(profile)
    assert client.get(profile)["X-Cache"] == "hit"

    question_mark_resolved(user=patient, question=question, resolution=Resolution.YES)

    assert client.get(profile)["X-Cache"] == "hit"
