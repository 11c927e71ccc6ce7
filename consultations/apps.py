from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations and hospital quotes"

    def ready(self) -> None:
        from portal.accounts.data_rights import data_rights_register
        from portal.notifications.extras import email_extras_register, portal_labels_register
        from portal.notifications.models import Notification

        from .data_rights import consultations_erase, consultations_export
        from .emails import booking_notification_labels, notification_email_extras

        email_extras_register(prefix="consult_", builder=notification_email_extras)
        for kind in Notification.Kind.values:
            if kind.startswith("consult_"):
                portal_labels_register(kind=kind, builder=booking_notification_labels)
        email_extras_register(prefix="quote_", builder=notification_email_extras)
        data_rights_register(exporter=consultations_export, eraser=consultations_erase)

        from .pagecache import watch_consultations

        watch_consultations()
