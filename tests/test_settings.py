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


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [
        (None, "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://localhost:6379/1", "portal.cache.FailSoftRedisCache"),
    ],
)
def test_the_cache_is_per_process_unless_cache_url_names_a_redis(cache_url, backend):
    result = run(
        ["-c", "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"],
        production_env(CACHE_URL=cache_url),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


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
