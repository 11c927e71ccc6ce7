from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from .models import Notification
from .selectors import outbox_status
from .services import notifications_email_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
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
