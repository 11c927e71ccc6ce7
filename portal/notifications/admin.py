from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from portal.accounts import roles
from portal.accounts.services import audit_log_write

from .models import Notification
from .selectors import outbox_status
from .services import notifications_email_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Who was told what, and when. A notification names its recipient (an email) beside
    a link to what it is about (a patient's question), so only moderators (and
    superusers) see this admin, whatever model permissions a staff account holds, and
    each look is written to the audit log, as a look at a private question is."""

    list_display = ["title", "recipient", "kind", "email_status", "created_at", "read_at"]
    list_filter = ["kind", "email_status"]
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient"]
    readonly_fields = [
        "email_claimed_at",
        "email_lease_until",
        "email_queued_at",
        "email_sent_at",
        "email_attempts",
    ]
    actions = ["retry_failed_emails"]

    # --- who sees it -----------------------------------------------------------------
    @staticmethod
    def _moderates(request) -> bool:
        return request.user.is_superuser or roles.is_moderator(request.user)

    def has_module_permission(self, request):
        return self._moderates(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._moderates(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._moderates(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._moderates(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._moderates(request) and super().has_delete_permission(request, obj)

    # --- every look is audited -------------------------------------------------------
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if getattr(response, "status_code", 200) == 200:
            query = request.GET.get("q", "")
            audit_log_write(
                actor=request.user,
                action="view_notifications",
                target=Notification,
                detail=f"search: {query}" if query else "",
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if getattr(response, "status_code", 200) == 200:
            notification = self.get_object(request, object_id)
            if notification is not None:
                audit_log_write(actor=request.user, action="view_notification", target=notification)
        return response

    @admin.action(description="Retry sending the selected failed emails")
    def retry_failed_emails(self, request, queryset):
        count = notifications_email_retry(queryset=queryset)
        self.message_user(request, f"{count} email(s) will be sent by the next sweep.")

    def get_urls(self):
        outbox = self.admin_site.admin_view(self.outbox_view)
        return [path("outbox/", outbox, name="notifications_outbox"), *super().get_urls()]

    def outbox_view(self, request):
        """Read-only: how many emails wait, the oldest one's age, the last canary."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Notification outbox",
            "opts": self.model._meta,
            "status": outbox_status(),
        }
        return TemplateResponse(request, "admin/notifications/outbox.html", context)
