from django.conf import settings
from django.db import models
from django.urls import reverse


class DoctorProfile(models.Model):
    """A doctor's public profile. Answers need ``verified_at`` to be set."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="doctor_profile"
    )
    full_name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    photo = models.ImageField(upload_to="doctors/photos/", blank=True)
    specialties = models.ManyToManyField("taxonomy.Specialty", related_name="doctors", blank=True)
    qualifications = models.CharField(max_length=300, blank=True)
    registration_number = models.CharField(max_length=60, blank=True)
    years_of_experience = models.PositiveSmallIntegerField(null=True, blank=True)
    city = models.ForeignKey(
        "taxonomy.City",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="doctors",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("doctors:profile", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        name = self.full_name.strip()
        return name if name.lower().startswith("dr") else f"Dr. {name}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def initials(self) -> str:
        parts = [p for p in self.full_name.replace("Dr.", "").split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or "Dr"
