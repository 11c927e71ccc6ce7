from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


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
