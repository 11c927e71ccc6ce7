from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations and hospital quotes"

    def ready(self) -> None:
        from portal.notifications.extras import email_extras_register

        from .emails import notification_email_extras

        email_extras_register(prefix="consult_", builder=notification_email_extras)
        email_extras_register(prefix="quote_", builder=notification_email_extras)
