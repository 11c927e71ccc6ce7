"""A visitor's question survives sign-up, email verification and login, and is posted for
them as soon as they are signed in. Real allauth views, the test client, the locmem
outbox for allauth's (synchronous) verification email."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from questions.drafts import AUTO_POST_WITHIN
from questions.drafts import SESSION_KEY as DRAFT_KEY
from questions.models import Question
from questions.services import question_create
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TEXT = "My six year old has had a dry cough at night for two weeks, no fever."
ASK_URL = reverse("questions:ask")
CONFIRM_LINK_RE = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its rate limits in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def post_draft_as_visitor(client, specialty=None, **overrides):
    data = {
        "text": TEXT,
        "age": "6",
        "gender": "male",
        "specialty": str(specialty.pk) if specialty else "",
        "consent": "on",
        **overrides,
    }
    response = client.post(ASK_URL, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_signup")
    assert client.session[DRAFT_KEY]["text"] == data["text"]
    return response


def confirmation_path(message) -> str:
    match = CONFIRM_LINK_RE.search(message.body)
    assert match, message.body
    return match.group(1)


def test_draft_survives_sign_up_and_email_verification(client, mailoutbox, specialty):
    post_draft_as_visitor(client, specialty=specialty, is_private="on")
    assert client.get(reverse("account_signup")).status_code == 200

    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.patient@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not Question.objects.exists()  # not signed in yet: nothing posted
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.patient@example.org"]
    path = confirmation_path(mailoutbox[0])

    # Confirmation is not done on GET (ACCOUNT_CONFIRM_EMAIL_ON_GET is False)...
    response = client.get(path)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert not Question.objects.exists()

    # ...but on POST, which signs the new patient in and posts the draft.
    response = client.post(path)

    question = Question.objects.get()
    assert question.author.email == "new.patient@example.org"
    assert (question.text, question.age, question.gender) == (TEXT, 6, "male")
    assert question.specialty == specialty
    assert question.is_private is True
    assert client.session["_auth_user_id"] == str(question.author.pk)
    assert DRAFT_KEY not in client.session
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()


def test_draft_is_posted_when_an_existing_patient_logs_in(client, patient):
    post_draft_as_visitor(client)

    response = client.post(reverse("account_login"), {"login": patient.email, "password": PASSWORD})

    question = Question.objects.get()
    assert question.author == patient
    assert (question.text, question.age, question.gender) == (TEXT, 6, "male")
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert DRAFT_KEY not in client.session
    page = client.get(response["Location"])
    assert "Your question is posted." in page.content.decode()


def test_a_draft_that_breaks_a_rule_goes_back_to_the_filled_in_form(client, patient, settings):
    settings.QUESTION_FLOOD_SECONDS = 0
    question_create(author=patient, text=TEXT, age=6, gender="male")
    post_draft_as_visitor(client, text=TEXT.upper())

    response = client.post(reverse("account_login"), {"login": patient.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == ASK_URL
    assert Question.objects.count() == 1
    assert client.session[DRAFT_KEY]["text"] == TEXT.upper()  # the draft is kept

    response = client.get(ASK_URL)
    assert response.status_code == 200
    assert response.context["form"].initial["text"] == TEXT.upper()
    content = response.content.decode()
    assert "We could not post your question yet: You have already asked this question." in (content)
    assert TEXT.upper() in content


def test_login_without_a_draft_goes_home(client, patient):
    response = client.post(reverse("account_login"), {"login": patient.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not Question.objects.exists()


def test_a_posted_draft_is_not_posted_again_on_the_next_login(client, patient):
    post_draft_as_visitor(client)
    client.post(reverse("account_login"), {"login": patient.email, "password": PASSWORD})
    client.post(reverse("account_logout"))

    response = client.post(reverse("account_login"), {"login": patient.email, "password": PASSWORD})

    assert Question.objects.count() == 1
    assert response["Location"] == reverse("home")
    assert not [m for m in get_messages(response.wsgi_request) if "could not post" in str(m)]


def test_an_old_draft_is_filled_in_for_the_next_person_not_posted(client, patient):
    """A shared phone: someone typed a question hours ago and left; the next person to
    sign in sees it filled in, and nothing is posted under their name."""
    post_draft_as_visitor(client)
    session = client.session
    draft = session[DRAFT_KEY]
    draft["saved_at"] = (timezone.now() - AUTO_POST_WITHIN - timedelta(minutes=1)).isoformat()
    session[DRAFT_KEY] = draft
    session.save()

    response = client.post(reverse("account_login"), {"login": patient.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == ASK_URL
    assert not Question.objects.exists()
    page = client.get(ASK_URL)
    assert page.context["form"].initial["text"] == TEXT
    assert "typed earlier on this device" in page.content.decode()
