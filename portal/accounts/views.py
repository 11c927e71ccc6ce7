from allauth.account.internal.flows.email_verification import (
    send_verification_email_to_address,
)
from allauth.account.internal.stagekit import unstash_login
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

RESENT = _("We have sent the email again. It can take a few minutes to arrive.")
RESEND_WAIT = _("We sent the email a moment ago. Wait a few minutes before asking again.")
RESEND_NOTHING = _("Log in with your email address and password: we send a new link then.")


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
