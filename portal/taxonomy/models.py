from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from portal.addresses import address
from portal.search import generated_vector


def _vector(*parts):
    """A generated search vector: each name in English (stemmed) and as written."""
    return models.GeneratedField(
        expression=generated_vector(*parts),
        output_field=SearchVectorField(),
        db_persist=True,
    )


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
    search_vector = _vector(
        ("name", "A", "english"),
        ("name", "A", "simple"),
        ("keywords", "B", "english"),
        ("description", "C", "english"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"
        indexes = [GinIndex(fields=["search_vector"], name="specialty_search")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return address("questions:specialty", slug=self.slug)

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
    search_vector = _vector(("name", "A", "simple"))

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "cities"
        indexes = [GinIndex(fields=["search_vector"], name="city_search")]
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
    search_vector = _vector(
        ("name", "A", "english"), ("name", "A", "simple"), ("description", "C", "english")
    )

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["search_vector"], name="treatment_search")]

    def __str__(self) -> str:
        return self.name
