import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from moderation import messages
from moderation.models import Report
from moderation.services import report_create
from portal.notifications.models import Notification
from tests.factories import QuestionFactory, UserFactory
from tests.moderation.conftest import target

pytestmark = pytest.mark.django_db


def report_url(kind, pk):
    return reverse("moderation:report", kwargs={"kind": kind, "pk": pk})


def test_signed_in_user_reports_an_answer_once(client, other_patient, answer):
    client.force_login(other_patient)
    response = client.post(report_url("answer", answer.pk), {"reason": "spam", "note": "Ad"})
    assert response.status_code == 302
    assert response["Location"] == answer.get_absolute_url()
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.note) == (other_patient, "spam", "Ad")

    again = client.post(report_url("answer", answer.pk), {"reason": "abusive", "note": "x"})
    assert again.status_code == 400
    assert messages.REPORT_DUPLICATE in again.content.decode()
    assert Report.objects.count() == 1


def test_a_decided_report_lets_the_same_person_report_again(other_patient, answer, moderator):
    first = report_create(
        target=target("answer"), item=answer, reporter=other_patient, reason="spam"
    )
    Report.objects.filter(pk=first.pk).update(status=Report.Status.DECIDED)
    report_create(target=target("answer"), item=answer, reporter=other_patient, reason="spam")
    assert Report.objects.count() == 2


def test_visitor_reports_with_address_and_honeypot(client, question):
    url = report_url("question", question.pk)
    trap = client.post(url, {"reason": "spam", "website": "http://spam.example"})
    assert trap.status_code == 400
    assert messages.REPORT_CHECK_FAILED in trap.content.decode()
    assert not Report.objects.exists()

    ok = client.post(url, {"reason": "spam", "note": ""}, REMOTE_ADDR="203.0.113.9")
    assert ok.status_code == 302
    report = Report.objects.get()
    assert report.reporter is None and report.reporter_address_hash
    twice = client.post(url, {"reason": "other"}, REMOTE_ADDR="203.0.113.9")
    assert messages.REPORT_DUPLICATE in twice.content.decode()


def test_reports_are_rate_limited_per_hour(settings, other_patient, doctor, patient):
    settings.REPORT_HOURLY_LIMIT = 2
    questions = [QuestionFactory(author=patient) for _ in range(3)]
    for q in questions[:2]:
        report_create(target=target("question"), item=q, reporter=other_patient, reason="spam")
    with pytest.raises(ValidationError) as error:
        report_create(
            target=target("question"), item=questions[2], reporter=other_patient, reason="spam"
        )
    assert error.value.messages == [messages.REPORT_RATE_LIMITED]


def test_form_keeps_the_note_and_refuses_a_missing_reason_and_a_huge_note(client, question):
    url = report_url("question", question.pk)
    response = client.post(url, {"note": "<b>typed</b> text"})
    html = response.content.decode()
    assert response.status_code == 400
    assert messages.REPORT_REASON_REQUIRED in html
    assert "&lt;b&gt;typed&lt;/b&gt; text" in html
    huge = client.post(url, {"reason": "spam", "note": "x" * 100_000})
    assert huge.status_code == 400
    assert messages.REPORT_NOTE_TOO_LONG in huge.content.decode()
    bogus = client.post(url, {"reason": "automatic"})
    assert bogus.status_code == 400
    assert not Report.objects.exists()


def test_an_item_you_cannot_see_or_a_tampered_id_is_a_404(client, patient, doctor):
    private = QuestionFactory(author=patient, is_private=True)
    assert client.get(report_url("question", private.pk)).status_code == 404
    assert client.get(report_url("question", 999999)).status_code == 404
    assert client.get(report_url("nonsense", 1)).status_code == 404
    assert client.get("/report/question/99999999999999999999/").status_code == 404
    # The asker may report within their own private question (they can read it).
    client.force_login(patient)
    assert client.get(report_url("question", private.pk)).status_code == 200


def test_hidden_item_cannot_be_reported(client, question):
    type(question).objects.filter(pk=question.pk).update(visibility="hidden")
    assert client.get(report_url("question", question.pk)).status_code == 404


@pytest.mark.parametrize("kind", ["question", "answer", "article", "doctor", "clinic"])
def test_every_kind_has_a_report_link_on_its_page(client, kind, answer, doctor, specialty):
    from tests.blog.conftest import live_article, make_editor
    from tests.directory.factories import ClinicFactory

    if kind == "article":
        publisher = make_editor("pub@example.org", name="Pub Lisher", can_publish=True)
        item = live_article(publisher, title="Dry skin", specialty=specialty)
    elif kind == "clinic":
        item = ClinicFactory()
    else:
        item = {"question": answer.question, "answer": answer, "doctor": doctor}[kind]
    page = item.question.get_absolute_url() if kind == "answer" else item.get_absolute_url()
    html = client.get(page).content.decode()
    assert f'href="{report_url(kind, item.pk)}"' in html
    assert client.get(report_url(kind, item.pk)).status_code == 200


def test_medical_report_on_an_answer_asks_doctors_of_the_specialty(
    other_patient, answer, peer, other_specialty
):
    from tests.factories import DoctorFactory

    cardiologist = DoctorFactory(specialties=[other_specialty])
    answer.question.specialty = peer.specialties.get()
    answer.question.save()
    report_create(target=target("answer"), item=answer, reporter=other_patient, reason="medical")
    invited = Notification.objects.filter(kind=Notification.Kind.PEER_REVIEW)
    assert [n.recipient for n in invited] == [peer.user]
    assert cardiologist.user not in [n.recipient for n in invited]
    assert answer.doctor.user not in [n.recipient for n in invited]
    # A second medical report does not ask again.
    report_create(target=target("answer"), item=answer, reporter=UserFactory(), reason="medical")
    assert invited.count() == 1
