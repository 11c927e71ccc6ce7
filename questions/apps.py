from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Questions and answers"

    def ready(self) -> None:
        from portal import pagecache

        from . import (
            figures,
            notification_labels,
            receivers,  # noqa: F401 - connects its signal receivers
        )
        from .pagecache import watch_questions

        notification_labels.register()
        watch_questions()
        # A doctor's stored figures are marked by the writes that move their version.
        pagecache.on_bump(figures.TAG_PREFIX, figures.mark)
