from django.db.models import Count, Q
from django.utils import timezone

from .models import DoctorProfile


def doctor_for_profile_page(*, slug: str) -> DoctorProfile | None:
    return (
        DoctorProfile.objects.filter(slug=slug, verified_at__isnull=False)
        .prefetch_related("specialties")
        .first()
    )


def doctor_dashboard_stats(*, doctor: DoctorProfile) -> dict:
    week_ago = timezone.now() - timezone.timedelta(days=7)
    return doctor.answers.aggregate(
        total=Count("id"), this_week=Count("id", filter=Q(created_at__gte=week_ago))
    )
