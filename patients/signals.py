from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext, gettext_noop

DELETION_CANCELLED = gettext_noop(
    "Welcome back. Logging in cancelled the deletion of your account."
)


@receiver(user_logged_in, dispatch_uid="patients.cancel_deletion_on_login")
def cancel_deletion_on_login(sender, request, user, **kwargs):
    from .services import account_deletion_cancel

    if account_deletion_cancel(user=user) and request is not None:
        messages.info(request, gettext(DELETION_CANCELLED))
