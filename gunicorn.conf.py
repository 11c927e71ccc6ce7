"""gunicorn reads this file from its working directory (/app in the image).

The access log names the method, the path without its query string, the status, the size
and the time taken: no client address, no query string and no Referer, because search
words (/search/?q=...) are health text and must never be logged beside who sent them."""

access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

# No "Server: gunicorn" header (issue 15): gunicorn has no setting for it, so the response
# class drops the line it would write. Loaded by the master before it forks its workers.
from gunicorn.http import wsgi as _gunicorn_wsgi  # noqa: E402

_default_headers = _gunicorn_wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.startswith("Server:")]


_gunicorn_wsgi.Response.default_headers = _default_headers_without_server
