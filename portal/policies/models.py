"""The pages a health site owes its readers (about, contact, privacy, terms...).

Each page keeps every version it ever had: a version is never edited or deleted once
published (consent records point at the privacy policy's), staff publish a new one.
The newest version is the page's text and its "last updated" date.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.addresses import address


class PolicyKind(models.TextChoices):
    ABOUT = "about", _("About us")
    CONTACT = "contact", _("Contact and grievance officer")
    PRIVACY = "privacy", _("Privacy policy")
    TERMS = "terms", _("Terms of use")
    MEDICAL_DISCLAIMER = "medical-disclaimer", _("Medical disclaimer")
    EDITORIAL = "editorial-policy", _("Editorial policy")
    DOCTOR_VERIFICATION = "how-we-verify-doctors", _("How we verify doctors")
    DIRECTORY_RANKING = "how-the-directory-ranks", _("How the directory ranks and labels listings")


# schema.org type of each page's WebPage (structured_data.py).
SCHEMA_TYPES = {
    PolicyKind.ABOUT: "AboutPage",
    PolicyKind.CONTACT: "ContactPage",
}

CHANGE_NOTE_MAX_LENGTH = 300
BODY_MAX_LENGTH = 60_000


class PolicyPage(models.Model):
    kind = models.CharField(max_length=40, choices=PolicyKind.choices, unique=True)
    title = models.CharField(max_length=120)
    description = models.CharField(
        max_length=300, blank=True, help_text="One sentence for search results."
    )

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return address("policies:page", kind=self.kind)


class PolicyVersion(models.Model):
    """One published text of a page. Immutable: PROTECT keeps it while anything
    (a consent record) points at it."""

    page = models.ForeignKey(PolicyPage, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    change_note = models.CharField(max_length=CHANGE_NOTE_MAX_LENGTH, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="policy_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.page} v{self.number} ({self.published_at:%Y-%m-%d})"
