import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from portal.accounts.views import admin_login_view, verification_resend_view
from portal.headers import csp_report_view
from portal.health import healthz_view, livez_view
from portal.pagecache import csrf_token_view, public_page
from portal.sitemaps import SITEMAPS, robots_txt_view
from questions.views import home_view

# A database gone away mid-request is a 503 with Retry-After, not a 500 (portal/health.py).
handler500 = "portal.health.server_error_view"
# A list page past LIST_MAX_PAGES says why it is missing (portal/pagination.py).
handler404 = "portal.pagination.page_not_found_view"
# The sitemaps list every kind of public page: stale when any of them is.
SITEMAP_TAGS = ("questions", "articles", "directory", "doctors", "taxonomy", "policies")

# The admin logs in through allauth's form: one limit on failed logins, one lockout, and
# the second factor, for every login page.
admin.site.login = admin_login_view

# The admin in the portal's name (templates/admin/base_site.html adds its colours).
admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Articles, doctors, directory and moderation"

# Outside the language prefix: what no person reads as a page (health checks, the CSRF
# token, CSP reports, robots and sitemaps, which list every language) and the admin.
urlpatterns = [
    path("robots.txt", robots_txt_view, name="robots_txt"),
    path("healthz", healthz_view, name="healthz"),
    path("livez", livez_view, name="livez"),
    # A CSRF token for a form on a cached page (static/js/csrf.js), never cached itself.
    path("csrf/", csrf_token_view, name="csrf_token"),
    path("csp-report/", csp_report_view, name="csp_report"),
    path(
        "sitemap.xml",
        public_page(*SITEMAP_TAGS)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(*SITEMAP_TAGS)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("admin/", admin.site.urls),
]
# Every page a person reads, in each language (portal/i18n.py): English at /questions/,
# Hindi at /hi/questions/.
urlpatterns += i18n_patterns(
    path("", home_view, name="home"),
    path(
        "accounts/confirm-email/resend/",
        verification_resend_view,
        name="account_verification_resend",
    ),
    path("accounts/", include("allauth.urls")),
    path("account/", include("patients.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("doctors/", include("doctors.urls")),
    path("blog/", include("blog.urls")),
    path("", include("portal.policies.urls")),
    path("", include("moderation.urls")),
    path("consult/", include("consultations.urls")),
    path("search/", include("search.urls")),
    path("", include("questions.urls")),
    path("", include("directory.urls")),
    prefix_default_language=False,
)
if settings.BENCHMARK_BARE_VIEW:
    from portal.bench_views import bare_view

    urlpatterns.insert(0, path("bench/bare/", bare_view, name="bench_bare"))


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
