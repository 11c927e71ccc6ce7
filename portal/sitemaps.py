"""/sitemap.xml and /robots.txt: each app lists its own public pages; this module only
puts them together."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from blog.sitemaps import ArticleSitemap
from directory.sitemaps import ClinicSitemap, DirectoryPageSitemap
from doctors.sitemaps import DoctorSitemap
from questions.sitemaps import QuestionListSitemap, QuestionSitemap

SITEMAPS = {
    "pages": QuestionListSitemap,
    "questions": QuestionSitemap,
    "doctors": DoctorSitemap,
    "clinics": ClinicSitemap,
    "directory": DirectoryPageSitemap,
    "articles": ArticleSitemap,
}

# Private areas and per-user pages are kept out of search engines.
DISALLOW = (
    "/accounts/",
    "/admin/",
    "/ask/",
    "/notifications/",
    "/questions/mine/",
    "/questions/similar/",
    "/doctors/dashboard/",
    "/doctors/apply/",
    "/doctors/verification/",
    "/doctors/documents/",
    "/blog/preview/",
    "/blog/review/",
    "/report/",
    "/moderation/",
)


@require_GET
@cache_page(60 * 60)
def robots_txt_view(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
