from allauth.account.adapter import DefaultAccountAdapter
from django.utils.http import url_has_allowed_host_and_scheme

POST_LOGIN_REDIRECT_KEY = "post_login_redirect"


class AccountAdapter(DefaultAccountAdapter):
    def _pending_redirect(self, request) -> str | None:
        """A local URL left by work that finished during login (a visitor's draft
        question, posted). Used once."""
        target = request.session.pop(POST_LOGIN_REDIRECT_KEY, None)
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return target
        return None

    def get_login_redirect_url(self, request):
        return self._pending_redirect(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        # Confirming the email after sign-up resumes the login as a sign-up.
        return self._pending_redirect(request) or super().get_signup_redirect_url(request)
