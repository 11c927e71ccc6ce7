from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One thing a user should hear about: shown in the portal and emailed once.

    The row is the outbox: it is written in the same transaction as the event, and the
    email task flips ``email_status`` with conditional updates, so a retried or re-queued
    task never sends twice. Only a title and a link are stored here, never health text.
    """

    class Kind(models.TextChoices):
        ANSWER = "answer", _("New answer")
        DOCTOR_APPROVED = "doctor_approved", _("Doctor application approved")
        DOCTOR_NEEDS_INFO = "doctor_needs_info", _("Doctor application needs information")
        DOCTOR_REJECTED = "doctor_rejected", _("Doctor application rejected")
        DOCTOR_REMINDER = "doctor_reminder", _("Doctor verification ends soon")
        MODERATION = "moderation", _("Moderation decision")
        MODERATION_ALERT = "moderation_alert", _("For moderators")
        PEER_REVIEW = "peer_review", _("Peer note requested")
        ARTICLE_REVIEW = "article_review", _("Article sent for review")
        FOLLOW_UP = "follow_up", _("A patient's follow-up")
        FOLLOW_UP_REPLY = "follow_up_reply", _("A doctor's reply to a follow-up")
        DATA_EXPORT = "data_export", _("Your data export is ready")
        CONSULT_REQUESTED = "consult_requested", _("Consultation requested")
        CONSULT_CONFIRMED = "consult_confirmed", _("Consultation confirmed")
        CONSULT_CHANGED = "consult_changed", _("Consultation changed")
        CONSULT_CANCELLED = "consult_cancelled", _("Consultation cancelled or declined")
        CONSULT_REMINDER = "consult_reminder", _("Consultation reminder")
        CONSULT_MESSAGE = "consult_message", _("New chat message")
        QUOTE_ENQUIRY = "quote_enquiry", _("New quote enquiry")
        QUOTE_SENT = "quote_sent", _("Hospital quote received")
        QUOTE_ACCEPTED = "quote_accepted", _("Hospital quote accepted")

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # The recipient turned this kind of email off: shown in the portal only.
        SKIPPED = "skipped", _("Not emailed (turned off)")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    target_path = models.CharField(max_length=300)
    # The row the notification is about, for the owning app's email extras
    # (portal/notifications/extras.py): a consultation's id for its .ics.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    # The worker holding a claim renews this while it works (sending, then recording
    # "sent"); only a lease that ran out lets the sweep hand the email to another worker.
    email_lease_until = models.DateTimeField(null=True, blank=True)
    # When the sweep last queued this email, so a backlog is queued once, not every minute.
    email_queued_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_unread"),
            models.Index(
                fields=["email_status", "created_at"],
                name="notif_email_pending",
                condition=models.Q(email_status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notifications:open", kwargs={"pk": self.pk})


class WorkerCanary(models.Model):
    """The last time a worker ran the canary task that beat queues every minute: proof
    that tasks go through the broker and are consumed, not just that a process is up."""

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()
    hostname = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class EmailPreferences(models.Model):
    """Which non-essential emails a person wants. The in-portal notification is always
    written; these only decide the email. No row means the defaults below."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    answers = models.BooleanField(_("A doctor answered my question"), default=True)
    follow_ups = models.BooleanField(_("Follow-ups and replies to them"), default=True)
    consultations = models.BooleanField(_("Consultation updates"), default=True)
    newsletter = models.BooleanField(_("The newsletter"), default=False)

    # The preference each notification kind's email obeys; kinds not listed are
    # essential (a doctor's verification, a data export) and always sent.
    FIELD_FOR_KIND = {
        Notification.Kind.ANSWER: "answers",
        Notification.Kind.FOLLOW_UP: "follow_ups",
        Notification.Kind.FOLLOW_UP_REPLY: "follow_ups",
        **dict.fromkeys(
            (
                Notification.Kind.CONSULT_REQUESTED,
                Notification.Kind.CONSULT_CONFIRMED,
                Notification.Kind.CONSULT_CHANGED,
                Notification.Kind.CONSULT_CANCELLED,
                Notification.Kind.CONSULT_REMINDER,
                Notification.Kind.CONSULT_MESSAGE,
                Notification.Kind.QUOTE_SENT,
            ),
            "consultations",
        ),
    }
    FIELDS = ("answers", "follow_ups", "consultations", "newsletter")

    class Meta:
        verbose_name_plural = "email preferences"

    def __str__(self) -> str:
        return f"Email preferences of #{self.user_id}"
