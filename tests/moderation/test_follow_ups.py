"""Follow-ups are posts like any other: anyone who can read one can report it, and a
moderator can hide it (the patient's message and the doctor's reply) and restore it."""

import pytest
from django.urls import reverse

from moderation.models import Report
from moderation.services import item_hide, item_restore
from questions.services import follow_up_create, follow_up_reply
from tests.moderation.conftest import target

pytestmark = pytest.mark.django_db

FOLLOW_UP = "Buy Zebracream at my shop, link in my profile."
REASON = "Advertising, not a question for the doctor."


@pytest.fixture
def follow_up(patient, answer, doctor):
    follow_up = follow_up_create(user=patient, answer=answer, text=FOLLOW_UP)
    return follow_up_reply(user=doctor.user, follow_up=follow_up, text="Please ask about care.")


def report_url(pk):
    return reverse("moderation:report", kwargs={"kind": "follow_up", "pk": pk})


def test_a_reader_reports_a_follow_up_from_the_question_page(client, other_patient, follow_up):
    page = follow_up.answer.question.get_absolute_url()
    client.force_login(other_patient)
    assert f'href="{report_url(follow_up.pk)}"' in client.get(page).content.decode()

    response = client.post(report_url(follow_up.pk), {"reason": "spam", "note": "An ad"})

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.item, report.reporter, report.reason) == (
        follow_up,
        other_patient,
        "spam",
    )


def test_a_hidden_follow_up_is_removed_for_the_public_and_kept_for_its_author(
    client, moderator, patient, follow_up
):
    page = follow_up.answer.question.get_absolute_url()
    item_hide(moderator=moderator, target=target("follow_up"), item=follow_up, reason=REASON)

    public = client.get(page).content.decode()
    assert FOLLOW_UP not in public and "Please ask about care." not in public
    assert "This follow-up was removed by moderators." in public
    assert client.get(report_url(follow_up.pk)).status_code == 404
    client.force_login(patient)
    own = client.get(page).content.decode()
    assert FOLLOW_UP in own and REASON in own

    item_restore(moderator=moderator, target=target("follow_up"), item=follow_up)
    client.logout()
    assert FOLLOW_UP in client.get(page).content.decode()
