from django.contrib import admin
from django.utils import timezone

from .models import DoctorProfile


@admin.register(DoctorProfile)
class DoctorProfileAdmin(admin.ModelAdmin):
    list_display = ["full_name", "user", "registration_number", "verified_at"]
    list_filter = ["specialties", ("verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["full_name", "user__email", "registration_number"]
    prepopulated_fields = {"slug": ["full_name"]}
    filter_horizontal = ["specialties"]
    raw_id_fields = ["user"]
    actions = ["mark_verified"]

    @admin.action(description="Mark selected doctors verified")
    def mark_verified(self, request, queryset):
        updated = queryset.filter(verified_at__isnull=True).update(verified_at=timezone.now())
        self.message_user(request, f"{updated} doctor(s) marked verified.")
