"""Issue 15, point 10 (and issue 16): a private question's address, page title and the
emails about it carry no words of it, and no doctor's name (which can reveal a specialty)
reaches an email subject. Behind login, the portal's own list names both."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.notifications.models import Notification
from portal.notifications.services import notification_email_send
from questions.services import answer_create, follow_up_create, follow_up_reply
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

ANSWER = "Use a fragrance-free moisturiser twice a day and avoid hot showers."
WORDS = "herpes"


@pytest.fixture
def private_question(patient):
    return QuestionFactory(
        author=patient,
        text="I think I have genital herpes after a trip, what should I do?",
        slug="i-think-i-have-genital-herpes",
        is_private=True,
    )


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_issue15_point10_private_question_url_carries_no_words_of_it(
    client, patient, doctor, staff, private_question
):
    url = private_question.get_absolute_url()
    assert url == f"/questions/p/{private_question.pk}/"
    assert WORDS not in url and private_question.slug not in url

    for reader in (patient, doctor.user, staff):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert WORDS not in _title(html)
        assert WORDS not in re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
        assert 'property="og:title"' not in html or WORDS not in re.search(
            r'property="og:title" content="([^"]*)"', html
        ).group(1)
    client.force_login(patient)
    assert "Your private question" in _title(client.get(url).content.decode())


def test_issue15_point10_old_slug_url_of_a_private_question_redirects_only_its_asker(
    client, patient, other_patient, doctor, staff, private_question
):
    old = reverse(
        "questions:detail", kwargs={"pk": private_question.pk, "slug": private_question.slug}
    )
    missing = reverse("questions:detail", kwargs={"pk": 999999, "slug": private_question.slug})

    client.force_login(patient)
    response = client.get(old)
    assert response.status_code == 302
    assert response["Location"] == private_question.get_absolute_url()

    # Everyone else: the same 404 as a question that does not exist (no existence oracle).
    client.logout()
    assert client.get(old).status_code == client.get(missing).status_code == 404
    for reader in (other_patient, doctor.user, staff):
        client.force_login(reader)
        assert client.get(old).status_code == 404
    # The private address: readers only.
    client.force_login(other_patient)
    assert client.get(private_question.get_absolute_url()).status_code == 404


def test_issue15_point10_a_public_questions_private_address_sends_to_its_page(client, patient):
    public = QuestionFactory(author=patient, slug="itchy-red-rash")

    response = client.get(reverse("questions:private", kwargs={"pk": public.pk}))

    assert response.status_code == 302 and response["Location"] == public.get_absolute_url()


def test_issue15_point10_emails_about_a_question_name_neither_doctor_nor_question(
    client, patient, doctor, private_question
):
    answer = answer_create(user=doctor.user, question=private_question, body=ANSWER)
    follow_up = follow_up_create(user=patient, answer=answer, text="Should I also get tested?")
    follow_up_reply(user=doctor.user, follow_up=follow_up, text="Yes, see a clinic this week.")

    for notification in Notification.objects.all():
        notification_email_send(notification_id=notification.pk)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        for text in (message.subject, message.body):
            assert "Asha" not in text and "Rao" not in text and "Dermatolog" not in text
            assert WORDS not in text and private_question.slug not in text
    assert sorted(m.subject for m in mail.outbox) == [
        "A doctor answered your question",
        "A doctor replied to your follow-up",
        "A patient sent a follow-up to your answer",
    ]

    # Behind login, the portal's list names the doctor and the question (issue 16).
    client.force_login(patient)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Dr. Asha Rao answered “I think I have genital herpes" in html
    assert "Dr. Asha Rao replied to your follow-up on “I think" in html
    client.force_login(doctor.user)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "A follow-up to your answer on “I think I have genital herpes" in html
