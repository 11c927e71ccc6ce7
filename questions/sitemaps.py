from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from portal.taxonomy.models import Specialty

from .models import Question


class QuestionSitemap(Sitemap):
    """Answered public questions; private and unanswered ones are never listed."""

    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return (
            Question.objects.public()
            .answered()
            .only("id", "slug", "is_private", "answered_at", "updated_at")
            .order_by("-answered_at", "-id")
        )

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # For the sitemap index. Django's default calls lastmod() on every item, loading
        # every answered question (12 s at a million); the database takes the maximum.
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]


class QuestionListSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["home", "questions:list", *Specialty.objects.values_list("slug", flat=True)]

    def location(self, item):
        if item in ("home", "questions:list"):
            return reverse(item)
        return reverse("questions:specialty", kwargs={"slug": item})
