from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import names
from portal.addresses import address
from portal.visibility import PUBLIC, Moderated


class AuthorProfile(models.Model):
    """The public face of someone who writes articles: a name and a short bio.

    Accounts have no public name (patients stay anonymous), so an editor gets one here.
    A doctor author gets one made from their doctor profile, and their byline links to it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_profile"
    )
    display_name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    job_title = models.CharField(max_length=120, blank=True, help_text="e.g. Health editor")
    bio = models.TextField(blank=True, max_length=1500)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("blog:author", kwargs={"slug": self.slug})

    @property
    def initials(self) -> str:
        return names.initials(self.display_name, fallback="HP")


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """Live articles: published, and their publish time has come."""
        return self.filter(
            PUBLIC, status=Article.Status.PUBLISHED, publish_at__lte=now or timezone.now()
        )


class Article(Moderated):
    """A medically reviewed article. ``body`` is markdown; ``body_html``, ``toc_html`` and
    ``read_minutes`` are computed from it once, on save, by blog.services."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    specialty = models.ForeignKey(
        "taxonomy.Specialty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    treatment = models.ForeignKey(
        "taxonomy.Treatment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences: shown in lists, feeds and search."
    )
    cover_image = models.ImageField(upload_to="blog/covers/", blank=True)
    cover_alt = models.CharField(
        "cover description (alt text)",
        max_length=200,
        blank=True,
        help_text="Describe the picture for people who can't see it. Needed with a cover.",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The cover's sizes in WebP and JPEG (portal.images.image_renditions), made on upload.
    cover_renditions = models.JSONField(default=dict, blank=True, editable=False)
    body = models.TextField(
        help_text="Markdown. ## Section and ### Subsection headings make the table of "
        "contents; tables, links, images and footnotes ([^1]) work too."
    )
    body_html = models.TextField(editable=False, blank=True)
    toc_html = models.TextField(editable=False, blank=True)
    read_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    reviewer = models.ForeignKey(
        "doctors.DoctorProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        help_text="The verified doctor who checks the article's medical content.",
    )
    non_medical = models.BooleanField(
        "not medical",
        default=False,
        help_text="Tick only for an article with no medical content (site news, how to use "
        "the portal): it may be published without a doctor's medical review.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it goes live. Leave empty to publish at once; a future time schedules it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The language the article is written in (ISO 639-1, detected on save by
    # portal.search.detect_language): its text search configuration indexes it.
    language = models.CharField(max_length=12, blank=True, default="", editable=False)
    # Maintained by the database (blog/migrations/0003_search.py): title A, summary B,
    # body and FAQ items C, in the article's language configuration, and the title as
    # written (`simple`).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        permissions = [
            ("publish_article", "Can publish articles"),
            ("review_article", "Can medically review articles"),
        ]
        indexes = [
            models.Index(
                fields=["-publish_at", "-id"],
                name="article_live",
                condition=models.Q(status="published"),
            ),
            models.Index(fields=["status", "-updated_at"], name="article_status"),
            GinIndex(fields=["search_vector"], name="article_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(publish_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return address("blog:article", slug=self.slug)

    @property
    def category(self):
        """The topic for breadcrumbs and the category tag: the specialty, else the
        treatment."""
        return self.specialty or self.treatment

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def is_medically_reviewed(self) -> bool:
        return self.reviewer_id is not None and self.last_reviewed_at is not None


class Reference(models.Model):
    """An outside source the article relies on."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, validators=[URLValidator(schemes=["http", "https"])])
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class FAQItem(models.Model):
    """A question and its plain-text answer, shown in order and as FAQPage data."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="faq_items")
    question = models.CharField(max_length=300)
    answer = models.TextField(max_length=3000)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "FAQ item"

    def __str__(self) -> str:
        return self.question


class ArticleStatusChange(models.Model):
    """One step of the editorial workflow: who moved the article, from what, to what.

    A medical approval is recorded too, as a step from a status to the same status."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="article_status_changes",
    )
    from_status = models.CharField(max_length=10, choices=Article.Status.choices)
    to_status = models.CharField(max_length=10, choices=Article.Status.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.from_status} -> {self.to_status}"
