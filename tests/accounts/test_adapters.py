"""portal.accounts.adapters: where allauth sends a user after logging in."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from portal.accounts.adapters import POST_LOGIN_REDIRECT_KEY, AccountAdapter

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_with_session(patient):
    def build(target=None):
        return _request(patient, target)

    return build


def _request(user, target):
    request = RequestFactory().get("/accounts/login/")
    request.user = user
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    if target is not None:
        request.session[POST_LOGIN_REDIRECT_KEY] = target
    return request


def test_login_redirect_uses_the_url_left_by_the_draft_once(request_with_session):
    request = request_with_session("/questions/12/itchy-rash/")
    adapter = AccountAdapter(request)

    assert adapter.get_login_redirect_url(request) == "/questions/12/itchy-rash/"
    assert POST_LOGIN_REDIRECT_KEY not in request.session
    assert adapter.get_login_redirect_url(request) == "/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_login_redirect_ignores_outside_urls(request_with_session, target):
    request = request_with_session(target)

    assert AccountAdapter(request).get_login_redirect_url(request) == "/"


def test_login_redirect_without_a_stored_url_goes_home(request_with_session):
    request = request_with_session()
    assert AccountAdapter(request).get_login_redirect_url(request) == "/"


def test_signup_redirect_also_uses_the_url_left_by_the_draft(request_with_session):
    # After sign-up + email verification allauth logs the new user in as a *signup*
    # login and asks get_signup_redirect_url, not get_login_redirect_url.
    request = request_with_session("/questions/12/itchy-rash/")

    assert AccountAdapter(request).get_signup_redirect_url(request) == "/questions/12/itchy-rash/"
    assert POST_LOGIN_REDIRECT_KEY not in request.session
