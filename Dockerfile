# The portal's production image: gunicorn by default; docker-compose.yml runs the same
# image as the Celery worker and beat. All settings come from the environment at run
# time (see portal/settings.py); nothing secret is baked into the image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app

# Dependencies first, in their own layer, so code changes do not reinstall them: exactly
# the runtime versions in requirements/base.txt, each checked against its hash (no test or
# dev extras: no embedded PostgreSQL, production needs DATABASE_URL). The code runs from
# /app (PYTHONPATH), beside the templates and static files that settings.BASE_DIR points at.
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes --no-deps -r requirements/base.txt

COPY . .

# Static files are collected at build time. Settings refuse to load without the
# production variables, so give them build-only dummies here, on this line only:
# nothing connects to the database or sends mail during collectstatic.
RUN DEBUG=0 \
    SECRET_KEY=build-only \
    ALLOWED_HOSTS='*' \
    DATABASE_URL=postgres://x@localhost/x \
    SITE_URL=http://localhost \
    EMAIL_URL=smtp://localhost:25 \
    REDIS_URL=redis://localhost:6379/0 \
    CACHE_URL=redis://localhost:6379/1 \
    python manage.py collectstatic --noinput

# Run as an unprivileged user. Uploads live in /app/data/media (public) and
# /app/data/private (proof documents), owned by that user, so named volumes mounted there
# start out writable.
RUN groupadd --system --gid 1000 portal \
 && useradd --system --uid 1000 --gid portal --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin portal \
 && mkdir -p /app/data/media /app/data/private \
 && chown -R portal:portal /app/data
USER portal

EXPOSE 8000

CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
