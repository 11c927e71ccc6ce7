"""A small HTTP client for the cluster tests: a cookie jar (one browser), no automatic
redirects, forms read from pages and posted back, multipart uploads. Standard library
only, since the portal does not depend on an HTTP client."""

import re
import uuid
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener


@dataclass
class Response:
    status: int
    headers: Message  # names in any case: haproxy sends them in lower case
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    def __init__(self):
        self.jar = CookieJar()
        self._opener = build_opener(HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, url, *, data: bytes | None = None, headers: dict | None = None):
        request = Request(url, data=data, headers=headers or {})  # noqa: S310 - local URLs
        try:
            with self._opener.open(request, timeout=15) as reply:
                return Response(reply.status, reply.headers, reply.read())
        except HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, url, **headers) -> Response:
        return self.request(url, headers=headers)

    def post(self, url, fields, files=None) -> Response:
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request(url, data=body, headers={"Content-Type": content_type})

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def login(self, base: str, email: str, password: str) -> Response:
        page = self.get(f"{base}/accounts/login/")
        return self.post(
            f"{base}/accounts/login/",
            [
                ("csrfmiddlewaretoken", csrf_token(page.text)),
                ("login", email),
                ("password", password),
            ],
        )


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def multipart(fields, files) -> tuple[bytes, str]:
    """``fields``: (name, value) pairs; ``files``: (name, filename, content type, bytes)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, filename, content_type, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _FormFields(HTMLParser):
    """The values a browser would submit for the page's upload form (multipart): checked
    boxes, selected options, textareas, without its file inputs."""

    def __init__(self):
        super().__init__()
        self.inside, self.fields = False, []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("enctype") == "multipart/form-data"
        if not self.inside or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"file", "submit", "button", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.fields.append((a["name"], a.get("value") or default))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None


def upload_form_fields(html: str) -> list[tuple[str, str]]:
    parser = _FormFields()
    parser.feed(html)
    assert parser.fields, "no upload form on the page"
    return parser.fields
