from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Questions and answers"

    def ready(self) -> None:
        from . import notification_labels, receivers  # noqa: F401

        notification_labels.register()
