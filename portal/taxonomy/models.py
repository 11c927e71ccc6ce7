from django.db import models
from django.urls import reverse


class Specialty(models.Model):
    """A medical specialty (Dermatology). Questions, doctors and articles point here."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    keywords = models.TextField(
        blank=True,
        help_text="Words (one per line or comma separated) that suggest this specialty "
        "when a patient types a question.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("questions:specialty", kwargs={"slug": self.slug})

    def keyword_list(self) -> list[str]:
        raw = self.keywords.replace(",", "\n").splitlines()
        return [w.strip().lower() for w in raw if w.strip()]


class Country(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    iso_code = models.CharField(max_length=2, unique=True, help_text="ISO 3166-1 alpha-2")
    currency = models.CharField(max_length=3, help_text="ISO 4217 code, e.g. INR")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities")
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "cities"
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="city_unique_per_country"),
        ]

    def __str__(self) -> str:
        return self.name


class Treatment(models.Model):
    """A treatment or procedure (Stem Cell Therapy), performed in some specialties."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.CharField(max_length=300, blank=True)
    specialties = models.ManyToManyField(Specialty, related_name="treatments", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
