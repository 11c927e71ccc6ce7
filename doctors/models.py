import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from portal import names
from portal.addresses import address
from portal.search import generated_vector
from portal.storage import private_storage
from portal.visibility import PUBLIC, Moderated

# A verification lasts this long after approval or re-confirmation.
VERIFICATION_VALIDITY = timedelta(days=365)
# Doctors are reminded, and may re-confirm, this long before their verification ends.
REMINDER_BEFORE = timedelta(days=30)
# The earliest registration or qualification year the portal accepts.
FIRST_YEAR = 1950
# The highest consultation fee, in rupees: a typo guard, not a price cap.
MAX_FEE = 100_000


def years_of_experience_max(today=None) -> int:
    """Experience is counted from the first degree, which is no earlier than FIRST_YEAR:
    76 years in 2026, one more each year."""
    return (today or timezone.localdate()).year - FIRST_YEAR


class LicensingCouncil(models.TextChoices):
    """Who registered the doctor: the national register or a state medical council."""

    NMC = "nmc", gettext_lazy("National Medical Commission (Indian Medical Register)")
    ANDHRA_PRADESH = "apmc", gettext_lazy("Andhra Pradesh Medical Council")
    BIHAR = "bcmr", gettext_lazy("Bihar Council of Medical Registration")
    DELHI = "dmc", gettext_lazy("Delhi Medical Council")
    GUJARAT = "gmc", gettext_lazy("Gujarat Medical Council")
    HARYANA = "hmc", gettext_lazy("Haryana Medical Council")
    KARNATAKA = "kmc", gettext_lazy("Karnataka Medical Council")
    KERALA = "tcmc", gettext_lazy("Travancore-Cochin Medical Council (Kerala)")
    MADHYA_PRADESH = "mpmc", gettext_lazy("Madhya Pradesh Medical Council")
    MAHARASHTRA = "mmc", gettext_lazy("Maharashtra Medical Council")
    PUNJAB = "pmc", gettext_lazy("Punjab Medical Council")
    RAJASTHAN = "rmc", gettext_lazy("Rajasthan Medical Council")
    TAMIL_NADU = "tnmc", gettext_lazy("Tamil Nadu Medical Council")
    TELANGANA = "tsmc", gettext_lazy("Telangana State Medical Council")
    UTTAR_PRADESH = "upmc", gettext_lazy("Uttar Pradesh Medical Council")
    WEST_BENGAL = "wbmc", gettext_lazy("West Bengal Medical Council")
    OTHER = "other", gettext_lazy("Other (type its name)")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting for review")
    NEEDS_INFO = "needs_info", gettext_lazy("More information needed")
    REJECTED = "rejected", gettext_lazy("Not approved")
    APPROVED = "approved", gettext_lazy("Approved")


class DoctorProfileQuerySet(models.QuerySet):
    def verified(self, *, now=None):
        """Doctors who may answer now (or at ``now``): approved, and the approval has not
        run out. The one rule for "verified" in the database; DoctorProfile.is_verified is
        its twin."""
        return self.filter(
            application_status=ApplicationStatus.APPROVED,
            verified_until__gt=now or timezone.now(),
        )

    def public(self, *, now=None):
        """Verified doctors (now, or at ``now``) whose profile moderators have not hidden:
        every public list of doctors (directory, sitemap) reads through this."""
        return self.verified(now=now).filter(PUBLIC)

    def listed(self):
        """Doctors with a public profile page: verified now, or verified once and since
        lapsed or back under review (their earlier answers stay on the portal and link
        there; the page says so). Never a doctor whose application staff rejected."""
        return self.filter(verified_at__isnull=False).exclude(
            application_status=ApplicationStatus.REJECTED
        )


class DoctorProfile(Moderated):
    """A doctor: their application for verification (one per account), and once approved
    their public profile. Only ``is_verified`` doctors may answer or appear publicly."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="doctor_profile"
    )
    full_name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    photo = models.ImageField(upload_to="doctors/photos/", blank=True)
    # The photo's square sizes in WebP and JPEG (portal.images.image_renditions).
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    specialties = models.ManyToManyField("taxonomy.Specialty", related_name="doctors", blank=True)
    # A one-line summary of the Qualification rows ("MBBS, MD"), kept by the services for
    # cards and meta descriptions.
    qualifications = models.CharField(max_length=300, blank=True)
    registration_number = models.CharField(max_length=60, blank=True)
    licensing_council = models.CharField(
        max_length=10, choices=LicensingCouncil.choices, blank=True
    )
    licensing_council_other = models.CharField(max_length=120, blank=True)
    registration_year = models.PositiveSmallIntegerField(null=True, blank=True)
    years_of_experience = models.PositiveSmallIntegerField(null=True, blank=True)
    languages = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Comma separated: English, Hindi, Marathi"),
    )
    city = models.ForeignKey(
        "taxonomy.City",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="doctors",
    )
    clinic = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Where the doctor practises (free text)."),
    )
    consultation_fee = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=gettext_lazy("In Indian rupees, for one in-clinic consultation."),
    )
    bio = models.TextField(max_length=1500, blank=True)

    application_status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    status_reason = models.TextField(
        blank=True,
        help_text=gettext_lazy("Staff's reason for the last rejection or request for information."),
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_until = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Name, qualifications and clinic, kept by the database. Specialties and city are
    # matched through the taxonomy's own vectors (search.selectors).
    search_vector = models.GeneratedField(
        expression=generated_vector(
            ("full_name", "A", "simple"),
            ("qualifications", "B", "english"),
            ("qualifications", "B", "simple"),
            ("clinic", "B", "simple"),
            ("bio", "D", "english"),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = DoctorProfileQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        permissions = [
            ("verify_doctor", "Can verify doctors and read their proof documents"),
        ]
        indexes = [
            models.Index(
                fields=["application_status", "submitted_at"], name="doctor_application_queue"
            ),
            models.Index(
                fields=["verified_until"],
                name="doctor_verified_until",
                condition=models.Q(application_status="approved"),
            ),
            GinIndex(fields=["search_vector"], name="doctor_search"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return address("directory:doctor", slug=self.slug)

    @property
    def display_name(self) -> str:
        name = self.full_name.strip()
        return name if name.lower().startswith("dr") else f"Dr. {name}"

    @property
    def is_verified(self) -> bool:
        """The Python twin of DoctorProfileQuerySet.verified()."""
        return (
            self.application_status == ApplicationStatus.APPROVED
            and self.verified_until is not None
            and self.verified_until > timezone.now()
        )

    @property
    def is_approved(self) -> bool:
        """Staff approved the application (the approval may since have expired)."""
        return self.application_status == ApplicationStatus.APPROVED

    @property
    def is_expired(self) -> bool:
        """Approved once, but the twelve months ran out without a re-confirmation."""
        return self.application_status == ApplicationStatus.APPROVED and not self.is_verified

    def reconfirmation_open(self, now=None) -> bool:
        """An approved doctor may re-confirm from REMINDER_BEFORE the end of their
        verification onwards, and after it ended."""
        now = now or timezone.now()
        return (
            self.is_approved
            and self.verified_until is not None
            and self.verified_until - now <= REMINDER_BEFORE
        )

    @property
    def council_name(self) -> str:
        if self.licensing_council == LicensingCouncil.OTHER:
            return self.licensing_council_other
        if not self.licensing_council:
            return ""
        # The choice's label from the enum, as get_licensing_council_display() gives it
        # but without building a dict of all 31 councils on each call (0.2 ms, twice a
        # profile); a code no longer among the choices shows as it is, as there.
        try:
            return str(LicensingCouncil(self.licensing_council).label)
        except ValueError:
            return self.licensing_council

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]

    @property
    def initials(self) -> str:
        return names.initials(self.full_name, fallback="Dr")


class Qualification(models.Model):
    """One degree: MBBS from a college in a year. A doctor lists several."""

    doctor = models.ForeignKey(
        DoctorProfile, on_delete=models.CASCADE, related_name="qualification_set"
    )
    degree = models.CharField(max_length=120)
    institution = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["year", "id"]

    def __str__(self) -> str:
        return self.degree


def proof_document_path(instance: "ProofDocument", filename: str) -> str:
    """A random name under the application's folder with the extension of the checked
    type: the applicant's file name and extension never reach the disk (the name is kept,
    for display only, in ``original_name``)."""
    return f"proofs/{instance.doctor_id}/{uuid.uuid4().hex}.{instance.extension}"


class CheckedDocument(models.Model):
    """A PDF, PNG or JPEG that doctors.uploads.check_proof_document accepted, kept in the
    private storage: no URL, read only through an audited view. Subclasses add ``file``
    (with their own upload path) and what the document belongs to."""

    class Kind(models.TextChoices):
        PDF = "pdf", gettext_lazy("PDF")
        PNG = "png", gettext_lazy("PNG image")
        JPEG = "jpeg", gettext_lazy("JPEG image")

    CONTENT_TYPES = {Kind.PDF: "application/pdf", Kind.PNG: "image/png", Kind.JPEG: "image/jpeg"}

    kind = models.CharField(max_length=4, choices=Kind.choices)
    original_name = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.kind]

    @property
    def extension(self) -> str:
        return "jpg" if self.kind == self.Kind.JPEG else self.kind


class ProofDocument(CheckedDocument):
    """A registration certificate or degree, uploaded with an application. Read only
    through doctors.views.document_view."""

    doctor = models.ForeignKey(DoctorProfile, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(storage=private_storage, upload_to=proof_document_path, max_length=200)

    def get_absolute_url(self) -> str:
        return reverse("doctors:document", kwargs={"pk": self.pk})


class VerificationEvent(models.Model):
    """The verification record: who did what to an application, when, and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", gettext_lazy("Application submitted")
        RESUBMITTED = "resubmitted", gettext_lazy("Application updated and resubmitted")
        APPROVED = "approved", gettext_lazy("Approved")
        REJECTED = "rejected", gettext_lazy("Rejected")
        NEEDS_INFO = "needs_info", gettext_lazy("More information requested")
        REMINDED = "reminded", gettext_lazy("Reminded to re-confirm")
        RECONFIRMED = "reconfirmed", gettext_lazy("Details re-confirmed")

    doctor = models.ForeignKey(DoctorProfile, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.doctor}"
