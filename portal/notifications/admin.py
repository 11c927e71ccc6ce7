from django.contrib import admin

from .models import Notification
from .services import notifications_email_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "email_status", "created_at", "read_at"]
    list_filter = ["kind", "email_status"]
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["email_claimed_at", "email_sent_at", "email_attempts"]
    actions = ["retry_failed_emails"]

    @admin.action(description="Retry sending the selected failed emails")
    def retry_failed_emails(self, request, queryset):
        count = notifications_email_retry(queryset=queryset)
        self.message_user(request, f"{count} email(s) will be sent by the next sweep.")
