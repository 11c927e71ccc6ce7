"""/sitemap.xml and /robots.txt: each app lists its own public pages; this module only
puts them together."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from blog.sitemaps import ArticleSitemap
from directory.sitemaps import ClinicSitemap, DirectoryPageSitemap
from doctors.sitemaps import DoctorSitemap
from questions.sitemaps import QuestionListSitemap, QuestionSitemap


def _in_every_language(sitemap):
    """``sitemap`` listing each page once per language, each entry with its
    ``hreflang`` alternates and x-default (the default language)."""
    return type(sitemap.__name__, (sitemap,), {"i18n": True, "alternates": True, "x_default": True})


SITEMAPS = {
    name: _in_every_language(sitemap)
    for name, sitemap in {
        "pages": QuestionListSitemap,
        "questions": QuestionSitemap,
        "doctors": DoctorSitemap,
        "clinics": ClinicSitemap,
        "directory": DirectoryPageSitemap,
        "articles": ArticleSitemap,
    }.items()
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
    prefixes = [""] + [
        f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}{path}" for prefix in prefixes for path in DISALLOW]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
