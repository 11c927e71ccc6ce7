from celery import shared_task

from .services import vocabulary_refresh


@shared_task
def search_vocabulary_refresh_task() -> int:
    """Rebuild the "did you mean" vocabulary (beat, daily). Safe to run twice."""
    return vocabulary_refresh()
