from celery import shared_task

from .services import booking_reminders_send, holds_expire


@shared_task
def consultation_reminders_task() -> int:
    """Beat, every five minutes: reminders 24 h and 1 h before (each sent once however
    often this runs) and expired holds tidied."""
    holds_expire()
    return booking_reminders_send()
