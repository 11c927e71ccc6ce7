"""One follow-up per answer from the asker, one reply from that doctor, and "was this
resolved?"."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.notifications.models import Notification
from questions import messages
from questions.models import FollowUp, Question
from questions.permissions import FOLLOW_UP_ASKER_ONLY, FOLLOW_UP_REPLY_DOCTOR_ONLY
from questions.services import follow_up_create, follow_up_reply, question_mark_resolved
from questions.views import EMERGENCY_MESSAGE
from tests.factories import DoctorFactory
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db

FOLLOW_UP = "The cream helped a little. Should I keep using it after the rash goes?"
REPLY = "Yes, keep moisturising twice a day for two more weeks, then as needed."


@pytest.fixture
def answer(patient, doctor):
    return answered_question(doctors=[doctor], author=patient, is_private=True).answers.get()


def test_the_asker_sends_one_follow_up_and_the_doctor_is_told_by_link(
    answer, patient, doctor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        follow_up_create(user=patient, answer=answer, text=FOLLOW_UP)

    notification = Notification.objects.get(recipient=doctor.user)
    assert notification.kind == Notification.Kind.FOLLOW_UP
    assert FOLLOW_UP not in notification.title
    assert notification.target_path == answer.get_link_path()
    with pytest.raises(ValidationError) as caught:
        follow_up_create(user=patient, answer=answer, text=FOLLOW_UP + " again")
    assert caught.value.message_dict == {"text": [messages.FOLLOW_UP_DUPLICATE]}
    assert FollowUp.objects.count() == 1


def test_a_follow_up_on_someone_elses_question_is_refused(answer, other_patient, client):
    with pytest.raises(PermissionDenied, match=FOLLOW_UP_ASKER_ONLY):
        follow_up_create(user=other_patient, answer=answer, text=FOLLOW_UP)
    client.force_login(other_patient)
    # The question is private: to another patient it does not exist.
    response = client.post(reverse("questions:follow_up", args=[answer.pk]), {"text": FOLLOW_UP})
    assert response.status_code == 404
    assert not FollowUp.objects.exists()


def test_a_second_follow_up_by_the_form_keeps_the_text(client, answer, patient):
    follow_up_create(user=patient, answer=answer, text=FOLLOW_UP)
    client.force_login(patient)

    response = client.post(
        reverse("questions:follow_up", args=[answer.pk]), {"text": "Another question for you"}
    )

    assert response.status_code == 400
    assert messages.FOLLOW_UP_DUPLICATE in response.content.decode()
    assert "Another question for you" in response.content.decode()


def test_a_short_follow_up_keeps_the_text(client, answer, patient):
    client.force_login(patient)
    response = client.post(reverse("questions:follow_up", args=[answer.pk]), {"text": "Thanks"})
    assert response.status_code == 400
    assert "Thanks" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_an_emergency_follow_up_shows_the_emergency_notice(client, answer, patient):
    client.force_login(patient)
    response = client.post(
        reverse("questions:follow_up", args=[answer.pk]),
        {"text": "Now I have chest pain and can't breathe properly."},
        follow=True,
    )
    assert EMERGENCY_MESSAGE in response.content.decode()


def test_the_doctor_replies_once_and_the_patient_is_told(
    answer, patient, doctor, django_capture_on_commit_callbacks
):
    follow_up = follow_up_create(user=patient, answer=answer, text=FOLLOW_UP)
    with pytest.raises(PermissionDenied, match=FOLLOW_UP_REPLY_DOCTOR_ONLY):
        follow_up_reply(user=DoctorFactory().user, follow_up=follow_up, text=REPLY)

    follow_up_reply(user=doctor.user, follow_up=follow_up, text=REPLY)

    reply_note = Notification.objects.exclude(kind=Notification.Kind.ANSWER).get(recipient=patient)
    assert reply_note.kind == Notification.Kind.FOLLOW_UP_REPLY
    assert REPLY not in reply_note.title
    with pytest.raises(ValidationError) as caught:
        follow_up_reply(user=doctor.user, follow_up=follow_up, text=REPLY + " More.")
    assert caught.value.message_dict == {"text": [messages.FOLLOW_UP_REPLY_DUPLICATE]}
    assert FollowUp.objects.get().reply == REPLY


def test_both_show_under_the_answer_with_the_questions_visibility(
    client, answer, patient, doctor, other_patient
):
    follow_up = follow_up_create(user=patient, answer=answer, text=FOLLOW_UP)
    follow_up_reply(user=doctor.user, follow_up=follow_up, text=REPLY)
    url = answer.question.get_absolute_url()

    client.force_login(patient)
    page = client.get(url).content.decode()
    assert FOLLOW_UP.replace("'", "&#x27;") in page or FOLLOW_UP in page
    assert REPLY in page
    client.force_login(other_patient)
    assert client.get(url).status_code == 404


def test_the_doctor_sees_waiting_follow_ups_at_the_top_of_the_dashboard(
    client, answer, patient, doctor
):
    follow_up_create(user=patient, answer=answer, text=FOLLOW_UP)
    client.force_login(doctor.user)

    response = client.get(reverse("questions:dashboard"))

    content = response.content.decode()
    assert [f.text for f in response.context["follow_ups"]] == [FOLLOW_UP]
    assert content.index("Follow-ups waiting for your reply") < content.index("Open questions")


def test_resolved_is_the_askers_changeable_say_and_counted_for_doctors_only(
    client, answer, patient, doctor, other_patient
):
    question = answer.question
    client.force_login(other_patient)
    assert (
        client.post(
            reverse("questions:resolve", args=[question.pk]), {"resolution": "yes"}
        ).status_code
        == 404
    )
    client.force_login(patient)

    client.post(reverse("questions:resolve", args=[question.pk]), {"resolution": "partly"})
    client.post(reverse("questions:resolve", args=[question.pk]), {"resolution": "yes"})
    bad = client.post(reverse("questions:resolve", args=[question.pk]), {"resolution": "maybe"})

    assert bad.status_code == 302
    assert Question.objects.get(pk=question.pk).resolution == "yes"
    client.force_login(doctor.user)
    stats = client.get(reverse("questions:dashboard")).context["stats"]
    assert (stats["resolved_yes"], stats["resolved_partly"], stats["resolved_no"]) == (1, 0, 0)


def test_resolved_is_not_on_the_public_page(client, patient, doctor):
    question = answered_question(doctors=[doctor], author=patient)
    question_mark_resolved(user=patient, question=question, resolution="no")

    page = client.get(question.get_absolute_url()).content.decode()

    assert "resolved" not in page.lower()


def test_an_unanswered_question_cannot_be_marked_resolved(patient):
    from questions.services import question_create

    question = question_create(
        author=patient, text="A dry cough for two weeks, no fever at all.", age=40, gender="male"
    )
    with pytest.raises(PermissionDenied):
        question_mark_resolved(user=patient, question=question, resolution="yes")
