from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "email_status", "created_at", "read_at"]
    list_filter = ["kind", "email_status"]
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["email_claimed_at", "email_sent_at", "email_attempts"]
