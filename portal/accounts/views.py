from urllib.parse import urlencode

from allauth.account.internal.flows.email_verification import (
    send_verification_email_to_address,
)
from allauth.account.internal.stagekit import unstash_login
from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

RESENT = _("We have sent the email again. It can take a few minutes to arrive.")
RESEND_WAIT = _("We sent the email a moment ago. Wait a few minutes before asking again.")
RESEND_NOTHING = _("Log in with your email address and password: we send a new link then.")


def admin_login_view(request, extra_context=None):
    """The admin's login page, replaced: every login goes through allauth's form, with its
    limits on failed attempts and the lockout they impose, and its second factor. The
    admin's own form (no limit, no lockout, no second factor) is never shown and never
    checks a password. A signed-in account without the right to the admin gets a 403
    instead of a loop through the login page."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    target = target or reverse("admin:index")
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect(target)
        raise PermissionDenied("This account cannot use the admin.")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


@require_POST
def verification_resend_view(request):
    """The "send the email again" button of the "check your email" page: to the address of the
    sign-up or login waiting for it in this session (allauth's stashed login), within
    allauth's own rate limit. Nothing waiting: the person is sent to log in."""
    login = unstash_login(request, peek=True)
    address = None
    if login is not None and login.user is not None:
        # A sign-up's stashed login names no address: its user's unverified one.
        addresses = EmailAddress.objects.filter(user=login.user, verified=False)
        if login.email:
            addresses = addresses.filter(email__iexact=login.email)
        address = addresses.order_by("-primary").first()
    if address is None:
        messages.info(request, RESEND_NOTHING)
        return redirect("account_login")
    if send_verification_email_to_address(request, address):
        messages.success(request, RESENT)
    else:
        messages.warning(request, RESEND_WAIT)
    return redirect("account_email_verification_sent")
