from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.i18n import path_in
from portal.pagination import page_of

from .extras import portal_labels_for
from .models import Notification
from .preferences import (
    UNSUBSCRIBE_BAD_LINK,
    UNSUBSCRIBED,
    preference_label,
    unsubscribe_apply,
    unsubscribe_read,
)
from .selectors import notification_list
from .services import notification_mark_read, notification_title, notifications_mark_all_read


@login_required
def notification_list_view(request):
    page = page_of(request, notification_list(user=request.user), 20)
    page.object_list = list(page.object_list)
    labels = portal_labels_for(page.object_list)
    for notification in page.object_list:
        notification.label = labels.get(notification.pk) or notification_title(notification)
    return render(request, "notifications/list.html", {"page_obj": page})


@login_required
def notification_open_view(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(notification=notification)
    # The link in every notification email lands here: a target edited to point off-site
    # (it is an admin field) must not turn the portal's own link into a phishing hop.
    if not url_has_allowed_host_and_scheme(notification.target_path, allowed_hosts=None):
        return redirect("notifications:list")
    # The target was written in the language of whoever triggered the notification; the
    # reader lands on it in the language they opened the link in.
    return redirect(path_in(notification.target_path, get_language()))


@login_required
@require_POST
def notification_mark_all_read_view(request):
    notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" to the link with no cookie or
# CSRF token. The signed token is the authority, and all it can do is turn one email off.
@csrf_exempt
def unsubscribe_view(request, token: str):
    read = unsubscribe_read(token)
    if read is None:
        return render(
            request, "notifications/unsubscribe.html", {"error": UNSUBSCRIBE_BAD_LINK}, status=400
        )
    label = preference_label(read[1])
    if request.method == "POST":
        if unsubscribe_apply(token) is None:
            return render(
                request,
                "notifications/unsubscribe.html",
                {"error": UNSUBSCRIBE_BAD_LINK},
                status=400,
            )
        return render(
            request, "notifications/unsubscribe.html", {"done": UNSUBSCRIBED % {"label": label}}
        )
    return render(request, "notifications/unsubscribe.html", {"label": label, "token": token})
