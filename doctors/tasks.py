from celery import shared_task
from django.utils import timezone

from .services import doctor_verification_remind


@shared_task
def doctor_verification_reminders_task() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): remind doctors whose verification ends soon."""
    return doctor_verification_remind(now=timezone.now())
