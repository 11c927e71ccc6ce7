"""portal.settings: production secrets have no defaults and fail loudly; a fully set
production environment passes Django's deployment checks. Each case imports the settings
in a fresh interpreter with a controlled environment."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent


def production_env(**overrides) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://portal@localhost:5432/portal"),
        "SITE_URL": "https://example.org",
        "EMAIL_URL": "smtp://localhost:25",
        "REDIS_URL": "redis://localhost:6379/0",
        "CACHE_URL": "redis://localhost:6379/1",
        "DEFAULT_FROM_EMAIL": "Health Portal <no-reply@example.org>",
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def import_settings(**overrides) -> subprocess.CompletedProcess:
    return run(["-c", "import portal.settings"], production_env(**overrides))


def test_production_settings_import_when_everything_is_set():
    result = import_settings()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "variable",
    [
        "SECRET_KEY",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "SITE_URL",
        "EMAIL_URL",
        "REDIS_URL",
        "CACHE_URL",
        "DEFAULT_FROM_EMAIL",
    ],
)
def test_missing_production_variable_fails_loudly_and_names_it(variable):
    result = import_settings(**{variable: None})

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert variable in last_line


def test_non_postgres_database_is_rejected():
    result = import_settings(DATABASE_URL="sqlite:////tmp/portal.sqlite3")

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert "PostgreSQL only" in last_line


def test_debug_settings_do_not_need_production_variables():
    env = production_env(
        DEBUG="1",
        SECRET_KEY=None,
        ALLOWED_HOSTS=None,
        SITE_URL=None,
        EMAIL_URL=None,
        REDIS_URL=None,
        DEFAULT_FROM_EMAIL=None,
    )
    result = run(
        [
            "-c",
            "from django.conf import settings; "
            "print(settings.SITE_URL, settings.EMAIL_BACKEND, settings.ALLOWED_HOSTS)",
        ],
        env,
    )

    assert result.returncode == 0, result.stderr
    assert "http://127.0.0.1:8000" in result.stdout
    assert "console" in result.stdout.lower()


def test_production_settings_pass_check_deploy():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cache_is_the_shared_redis():
    result = run(
        ["-c", "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"],
        production_env(CACHE_URL="redis://localhost:6379/1"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "portal.cache.FailSoftRedisCache"


@pytest.mark.parametrize(
    "cache_url", ["locmemcache://", "filecache:///tmp/portal-cache", "dummycache://"]
)
def test_production_refuses_a_per_process_cache(cache_url):
    """Several gunicorn workers and instances must share one cache (list totals, figures,
    rate limits): a per-process one is refused at start, naming CACHE_URL."""
    result = import_settings(CACHE_URL=cache_url)

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert "CACHE_URL" in last_line
    assert "per-process" in last_line


def test_debug_defaults_to_a_per_process_cache():
    result = run(
        ["-c", "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"],
        production_env(DEBUG="1", CACHE_URL=None),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_production_database_connections_persist_with_health_checks():
    result = run(
        [
            "-c",
            "from django.conf import settings; d = settings.DATABASES['default']; "
            "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d['DISABLE_SERVER_SIDE_CURSORS'])",
        ],
        production_env(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "True", "False"]


def test_production_static_files_are_compressed_and_hashed():
    result = run(
        ["-c", "from django.conf import settings; print(settings.STORAGES['staticfiles'])"],
        production_env(),
    )

    assert result.returncode == 0, result.stderr
    assert "portal.staticfiles.StaticFilesStorage" in result.stdout
    from whitenoise.storage import CompressedManifestStaticFilesStorage

    from portal.staticfiles import StaticFilesStorage

    assert issubclass(StaticFilesStorage, CompressedManifestStaticFilesStorage)


def test_uploads_go_to_s3_compatible_buckets_when_named():
    """No S3 here: the settings name django-storages' S3 backend for both storages and
    Django builds them (boto3 connects only on the first file operation)."""
    code = (
        "import django; django.setup(); "
        "from django.core.files.storage import storages; "
        "default_storage = storages['default']; p = storages['private']; "
        "print(type(default_storage).__name__, default_storage.bucket_name, "
        "default_storage.querystring_auth, default_storage.endpoint_url); "
        "print(type(p).__name__, p.bucket_name, p.querystring_auth, p.default_acl)"
    )
    result = run(
        ["-c", code],
        production_env(
            AWS_STORAGE_BUCKET_NAME="portal-media",
            AWS_PRIVATE_STORAGE_BUCKET_NAME="portal-private",
            AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        ),
    )

    assert result.returncode == 0, result.stderr
    public, private = result.stdout.strip().splitlines()
    assert public == "S3Storage portal-media False http://127.0.0.1:9000"
    assert private == "S3Storage portal-private True private"


def test_uploads_stay_in_local_folders_without_buckets():
    result = run(
        [
            "-c",
            "from django.conf import settings; s = settings.STORAGES; "
            "print(s['default']['BACKEND'], s['private']['BACKEND'])",
        ],
        production_env(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.files.storage.FileSystemStorage",
        "portal.storage.PrivateFileSystemStorage",
    ]


def test_issue15_compose_settings_leave_only_the_plain_http_warnings():
    """docker-compose.yml serves plain http on localhost: the three warnings about https
    (README, "Security") are expected there and nothing else."""
    compose = (BASE_DIR / "docker-compose.yml").read_text()
    for line in ('SECURE_SSL_REDIRECT: "0"', 'SECURE_COOKIES: "0"', "SITE_URL: http://localhost"):
        assert line in compose
    result = run(
        ["manage.py", "check", "--deploy"],
        production_env(
            ALLOWED_HOSTS="localhost,127.0.0.1",
            SITE_URL="http://localhost:8000",
            CACHE_URL="redis://redis:6379/1",
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            SERVE_MEDIA="1",
        ),
    )
    assert result.returncode == 0, result.stderr
    found = set(re.findall(r"\(([a-z_]+\.[A-Z]\d+)\)", result.stdout + result.stderr))
    assert found == {"security.W008", "security.W012", "security.W016"}


@pytest.mark.parametrize(("value", "expected"), [(None, "True 5"), ("0", "None None")])
def test_prepared_statements_are_on_unless_turned_off_for_an_old_pgbouncer(value, expected):
    result = run(
        [
            "-c",
            "from django.conf import settings; "
            "o = settings.DATABASES['default'].get('OPTIONS', {}); "
            "print(o.get('server_side_binding'), o.get('prepare_threshold'))",
        ],
        production_env(DB_PREPARED_STATEMENTS=value),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected.split()
