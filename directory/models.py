"""Clinics and hospitals, and what treatments cost in them, their cities and countries.

Every row points into the shared taxonomy (portal.taxonomy): a clinic has a city, offers
treatments and covers specialties; a cost entry prices one treatment at one place.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.addresses import address
from portal.search import generated_vector
from portal.visibility import PUBLIC, Moderated

# What the cost-entry rules say: the database constraints below and
# directory.services.cost_entry_rule_errors use the same words.
PRICE_NEGATIVE = "A price cannot be negative."
HIGH_BELOW_LOW = "The high price is below the low price."
REFERENCE_NEEDS_URL = "A published reference needs its link."


class Accreditation(models.TextChoices):
    JCI = "JCI", _("JCI (Joint Commission International)")
    NABH = "NABH", _("NABH (National Accreditation Board for Hospitals)")
    NABL = "NABL", _("NABL (laboratory)")
    CQC = "CQC", _("CQC registered (England)")
    DHA = "DHA", _("DHA licensed (Dubai)")
    TEMOS = "TEMOS", _("TEMOS (medical travel quality)")
    ISO_9001 = "ISO9001", _("ISO 9001")


class ClinicQuerySet(models.QuerySet):
    def public(self):
        """Clinics anyone may see: not hidden by moderators. Every directory list, page,
        sitemap and cross-link reads through this."""
        return self.filter(PUBLIC)


class Clinic(Moderated):
    """A hospital or clinic. ``is_sponsored`` is always shown as a label and never used
    to order a list."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        CLINIC = "clinic", _("Clinic")

    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=180, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.HOSPITAL)
    city = models.ForeignKey("taxonomy.City", on_delete=models.PROTECT, related_name="clinics")
    address = models.TextField(help_text=_("Street address as it should appear on the page."))
    postcode = models.CharField(max_length=16, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    accreditations = ArrayField(
        models.CharField(max_length=10, choices=Accreditation.choices),
        default=list,
        blank=True,
    )
    specialties = models.ManyToManyField("taxonomy.Specialty", related_name="clinics", blank=True)
    treatments = models.ManyToManyField("taxonomy.Treatment", related_name="clinics", blank=True)
    doctors = models.ManyToManyField(
        "doctors.DoctorProfile",
        related_name="clinics",
        blank=True,
        help_text=_("Doctors who practise here. Only verified doctors are shown publicly."),
    )
    description = models.TextField(
        blank=True, max_length=1200, help_text=_("A short, neutral description by the editors.")
    )
    photo = models.ImageField(upload_to="clinics/photos/", blank=True)
    is_sponsored = models.BooleanField(
        _("sponsored"),
        default=False,
        help_text=_(
            "Shown as a “Sponsored” label wherever the clinic appears. "
            "It never changes the order of a list."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Name, address and description, kept by the database. City, treatments and
    # specialties are matched through the taxonomy's own vectors (search.selectors).
    search_vector = models.GeneratedField(
        expression=generated_vector(
            ("name", "A", "simple"),
            ("name", "A", "english"),
            ("address", "C", "simple"),
            ("description", "C", "english"),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ClinicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["city", "name"], name="clinic_city_name"),
            GinIndex(fields=["search_vector"], name="clinic_search"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return address("directory:clinic", slug=self.slug)

    def accreditation_labels(self) -> list[tuple[str, str]]:
        labels = dict(Accreditation.choices)
        return [(code, labels.get(code, code)) for code in self.accreditations]


class CostEntryQuerySet(models.QuerySet):
    def public(self):
        """Prices anyone may see: city- or country-wide ones, and those of clinics
        moderators have not hidden."""
        return self.filter(Q(clinic__isnull=True) | Q(clinic__visibility="visible"))


class CostEntry(models.Model):
    """What a treatment costs at one place: a clinic, a city or a whole country.

    ``country`` is always set and ``city`` whenever the place is a clinic or a city
    (services.cost_entry_place_resolve fills them in), so pages can group by place
    without joins. A cost is never shown without ``source_*`` and ``checked_on``: both are
    required here.
    """

    class SourceKind(models.TextChoices):
        CLINIC_QUOTE = "clinic_quote", _("Clinic quote")
        EDITOR_SURVEY = "editor_survey", _("Editor survey")
        PUBLISHED_REFERENCE = "published_reference", _("Published reference")

    treatment = models.ForeignKey(
        "taxonomy.Treatment", on_delete=models.PROTECT, related_name="cost_entries"
    )
    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, null=True, blank=True, related_name="cost_entries"
    )
    city = models.ForeignKey(
        "taxonomy.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cost_entries",
    )
    country = models.ForeignKey(
        "taxonomy.Country", on_delete=models.PROTECT, related_name="cost_entries"
    )
    low_price = models.DecimalField(max_digits=12, decimal_places=2)
    high_price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, help_text=_("ISO 4217 code, e.g. INR, USD"))
    includes = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("What the price covers, e.g. “one knee, 4 nights, implant, physiotherapy”."),
    )
    source_kind = models.CharField(max_length=24, choices=SourceKind.choices)
    source_name = models.CharField(
        max_length=200,
        help_text=_("Who or what the figure comes from, e.g. the clinic, the survey, the title."),
    )
    source_url = models.URLField(blank=True, help_text=_("Required for a published reference."))
    checked_on = models.DateField(_("last checked"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CostEntryQuerySet.as_manager()

    class Meta:
        ordering = ["treatment__name", "country__name", "city__name", "low_price"]
        verbose_name = _("cost entry")
        verbose_name_plural = _("cost entries")
        indexes = [
            models.Index(fields=["treatment", "country", "city"], name="cost_treatment_place"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(low_price__gte=0),
                name="cost_low_not_negative",
                violation_error_message=PRICE_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(high_price__gte=models.F("low_price")),
                name="cost_high_not_below_low",
                violation_error_message=HIGH_BELOW_LOW,
            ),
            models.CheckConstraint(
                condition=Q(clinic__isnull=True) | Q(city__isnull=False),
                name="cost_clinic_has_city",
            ),
            models.CheckConstraint(
                condition=~Q(source_kind="") & ~Q(source_name=""), name="cost_has_source"
            ),
            models.CheckConstraint(
                condition=~Q(source_kind="published_reference") | ~Q(source_url=""),
                name="cost_reference_has_url",
                violation_error_message=REFERENCE_NEEDS_URL,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.treatment} at {self.place_label}: {self.low_price}–{self.high_price}"

    @property
    def place_label(self) -> str:
        """Clinic, city or country name: needs clinic/city/country selected or cached."""
        if self.clinic_id:
            return self.clinic.name
        if self.city_id:
            return self.city.name
        return self.country.name

    @property
    def is_country_wide(self) -> bool:
        return self.city_id is None
