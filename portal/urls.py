import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from django.views.static import serve

from portal.health import healthz_view
from portal.sitemaps import SITEMAPS, robots_txt_view
from questions.views import home_view

# A database gone away mid-request is a 503 with Retry-After, not a 500 (portal/health.py).
handler500 = "portal.health.server_error_view"

urlpatterns = [
    path("", home_view, name="home"),
    path("robots.txt", robots_txt_view, name="robots_txt"),
    path("healthz", healthz_view, name="healthz"),
    path(
        "sitemap.xml",
        cache_page(60 * 60)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(60 * 60)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("accounts/", include("allauth.urls")),
    path("account/", include("patients.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("doctors/", include("doctors.urls")),
    path("admin/", admin.site.urls),
    path("blog/", include("blog.urls")),
    path("", include("portal.policies.urls")),
    path("", include("moderation.urls")),
    path("consult/", include("consultations.urls")),
    path("search/", include("search.urls")),
    path("", include("questions.urls")),
    path("", include("directory.urls")),
]


# Public uploads (doctors' photos) when SERVE_MEDIA is on (DEBUG, compose); otherwise the
# web server in front serves MEDIA_ROOT. Proof documents live outside it and are never
# served this way.
def _serve_media(request, path):
    # MEDIA_ROOT read on each request, so a test's temporary folder is the one served.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(re.escape(settings.MEDIA_URL.lstrip("/"))),
            _serve_media,
        )
    ]
