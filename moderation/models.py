"""Reports, moderators' decisions and doctors' peer notes.

A report or an action points at its item through a generic relation (content type and
id), so the item apps (questions, blog, directory, doctors) never import this app: they
only carry portal.visibility.Moderated. Which models can be reported, and how to read
them, is the registry in moderation/targets.py; adding follow-ups is one entry there.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NOTE_MAX_LENGTH = 1000
ACTION_REASON_MAX_LENGTH = 300
PEER_NOTE_MAX_LENGTH = 2000
# Two peer notes from doctors of the specialty put an answer "being reviewed".
PEER_NOTES_FOR_REVIEW = 2


class ReportReason(models.TextChoices):
    MEDICAL = "medical", _("Wrong or dangerous medical information")
    SPAM = "spam", _("Spam or advertising")
    PERSONAL = "personal", _("Personal information exposed")
    ABUSIVE = "abusive", _("Abusive or hateful")
    OTHER = "other", _("Something else")
    # Never chosen by a person: an automatic signal held the item (moderation.signals).
    AUTOMATIC = "automatic", _("Held automatically")


PERSON_REASONS = [(v, label) for v, label in ReportReason.choices if v != ReportReason.AUTOMATIC]


class Report(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("report status", "Open")
        DECIDED = "decided", _("Decided")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_made",
    )
    # A visitor's report: the keyed hash of their address (questions.services.address_hash).
    reporter_address_hash = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=12, choices=ReportReason.choices)
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="report_open_oldest",
                condition=models.Q(status="open"),
            ),
            models.Index(fields=["content_type", "object_id"], name="report_item"),
        ]
        constraints = [
            # One open report per person per item (a second one is refused in the service
            # with a message; this makes two quick clicks safe too).
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                condition=models.Q(status="open", reporter__isnull=False),
                name="one_open_report_per_user",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter_address_hash"],
                condition=models.Q(status="open", reporter__isnull=True)
                & ~models.Q(reporter_address_hash=""),
                name="one_open_report_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on {self.content_type.model} #{self.object_id}"


class ModerationAction(models.Model):
    """One decision on an item: who, what, why, when. Never edited; the item's history."""

    class Kind(models.TextChoices):
        DISMISS = "dismiss", _("Dismissed the reports")
        APPROVE = "approve", _("Approved (was waiting)")
        HIDE = "hide", _("Hid")
        RESTORE = "restore", _("Restored")
        ASK_EDIT = "ask_edit", _("Asked the author to edit")
        SUSPEND = "suspend", _("Suspended the author's account")
        REMOVE_ALL = "remove_all", _("Removed everything the account posted")
        HOLD = "hold", _("Held automatically")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.CharField(max_length=ACTION_REASON_MAX_LENGTH, blank=True)
    # None: the portal itself (an automatic signal).
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="action_item")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.content_type.model} #{self.object_id}"


class PeerNote(models.Model):
    """A verified doctor of the answer's specialty on a medical-accuracy report: read by
    moderators; PEER_NOTES_FOR_REVIEW of them put the answer "being reviewed"."""

    answer = models.ForeignKey(
        "questions.Answer", on_delete=models.CASCADE, related_name="peer_notes"
    )
    doctor = models.ForeignKey(
        "doctors.DoctorProfile", on_delete=models.CASCADE, related_name="peer_notes"
    )
    text = models.TextField(max_length=PEER_NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "doctor"], name="one_peer_note_per_doctor"),
        ]

    def __str__(self) -> str:
        return f"Peer note by {self.doctor} on answer #{self.answer_id}"
