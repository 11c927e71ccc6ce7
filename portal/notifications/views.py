from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from portal.pagination import page_of

from .models import Notification
from .selectors import notification_list
from .services import notification_mark_read, notifications_mark_all_read


@login_required
def notification_list_view(request):
    page = page_of(request, notification_list(user=request.user), 20)
    return render(request, "notifications/list.html", {"page_obj": page})


@login_required
def notification_open_view(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(notification=notification)
    # The link in every notification email lands here: a target edited to point off-site
    # (it is an admin field) must not turn the portal's own link into a phishing hop.
    if not url_has_allowed_host_and_scheme(notification.target_path, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(notification.target_path)


@login_required
@require_POST
def notification_mark_all_read_view(request):
    notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")
