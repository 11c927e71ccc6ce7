from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Questions and answers"

    def ready(self) -> None:
        from . import notification_labels, receivers  # noqa: F401
        from .pagecache import watch_questions

        notification_labels.register()
        watch_questions()
