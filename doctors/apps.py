from django.apps import AppConfig


class DoctorsConfig(AppConfig):
    name = "doctors"
    verbose_name = "Doctors"

    def ready(self) -> None:
        from .pagecache import watch_doctors

        watch_doctors()
