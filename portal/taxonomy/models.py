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
