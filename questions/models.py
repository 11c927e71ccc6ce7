import html

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.html import strip_tags

# A patient's age: the one source for the field, its database constraint, the ask form
# and questions.services.
AGE_MIN = 0
AGE_MAX = 120
AGE_RANGE_MESSAGE = f"Enter an age between {AGE_MIN} and {AGE_MAX}."


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"


class QuestionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_private=False)

    def answered(self):
        return self.filter(answered_at__isnull=False)


class Question(models.Model):
    """A patient's health question. Shown publicly with gender and age only."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    text = models.TextField()
    slug = models.SlugField(max_length=80, allow_unicode=True)
    specialty = models.ForeignKey(
        "taxonomy.Specialty",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    age = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(AGE_MIN, AGE_RANGE_MESSAGE),
            MaxValueValidator(AGE_MAX, AGE_RANGE_MESSAGE),
        ]
    )
    gender = models.CharField(max_length=10, choices=Gender.choices)
    is_private = models.BooleanField(default=False)
    address_hash = models.CharField(max_length=64, blank=True, editable=False)
    answer_count = models.PositiveIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The language the text is written in (ISO 639-1, detected on save by
    # portal.search.detect_language); its text search configuration indexes the text.
    language = models.CharField(max_length=12, blank=True, default="", editable=False)
    # Maintained by the database, never by Python: the trigger question_search_vector
    # (questions/migrations/0007_search.py) writes the text (weight A) and every answer
    # (weight B) in the question's language configuration, plus `simple` for the text's
    # words as written when that configuration is not English.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("view_private_question", "Can read private questions and moderate (audited)"),
        ]
        indexes = [
            # fastupdate off: questions are written a few a second at most and searched
            # far more often, and a pending list (up to 4 MB, scanned by every search
            # until vacuum merges it) would make search times swing.
            GinIndex(fields=["search_vector"], name="question_search", fastupdate=False),
            models.Index(
                fields=["-answered_at", "-id"],
                name="question_answered_public",
                condition=models.Q(is_private=False, answered_at__isnull=False),
            ),
            models.Index(
                fields=["specialty", "-answered_at", "-id"],
                name="question_answered_specialty",
                condition=models.Q(is_private=False, answered_at__isnull=False),
            ),
            models.Index(fields=["author", "-created_at"], name="question_author_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age__gte=AGE_MIN, age__lte=AGE_MAX),
                name="question_age_range",
                violation_error_message=AGE_RANGE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("questions:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def asker_label(self) -> str:
        return f"{self.get_gender_display()} | {self.age}"


class Answer(models.Model):
    """A verified doctor's answer. ``body`` is markdown; ``body_html`` is its sanitised
    rendering, made once on save by portal.rendering."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    doctor = models.ForeignKey(
        "doctors.DoctorProfile", on_delete=models.PROTECT, related_name="answers"
    )
    body = models.TextField()
    body_html = models.TextField(editable=False)
    thanks_count = models.PositiveIntegerField(default=0)
    agree_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # A doctor's answers newest first: their public profile and their dashboard.
            models.Index(fields=["doctor", "-created_at", "-id"], name="answer_doctor_recent"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["question", "doctor"], name="one_answer_per_doctor"),
        ]

    def __str__(self) -> str:
        return f"Answer by {self.doctor} to #{self.question_id}"

    def get_absolute_url(self) -> str:
        """The answer in place on its question's page."""
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"

    @property
    def excerpt(self) -> str:
        """The answer as plain text (for cards and structured data)."""
        return " ".join(html.unescape(strip_tags(self.body_html)).split())


class Thanks(models.Model):
    """The asker thanking a doctor for an answer: once per answer."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="thanks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thanks_given"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "thanks"
        constraints = [
            models.UniqueConstraint(fields=["answer", "user"], name="one_thanks_per_answer"),
        ]

    def __str__(self) -> str:
        return f"Thanks for answer #{self.answer_id}"


class Agreement(models.Model):
    """Another verified doctor saying "I agree" with an answer: once per doctor, never on
    their own answer. A quality signal shown to patients, not points."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="agreements")
    doctor = models.ForeignKey(
        "doctors.DoctorProfile", on_delete=models.CASCADE, related_name="agreements_given"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "doctor"], name="one_agreement_per_doctor"),
        ]

    def __str__(self) -> str:
        return f"{self.doctor} agrees with answer #{self.answer_id}"
