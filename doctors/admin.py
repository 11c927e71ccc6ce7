from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from portal.accounts import roles

from .models import DoctorProfile, ProofDocument, Qualification, VerificationEvent


class QualificationInline(admin.TabularInline):
    """Part of the verified record: it changes only through an application that staff
    review, never here."""

    model = Qualification
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
    """Verification state and the verified record (name, registration, account, address,
    qualifications) are read-only here: they change only through the doctor's application
    and the verification queue (/doctors/verification/), which records the event and
    emails the doctor, and keeps the slug off RESERVED_SLUGS."""

    list_display = [
        "full_name",
        "user",
        "registration_number",
        "application_status",
        "verified_until",
    ]
    list_filter = ["application_status", "licensing_council", "specialties"]
    search_fields = ["full_name", "user__email", "registration_number"]
    filter_horizontal = ["specialties"]
    readonly_fields = [
        "user",
        "full_name",
        "slug",
        "registration_number",
        "licensing_council",
        "licensing_council_other",
        "registration_year",
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

    def has_add_permission(self, request):
        # A profile starts as the doctor's own application (doctors:apply).
        return False

    def has_view_permission(self, request, obj=None):
        # Applications hold registration details, reasons and document names: verifiers
        # only. Editors keep the doctor search that the clinic form's autocomplete uses.
        if roles.can_verify_doctors(request.user):
            return True
        return self._is_autocomplete(request) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return roles.can_verify_doctors(request.user)

    # --- the autocomplete other forms use (a clinic's doctors) -------------------------
    # It answers editors and writers too, so it offers verified doctors only, found by
    # name: never an applicant (pending, rejected or lapsed), and no search by login email
    # or registration number, which would turn it into an oracle for both.
    @staticmethod
    def _is_autocomplete(request) -> bool:
        match = getattr(request, "resolver_match", None)
        return match is not None and match.url_name == "autocomplete"

    def get_search_fields(self, request):
        if self._is_autocomplete(request) or not roles.can_verify_doctors(request.user):
            return ["full_name"]
        return super().get_search_fields(request)

    def get_search_results(self, request, queryset, search_term):
        if self._is_autocomplete(request):
            queryset = queryset.filter(pk__in=DoctorProfile.objects.verified().values("pk"))
        return super().get_search_results(request, queryset, search_term)
