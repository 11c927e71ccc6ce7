import html
import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import strip_tags
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from portal.storage import private_storage
from portal.visibility import PUBLIC, Moderated

# A patient's age: the one source for the field, its database constraint, the ask form
# and questions.services.
AGE_MIN = 0
AGE_MAX = 120
AGE_RANGE_TEXT = gettext_noop("Enter an age between %(min)d and %(max)d.")
# The English sentence (the model's validators, the tests); pages show the translation.
AGE_RANGE_MESSAGE = AGE_RANGE_TEXT % {"min": AGE_MIN, "max": AGE_MAX}


def age_range_message() -> str:
    """AGE_RANGE_TEXT in the active language."""
    return gettext(AGE_RANGE_TEXT) % {"min": AGE_MIN, "max": AGE_MAX}


AGE_RANGE_LAZY = lazy(age_range_message, str)()


class Gender(models.TextChoices):
    FEMALE = "female", gettext_lazy("Female")
    MALE = "male", gettext_lazy("Male")
    OTHER = "other", gettext_lazy("Other")


# Each label translated when shown (asker_label, on every card and dashboard row):
# get_gender_display() would build the field's choices into a dict again on each call.
GENDER_LABELS = dict(Gender.choices)


class Resolution(models.TextChoices):
    """The asker's answer to "was this resolved?" on an answered question."""

    YES = "yes", gettext_lazy("Yes")
    PARTLY = "partly", gettext_lazy("Partly")
    NO = "no", gettext_lazy("No")


class QuestionQuerySet(models.QuerySet):
    def public(self):
        """What anyone may read: not private, not held or hidden by moderators. Every
        public list, count, sitemap and search reads through this."""
        return self.filter(PUBLIC, is_private=False)

    def answered(self):
        return self.filter(answered_at__isnull=False)


class Question(Moderated):
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
    # "Was this resolved?": the asker's say, changeable; only counted in doctors' figures.
    resolution = models.CharField(max_length=6, blank=True, choices=Resolution.choices)
    resolution_at = models.DateTimeField(null=True, blank=True)

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
            # The doctor's dashboard (selectors.OpenQuestionList): the unanswered backlog
            # oldest first, and each specialty's questions oldest first.
            models.Index(
                fields=["created_at", "id"],
                name="question_open_unanswered",
                condition=models.Q(visibility="visible", answer_count=0),
            ),
            models.Index(
                fields=["specialty", "created_at", "id"],
                name="question_specialty_open",
                condition=models.Q(visibility="visible"),
            ),
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
        """A public question's page is named by its words (the slug); a private one's
        carries none of them (browser history, access logs, a shared phone)."""
        if self.is_private:
            return reverse("questions:private", kwargs={"pk": self.pk})
        return reverse("questions:detail", kwargs={"pk": self.pk, "slug": self.slug})

    def get_link_path(self) -> str:
        """A link that carries no words of the question, whatever its privacy, for
        what is stored or sent (notifications, emails): the short URL, which sends
        each reader on to the page they may read."""
        return reverse("questions:short", kwargs={"pk": self.pk})

    @property
    def asker_label(self) -> str:
        return f"{GENDER_LABELS.get(self.gender, self.gender)} | {self.age}"


class AnswerQuerySet(models.QuerySet):
    def public(self):
        """Answers anyone may read on a question they may read: not held or hidden."""
        return self.filter(PUBLIC)


class Answer(Moderated):
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
    # Two verified doctors of the specialty added peer notes on a medical-accuracy report:
    # the answer shows a "being reviewed" banner until a moderator decides.
    under_review = models.BooleanField(default=False, editable=False)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # A doctor's answers newest first: their public profile and their dashboard.
            models.Index(fields=["doctor", "-created_at", "-id"], name="answer_doctor_recent"),
            # "Was there an earlier answer to this question?", asked once per answer by a
            # doctor's figures (questions.figures.answer_figures): read from the index
            # alone, not from each answer's row.
            models.Index(fields=["question", "created_at"], name="answer_question_time"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["question", "doctor"], name="one_answer_per_doctor"),
        ]

    def __str__(self) -> str:
        return f"Answer by {self.doctor} to #{self.question_id}"

    def get_absolute_url(self) -> str:
        """The answer in place on its question's page."""
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"

    def get_link_path(self) -> str:
        """The answer by a link with no words of the question (Question.get_link_path)."""
        return f"{self.question.get_link_path()}#answer-{self.pk}"

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


def attachment_path(instance, filename: str) -> str:
    # A random name: the patient's file name (often "rash on my thigh.jpg") stays in
    # original_name, shown only to those who may open the file.
    return f"question-attachments/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class Attachment(models.Model):
    """A photo or report a patient attached to their question for the doctors.

    Stored in the private storage (portal.storage): no URL, read only through
    questions.views.attachment_view, by the asker, verified doctors and moderators (each
    staff look audited). Never on public pages, sitemaps, structured data or emails, even
    when the question is public. ``question`` is empty while the file waits for its
    question (kept through a form error)."""

    # Limits: checked by questions.attachments, read by the form's help text.
    MAX_PER_QUESTION = 4
    MAX_BYTES = 10 * 1024 * 1024

    class Kind(models.TextChoices):
        IMAGE = "image", gettext_lazy("Photo")
        PDF = "pdf", gettext_lazy("PDF report")

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_attachments"
    )
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    thumbnail = models.FileField(
        storage=private_storage, upload_to=attachment_path, max_length=200, blank=True
    )
    kind = models.CharField(max_length=5, choices=Kind.choices)
    original_name = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("questions:attachment", kwargs={"pk": self.pk})

    def get_thumbnail_url(self) -> str:
        return reverse("questions:attachment_thumbnail", kwargs={"pk": self.pk})

    @property
    def content_type(self) -> str:
        return "application/pdf" if self.kind == self.Kind.PDF else "image/jpeg"

    @property
    def extension(self) -> str:
        return "pdf" if self.kind == self.Kind.PDF else "jpg"


class FollowUp(Moderated):
    """The asker's one follow-up message to a doctor who answered, and that doctor's one
    reply. Plain text, shown under the answer with the question's visibility; moderators
    may hide it (both messages) like any other post."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="follow_up")
    text = models.TextField()
    reply = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Follow-up on answer #{self.answer_id}"


class DoctorFigures(models.Model):
    """A doctor's public figures as their profile shows them (answers, thanks and
    agreements received, average first-answer time), kept in PostgreSQL beside the answers
    they count, so a profile reads one row instead of aggregating every answer (a thousand
    rows from disk for a busy doctor on a large site, whatever the shared cache holds).

    Current while none of the doctor's DoctorFiguresChange rows is waiting; otherwise the
    next reader counts again and stores the count (questions/figures.py). ``counted_at`` is
    when the count began: of two counts racing, the later one is kept.

    The doctor is a plain id, not a foreign key: a deleted doctor's answers mark them
    while the doctor's own delete is under way. A row left by a deleted doctor is never
    read."""

    doctor_id = models.BigIntegerField(primary_key=True)
    total = models.PositiveIntegerField(default=0)
    thanks = models.PositiveIntegerField(default=0)
    agreements = models.PositiveIntegerField(default=0)
    first_answer_time = models.DurationField(null=True, blank=True)
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "doctor figures"

    def __str__(self) -> str:
        return f"Figures of doctor #{self.doctor_id}"


class DoctorFiguresChange(models.Model):
    """A write that changed what a doctor's figures count (questions/figures.py: mark),
    waiting for the next count. Only ever inserted by writers and deleted by the count that
    saw it, so marking never waits on another transaction."""

    doctor_id = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"Change to the figures of doctor #{self.doctor_id}"
