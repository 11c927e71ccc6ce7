from smtplib import SMTPException

from celery import shared_task

from .services import (
    account_delete,
    account_deletion_email_send,
    data_export_build,
    patients_housekeeping,
)


@shared_task
def data_export_build_task(export_id: int) -> bool:
    return data_export_build(export_id=export_id)


@shared_task
def account_delete_task(deletion_id: int) -> bool:
    return account_delete(deletion_id=deletion_id)


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=5, max_retries=8)
def account_deletion_email_task(deletion_id: int) -> bool:
    return account_deletion_email_send(deletion_id=deletion_id)


@shared_task
def patients_housekeeping_task() -> dict:
    return patients_housekeeping()
