from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "patients"
    verbose_name = "Patients' accounts and data rights"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the login receiver
