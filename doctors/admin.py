from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import DoctorProfile, ProofDocument, Qualification, VerificationEvent


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


class ProofDocumentInline(admin.TabularInline):
    """Documents are listed, never linked to a file URL (they have none): the download
    link goes through the permission-checked, audited view."""

    model = ProofDocument
    extra = 0
    can_delete = False
    fields = ["original_name", "kind", "size", "uploaded_at", "download"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="File")
    def download(self, obj):
        return format_html('<a href="{}">Download</a>', reverse("doctors:document", args=[obj.pk]))


class VerificationEventInline(admin.TabularInline):
    model = VerificationEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "actor", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DoctorProfile)
class DoctorProfileAdmin(admin.ModelAdmin):
    """Verification state is read-only here: approve, reject and ask for information from
    the verification queue (/doctors/verification/), which records the event and emails
    the doctor."""

    list_display = [
        "full_name",
        "user",
        "registration_number",
        "application_status",
        "verified_until",
    ]
    list_filter = ["application_status", "licensing_council", "specialties"]
    search_fields = ["full_name", "user__email", "registration_number"]
    prepopulated_fields = {"slug": ["full_name"]}
    filter_horizontal = ["specialties"]
    raw_id_fields = ["user"]
    readonly_fields = [
        "application_status",
        "status_reason",
        "submitted_at",
        "verified_at",
        "verified_until",
        "reminder_sent_at",
        "qualifications",
        "photo",
    ]
    inlines = [QualificationInline, ProofDocumentInline, VerificationEventInline]
