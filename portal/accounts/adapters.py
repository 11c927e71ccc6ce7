from allauth.account.adapter import DefaultAccountAdapter
from django.utils.http import url_has_allowed_host_and_scheme

POST_LOGIN_REDIRECT_KEY = "post_login_redirect"


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        # Set by work that finished during login (a visitor's draft question posted).
        target = request.session.pop(POST_LOGIN_REDIRECT_KEY, None)
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return target
        return super().get_login_redirect_url(request)
