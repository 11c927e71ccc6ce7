import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from moderation import messages
from moderation.models import ModerationAction, Report
from moderation.services import (
    author_ask_edit,
    author_remove_all,
    author_suspend,
    item_dismiss,
    item_hide,
    item_restore,
    report_create,
)
from portal.notifications.models import Notification
from portal.visibility import Visibility
from questions.models import Answer, Question
from tests.factories import QuestionFactory, UserFactory
from tests.moderation.conftest import target

pytestmark = pytest.mark.django_db

ACTIONS = ["dismiss", "hide", "restore", "ask_edit", "suspend", "remove_all"]


def action_url(kind, pk, action):
    return reverse("moderation:action", kwargs={"kind": kind, "pk": pk, "action": action})


@pytest.fixture
def roles(patient, doctor, applicant, editor_staff, verifier, moderator):
    return {
        "visitor": None,
        "patient": patient,
        "doctor": doctor.user,
        "applicant": applicant.user,
        "staff without the permission": editor_staff,
        "verifier": verifier,
        "moderator": moderator,
    }


@pytest.mark.parametrize("action", ACTIONS)
def test_only_moderators_may_act(client, roles, action, other_patient):
    spam = QuestionFactory(author=other_patient)
    Question.objects.filter(pk=spam.pk).update(visibility=Visibility.HIDDEN)
    for role, user in roles.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.post(
            action_url("question", spam.pk, action), {"reason": "Advertising a product."}
        )
        if role == "visitor":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif role == "moderator":
            assert response.status_code in (302, 400), (role, action)
        else:
            assert response.status_code == 403, (role, action)
    decided_by_others = ModerationAction.objects.exclude(moderator=roles["moderator"])
    assert not decided_by_others.exists()


def test_queue_and_item_pages_are_for_moderators_only(client, roles, question):
    for role, user in roles.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in (
            reverse("moderation:queue"),
            reverse("moderation:item", kwargs={"kind": "question", "pk": question.pk}),
        ):
            status = client.get(url).status_code
            expected = 200 if role == "moderator" else (302 if role == "visitor" else 403)
            assert status == expected, (role, url)


def test_hide_needs_a_reason_hides_records_and_notifies(moderator, answer, other_patient):
    report_create(target=target("answer"), item=answer, reporter=other_patient, reason="spam")
    with pytest.raises(ValidationError) as error:
        item_hide(moderator=moderator, target=target("answer"), item=answer, reason="  ")
    assert error.value.message_dict == {"reason": [messages.ACTION_REASON_REQUIRED]}

    item_hide(moderator=moderator, target=target("answer"), item=answer, reason="Advertising.")
    answer.refresh_from_db()
    assert (answer.visibility, answer.moderation_reason) == ("hidden", "Advertising.")
    assert Report.objects.get().status == Report.Status.DECIDED
    action = ModerationAction.objects.get()
    assert (action.kind, action.moderator, action.reason) == ("hide", moderator, "Advertising.")
    note = Notification.objects.get(kind=Notification.Kind.MODERATION)
    assert note.recipient == answer.doctor.user
    assert note.title == "Moderators hid your answer"
    assert note.target_path == answer.get_link_path()  # no words of the question
    # The question has no public answer left: unanswered again, out of the answered lists.
    question = Question.objects.get(pk=answer.question_id)
    assert (question.answer_count, question.answered_at) == (0, None)

    with pytest.raises(ValidationError) as again:
        item_hide(moderator=moderator, target=target("answer"), item=answer, reason="Again.")
    assert again.value.messages == [messages.ALREADY_HIDDEN]


def test_restore_makes_it_public_again_and_notifies(moderator, answer):
    item_hide(moderator=moderator, target=target("answer"), item=answer, reason="Check.")
    item_restore(moderator=moderator, target=target("answer"), item=answer)
    answer.refresh_from_db()
    assert answer.visibility == "visible" and answer.moderation_reason == ""
    question = Question.objects.get(pk=answer.question_id)
    assert question.answer_count == 1 and question.answered_at == answer.created_at
    titles = list(
        Notification.objects.filter(kind="moderation")
        .order_by("id")
        .values_list("title", flat=True)
    )
    assert titles == ["Moderators hid your answer", "Moderators restored your answer"]
    with pytest.raises(ValidationError) as error:
        item_restore(moderator=moderator, target=target("answer"), item=answer)
    assert error.value.messages == [messages.NOT_HIDDEN]


def test_dismiss_closes_reports_and_refuses_when_already_decided(
    moderator, question, other_patient
):
    report_create(target=target("question"), item=question, reporter=other_patient, reason="other")
    item_dismiss(moderator=moderator, target=target("question"), item=question)
    assert Report.objects.get().status == Report.Status.DECIDED
    question.refresh_from_db()
    assert question.is_public
    with pytest.raises(ValidationError) as error:
        item_dismiss(moderator=moderator, target=target("question"), item=question)
    assert error.value.messages == [messages.NOTHING_TO_DISMISS]


def test_dismiss_on_a_held_item_approves_it(moderator, patient):
    held = QuestionFactory(author=patient)
    Question.objects.filter(pk=held.pk).update(visibility=Visibility.HELD)
    item_dismiss(moderator=moderator, target=target("question"), item=held)
    held.refresh_from_db()
    assert held.is_public
    assert ModerationAction.objects.get().kind == "approve"
    assert Notification.objects.get(recipient=patient).title == "Your question is now public"


def test_ask_edit_notifies_the_author_and_keeps_reports_open(moderator, question, other_patient):
    report_create(
        target=target("question"), item=question, reporter=other_patient, reason="personal"
    )
    author_ask_edit(
        moderator=moderator,
        target=target("question"),
        item=question,
        reason="Remove the phone number.",
    )
    assert Report.objects.get().status == Report.Status.OPEN
    assert Notification.objects.get(recipient=question.author, kind="moderation").title == (
        "Moderators ask you to edit your question"
    )


def test_suspend_blocks_sign_in_and_refuses_staff(client, moderator, question, patient):
    author_suspend(moderator=moderator, target=target("question"), item=question, reason="Abuse.")
    patient.refresh_from_db()
    assert not patient.is_active
    with pytest.raises(ValidationError) as again:
        author_suspend(
            moderator=moderator, target=target("question"), item=question, reason="Abuse."
        )
    assert again.value.messages == [messages.ALREADY_SUSPENDED]
    staff_question = QuestionFactory(author=UserFactory(is_staff=True))
    with pytest.raises(ValidationError) as staff:
        author_suspend(
            moderator=moderator, target=target("question"), item=staff_question, reason="x"
        )
    assert staff.value.messages == [messages.CANNOT_SUSPEND_STAFF]


def test_remove_all_hides_every_post_of_a_spam_account(moderator, other_patient, doctor):
    spam = [QuestionFactory(author=other_patient) for _ in range(3)]
    keep = QuestionFactory()
    author_remove_all(moderator=moderator, target=target("question"), item=spam[0], reason="Spam.")
    other_patient.refresh_from_db()
    assert not other_patient.is_active
    assert set(Question.objects.filter(visibility="hidden")) == set(spam)
    keep.refresh_from_db()
    assert keep.is_public
    kinds = sorted(ModerationAction.objects.values_list("kind", flat=True))
    assert kinds == ["hide", "hide", "hide", "remove_all"]


def test_clinic_has_no_author_actions(client, moderator):
    from tests.directory.factories import ClinicFactory

    clinic = ClinicFactory()
    client.force_login(moderator)
    html = client.get(
        reverse("moderation:item", kwargs={"kind": "clinic", "pk": clinic.pk})
    ).content.decode()
    assert "Suspend" not in html
    response = client.post(action_url("clinic", clinic.pk, "suspend"), {"reason": "x"})
    assert response.status_code == 400
    assert messages.NO_AUTHOR in response.content.decode()


def test_view_keeps_the_typed_reason_on_error_and_records_history(client, moderator, answer):
    client.force_login(moderator)
    long_reason = "<i>x</i>" * 100
    response = client.post(action_url("answer", answer.pk, "hide"), {"reason": long_reason})
    assert response.status_code == 400
    assert messages.ACTION_REASON_TOO_LONG in response.content.decode()
    assert "&lt;i&gt;x&lt;/i&gt;" in response.content.decode()
    ok = client.post(action_url("answer", answer.pk, "hide"), {"reason": "Unsafe dose."})
    assert ok.status_code == 302
    page = client.get(ok["Location"]).content.decode()
    assert "Unsafe dose." in page and "Hid" in page
    assert client.post(action_url("answer", answer.pk, "nonsense"), {}).status_code == 404
    assert client.post(action_url("answer", 99999999, "hide"), {}).status_code == 404


def test_queue_groups_reports_per_item_oldest_first(client, moderator, question, answer):
    reporters = [UserFactory() for _ in range(3)]
    report_create(target=target("answer"), item=answer, reporter=reporters[0], reason="medical")
    report_create(target=target("question"), item=question, reporter=reporters[0], reason="spam")
    report_create(target=target("answer"), item=answer, reporter=reporters[1], reason="spam")
    client.force_login(moderator)
    response = client.get(reverse("moderation:queue"))
    entries = response.context["entries"]
    assert [(e.target.kind, e.report_count) for e in entries] == [("answer", 2), ("question", 1)]
    assert entries[0].reasons == ["Wrong or dangerous medical information", "Spam or advertising"]


def test_answer_under_review_after_two_peer_notes_until_a_moderator_decides(
    client, moderator, answer, peer, peer2, other_patient, specialty
):
    from moderation.services import peer_note_create

    Question.objects.filter(pk=answer.question_id).update(specialty=specialty)
    answer = Answer.objects.select_related("question").get(pk=answer.pk)
    url = reverse("moderation:peer_note", kwargs={"pk": answer.pk})
    client.force_login(peer.user)
    assert client.get(url).status_code == 403  # nothing reported yet
    report_create(target=target("answer"), item=answer, reporter=other_patient, reason="medical")
    assert client.post(url, {"text": "The dose is ten times too high."}).status_code == 302
    client.force_login(answer.doctor.user)
    assert client.get(url).status_code == 403  # their own answer
    peer_note_create(user=peer2.user, answer=answer, text="Agree, unsafe dose.")
    answer.refresh_from_db()
    assert answer.under_review
    html = client.get(answer.question.get_absolute_url()).content.decode()
    assert "Being reviewed." in html
    item_dismiss(moderator=moderator, target=target("answer"), item=answer)
    answer.refresh_from_db()
    assert not answer.under_review
