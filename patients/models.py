import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from portal.storage import private_storage


def export_path(instance, filename: str) -> str:
    return f"data-exports/{uuid.uuid4().hex}.zip"


class DataExport(models.Model):
    """A copy of everything the portal holds about one account, built by the worker as a
    ZIP in the private storage, downloadable by that account only until ``expires_at``."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("Being prepared")
        READY = "ready", gettext_lazy("Ready")
        EXPIRED = "expired", gettext_lazy("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(storage=private_storage, upload_to=export_path, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Data export #{self.pk} of #{self.user_id}"


class AccountDeletion(models.Model):
    """A patient's request to delete their account, carried out by the beat job once
    ``scheduled_for`` has passed unless they log in before (which cancels it).
    ``remove_question_ids`` are the public questions to remove with their answers; the
    other public ones stay, anonymised. After the deletion the row keeps only the email
    address until the "done" email has gone, then it is removed too."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", gettext_lazy("Scheduled")
        DONE = "done", gettext_lazy("Done, email pending")
        EMAILING = "emailing", gettext_lazy("Done, email being sent")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_deletion",
    )
    email = models.EmailField()
    # The account's language, for the "deleted" email sent when the account is gone.
    language = models.CharField(max_length=16, blank=True, default="")
    remove_question_ids = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    requested_at = models.DateTimeField(auto_now_add=True)
    scheduled_for = models.DateTimeField(db_index=True)
    done_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Account deletion #{self.pk} ({self.status})"
