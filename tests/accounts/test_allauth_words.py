"""allauth in the portal's words (issue 16): the pages say "Log in", "Sign up" and
"Remember me"; its emails name the portal, not the host of the request; the "check your
email" page says a waiting question is saved and can send the email again; after
verifying, one message instead of three that repeat the email address; a way on after a
password reset; the portal's own 404 with DEBUG on."""

import re

import pytest
from django.conf import settings
from django.contrib.messages import INFO, get_messages
from django.contrib.messages.storage.base import Message
from django.core.cache import cache
from django.urls import reverse

from portal.accounts.views import RESEND_WAIT
from portal.formatting import unique_messages
from tests.factories import PASSWORD
from tests.questions.test_drafts import confirmation_path, post_draft_as_visitor

pytestmark = pytest.mark.django_db

EMAIL = "a.very.long.address.for.a.new.patient@example.org"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def sign_up(client):
    return client.post(
        reverse("account_signup"),
        {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD, "consent": "on"},
    )


def test_login_and_signup_pages_use_the_portals_words(client):
    login = client.get(reverse("account_login")).content.decode()
    signup = client.get(reverse("account_signup")).content.decode()

    for stock in ("Sign In", "Sign Up", "Remember Me", "sign in"):
        assert stock not in login and stock not in signup, stock
    assert "Remember me" in login and ">Log in<" in login.replace("\n", "").replace("  ", "")


def test_verification_email_names_the_portal_not_the_host(client, mailoutbox, settings):
    sign_up(client)

    (message,) = mailoutbox
    assert message.subject.startswith(f"[{settings.SITE_NAME}]")
    assert f"Hello from {settings.SITE_NAME}" in message.body
    assert message.body.splitlines()[0] == f"Hello from {settings.SITE_NAME},"
    confirm_page = client.get(confirmation_path(message)).content.decode()
    assert "is an email address for user" not in confirm_page


def test_check_your_email_page_says_the_question_is_saved_and_sends_again(client, mailoutbox):
    post_draft_as_visitor(client)
    sign_up(client)

    page = client.get(reverse("account_email_verification_sent")).content.decode()
    assert "Your question is saved" in page
    assert reverse("account_verification_resend") in page

    # At once: allauth's rate limit holds it back, and the page says so.
    response = client.post(reverse("account_verification_resend"), follow=True)
    assert len(mailoutbox) == 1
    assert str(RESEND_WAIT) in response.content.decode().replace("&#x27;", "'")

    cache.clear()  # allauth's rate limit lives in the cache: minutes later
    response = client.post(reverse("account_verification_resend"))

    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 2 and mailoutbox[1].to == [EMAIL]


def test_send_again_with_nothing_waiting_sends_nothing(client, mailoutbox):
    response = client.post(reverse("account_verification_resend"))

    assert response["Location"] == reverse("account_login")
    assert mailoutbox == []


def test_after_verifying_one_message_without_the_email_repeated(client, mailoutbox):
    sign_up(client)
    response = client.post(confirmation_path(mailoutbox[0]))

    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(texts) == 1, texts
    assert not any(EMAIL in text for text in texts)


def test_messages_wrap_long_addresses_and_show_each_text_once():
    messages = [Message(INFO, "Same text"), Message(INFO, "Same text"), Message(INFO, "Other")]

    assert [str(m) for m in unique_messages(messages)] == ["Same text", "Other"]
    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
    assert re.search(r"\.message \{[^}]*overflow-wrap: anywhere", css)


def test_password_reset_done_page_has_a_way_on(client):
    page = client.get(reverse("account_reset_password_from_key_done")).content.decode()

    assert f'href="{reverse("account_login")}"' in page


def test_a_404_with_debug_on_is_the_portals_page(client, settings):
    middleware = "portal.errors.PortalNotFoundInDebugMiddleware"
    if middleware not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, middleware]
    settings.DEBUG = True

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert "DEBUG = True" not in response.content.decode()
