"""gunicorn reads this file from its working directory (/app in the image; the checkout
for `make cluster`).

Processes and threads come from the environment: WEB_CONCURRENCY worker processes
(default 2) with GUNICORN_THREADS threads each (default 4; more than 1 selects the gthread
worker). Each thread keeps its own database connection for CONN_MAX_AGE seconds, so one
instance holds up to WEB_CONCURRENCY x GUNICORN_THREADS connections: size PostgreSQL's
max_connections (or PgBouncer) for every instance together.

The access log names the method, the path without its query string, the status, the size
and the time taken: no client address, no query string and no Referer, because search
words (/search/?q=...) are health text and must never be logged beside who sent them."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer is cut off and its worker replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM, requests in flight get this long to finish.
graceful_timeout = 20
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

# No "Server: gunicorn" header (issue 15): gunicorn has no setting for it, so the response
# class drops the line it would write. Loaded by the master before it forks its workers.
from gunicorn.http import wsgi as _gunicorn_wsgi  # noqa: E402

_default_headers = _gunicorn_wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.startswith("Server:")]


_gunicorn_wsgi.Response.default_headers = _default_headers_without_server
