"""The URL walk of tests/hostile_input/: every URL pattern, filled with hostile values,
sent as one role; what each role must never read and must be able to read."""

import re
import zlib
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

SCRIPT = "<script>alert(1)</script>"
TURKISH = "Sağlık: başım ağrıyor, İstanbul'da ılık şiş"
DEVANAGARI = "मुझे तीन दिनों से सिरदर्द है"
EMOJI = "🩺💊😷👩🏽‍⚕️"
RTL = "\u202eمرحبا بالعالم\u202c"
HUGE = "99999999999999999999"

# Filled into path converters and query parameters alike.
HOSTILE = [
    "A" * 5000,
    f"{TURKISH} {DEVANAGARI} {EMOJI} {RTL}",
    "\x00",
    "%00",
    "../../../etc/passwd",
    "' OR 1=1 --",
    SCRIPT,
    HUGE,
    "9" * 5000,  # more digits than int() takes from a string (4,300)
    "-1",
    "https://evil.example/",
    "//evil.example/%2F..",
]
# Values an <int:...> converter accepts; anything else is a 404 from the resolver.
HOSTILE_INTS = ["0", HUGE, "-1"]
# What the views read from the query string and the body (grep request.GET / POST), with
# the admin's and allauth's own.
PARAMS = (
    "page",
    "q",
    "tab",
    "next",
    "specialty",
    "city",
    "treatment",
    "p",
    "o",
    "e",
    "status",
    "_changelist_filters",
    "key",
)
ADMIN_PARAMS = ("q", "o", "p", "all")
LOGIN_URL = "/accounts/login/"
# The roles, in groups that take about as long to walk: each group is a file of its own
# (test_urls_*.py), so the two test processes share the walk.
ROLE_GROUPS = {
    "visitor_applicant": ("visitor", "applicant"),
    "patient_coordinator": ("patient", "coordinator"),
    "doctor_staff": ("doctor", "staff"),
    "verifier_superuser": ("verifier", "superuser"),
}
ROLES = tuple(role for group in ROLE_GROUPS.values() for role in group)

PRIVATE_MARKER = "PRIVATE-QUESTION-ZEBRA"
PRIVATE_TEXT = f"{PRIVATE_MARKER} my private worry about a lump that nobody else must read"
PUBLIC_TEXT = "My elbows have an itchy red rash for weeks, what cream should I use?"


# --- The URL patterns ----------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    template: str  # "questions/{pk}/{slug}/"
    params: tuple[tuple[str, str], ...]  # (name, converter)
    name: str

    @property
    def is_admin(self) -> bool:
        return self.template.startswith("admin/")


_CONVERTER_RE = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_GROUP_RE = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def _route(text: str, name: str) -> Route:
    params = []

    def converter(match):
        params.append((match["name"], match["conv"] or "str"))
        return "{" + match["name"] + "}"

    def group(match):
        params.append((match["name"], "str"))
        return "{" + match["name"] + "}"

    template = _GROUP_RE.sub(group, text)
    template = _CONVERTER_RE.sub(converter, template)
    template = template.replace("^", "").replace("$", "").replace("\\", "")
    return Route(template=template, params=tuple(params), name=name or "")


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern):
            yield _route(text, pattern.name)


def all_routes() -> list[Route]:
    return list(dict.fromkeys(_walk(get_resolver().url_patterns)))


def fuzzed_routes() -> list[Route]:
    """Every route, except that the admin's per-model views (the same code for every
    model) are taken for two models only, and without /media/: Django's development file
    server, there only when urls.py was first imported under DEBUG (in production the web
    server in front serves MEDIA_ROOT)."""
    keep_admin_models = ("admin/blog/article/", "admin/doctors/doctorprofile/")
    routes = []
    for route in all_routes():
        if route.template.startswith("media/"):
            continue
        if (
            route.is_admin
            and route.template.count("/") > 2
            and not route.template.startswith(keep_admin_models)
            and "{" not in route.template.split("/")[1]
        ):
            continue
        routes.append(route)
    return routes


def fill(route: Route, values: dict[str, str]) -> str:
    return "/" + route.template.format(**{k: quote(v, safe="") for k, v in values.items()})


# --- What each role may read (the world is conftest.py's) -----------------------------------
PROOF_NAME = "proof-SECRETDOC-registration.pdf"
PATIENT_EMAIL = "patient@example.org"

# What each role must never read, on any page, feed, sitemap or JSON answer: a private
# question's text, a patient's email, a proof document's name.
SECRETS = {
    "visitor": (PRIVATE_MARKER, PATIENT_EMAIL, PROOF_NAME),
    "applicant": (PRIVATE_MARKER, PATIENT_EMAIL, PROOF_NAME),
    "patient": (PROOF_NAME,),  # the asker reads their own private question
    "doctor": (PATIENT_EMAIL, PROOF_NAME),  # verified doctors read private questions
    "staff": (PATIENT_EMAIL, PROOF_NAME),  # staff too (audited); no verify permission
    "verifier": (PATIENT_EMAIL,),
    # Care coordinators read enquiries and their reports, nothing else private.
    "coordinator": (PRIVATE_MARKER, PATIENT_EMAIL, PROOF_NAME),
    "superuser": (),
}
# What some roles must be able to read: proof that the check above looks at the right pages.
VISIBLE = {
    "patient": {PRIVATE_MARKER},
    "doctor": {PRIVATE_MARKER},
    "verifier": {PROOF_NAME},
    "superuser": {PRIVATE_MARKER, PROOF_NAME},
}


def real_values(route: Route, world) -> dict[str, str]:
    values = {}
    for name, _ in route.params:
        value = world["real"].get(name, "x")
        for prefix, overrides in world["by_prefix"].items():
            if route.template.startswith(prefix) and name in overrides:
                value = overrides[name]
                break
        values[name] = value
    return values


def client_for(role: str, world) -> Client:
    client = Client()
    user = world["users"][role]
    if user is not None:
        # Fresh from the database: "log out everywhere" raised its sessions_epoch, which a
        # session signed with the old value no longer matches.
        user.refresh_from_db()
        client.force_login(user)
    return client


class Walker:
    """Sends requests as one role and collects every response that breaks the rules: a
    5xx, an unescaped script tag, a redirect off the site, a secret the role may not read."""

    def __init__(self, role: str, world):
        self.role, self.world = role, world
        self.client = client_for(role, world)
        self.seen: set[str] = set()
        self.failures: list[str] = []
        self.count = 0

    def _relogin(self):
        self.client = client_for(self.role, self.world)

    def send(self, method: str, path: str, data: dict | None = None) -> bool:
        """Send one request and check the response. True if the view read the request:
        not turned away before it looked (405, 404, 403, a redirect to log in)."""
        self.count += 1
        value = next(iter(data.values())) if data else ""
        label = f"{self.role} {method} {path[:100]!r} {value[:40]!r}"
        try:
            if method == "GET":
                response = self.client.get(path)
            else:
                response = self.client.post(path, data or {})
        except Exception as exc:  # noqa: BLE001 - every exception is a 500 to report
            self.failures.append(f"{label}: raised {type(exc).__name__}: {str(exc)[:200]}")
            self._relogin()
            return True
        # /healthz answers 503 by design when a check fails (here: no worker canary).
        health_503 = path.startswith("/healthz") and response.status_code == 503
        if response.status_code >= 500 and not health_503:
            self.failures.append(f"{label}: status {response.status_code}")
        if 300 <= response.status_code < 400:
            # A slug is made from the question's first words: the address can tell them.
            if PRIVATE_MARKER in SECRETS[self.role]:
                if PRIVATE_MARKER.lower() in response["Location"].lower():
                    self.failures.append(f"{label}: redirects to {response['Location']!r}")
            target = urlsplit(response["Location"])
            if target.netloc not in ("", "testserver") or target.scheme not in ("", "http"):
                self.failures.append(f"{label}: redirects off the site to {target.geturl()!r}")
        if not response.streaming:
            content = response.content
            if response.get("Content-Type", "").startswith("text/html"):
                if b"<script>alert(" in content:
                    self.failures.append(f"{label}: unescaped <script>alert in the page")
            for secret in (PRIVATE_MARKER, PATIENT_EMAIL, PROOF_NAME):
                if secret.encode() in content:
                    self.seen.add(secret)
                    if secret in SECRETS[self.role]:
                        self.failures.append(f"{label}: shows {secret!r}")
        if "logout" in path:
            self._relogin()
        turned_away = response.status_code in (403, 404, 405) or response.get(
            "Location", ""
        ).startswith(LOGIN_URL)
        return not turned_away


def values_for(role: str, route: Route, method: str) -> list[str]:
    """The script tag and the NUL go everywhere. The visitor's GETs get every other hostile
    value too; everyone else gets a share of them (a different share for each role, route
    and method), so every value meets every role's code without the module taking minutes."""
    if role == "visitor" and method == "GET":
        return [SCRIPT, *(value for value in HOSTILE if value != SCRIPT)]
    share = zlib.crc32(f"{role}{method}{route.template}".encode())
    return [SCRIPT, "\x00"] + [
        value
        for i, value in enumerate(HOSTILE)
        if value not in (SCRIPT, "\x00") and (share + i) % 7 == 0
    ]


def walk_every_url(role: str, world) -> Walker:
    """Every fuzzed route as ``role``: hostile path values, query parameters and bodies, then
    the private question's own addresses. The walker holds what broke the rules."""
    cache.clear()
    walker = Walker(role, world)
    for route in fuzzed_routes():
        real = real_values(route, world)
        # Hostile path values, in each converter alone and in all at once.
        for value in values_for(role, route, "GET") if route.params else ():
            for name, conv in route.params:
                if conv == "int" and value not in HOSTILE_INTS:
                    continue
                if conv == "slug" and not re.fullmatch(r"[-\w]+", value, re.ASCII):
                    continue
                walker.send("GET", fill(route, {**real, name: value}))
            if len(route.params) > 1:
                walker.send("GET", fill(route, dict.fromkeys(real, value)))
        # Hostile query parameters and bodies on the real page. The admin's changelist
        # turns any parameter it does not know into "?e=1", so it gets its own.
        # A view that turns the first request away never reads the rest.
        path = fill(route, real)
        params = ADMIN_PARAMS if route.is_admin else PARAMS
        for value in values_for(role, route, "GET"):
            data = dict.fromkeys(params, value)
            if not walker.send("GET", f"{path}?{urlencode(data)}", data):
                break
        for value in values_for(role, route, "POST"):
            if not walker.send("POST", path, dict.fromkeys(params, value)):
                break
    # The private question's own addresses, read and posted to.
    for path in world["private_paths"]:
        walker.send("GET", path)
        walker.send("POST", path, {"body": f"{SCRIPT} {PRIVATE_MARKER} is what I read here."})
    return walker


# Read alone, each parameter meets the branch it steers (the walk above sets them all at
# once: with ?q= a list is a search, and its ?page= never met the list's own bound).
ALONE_VALUES = ("9" * 5000, "\x00")
ALONE_PARAMS = (*PARAMS, "answered", "week", "kind", "withdraw")


def walk_each_parameter_alone(role: str, world) -> Walker:
    """Every route but the admin's, as ``role``, with each query parameter alone set to
    each of ALONE_VALUES."""
    cache.clear()
    walker = Walker(role, world)
    for route in fuzzed_routes():
        if route.is_admin:
            continue
        path = fill(route, real_values(route, world))
        for name in ALONE_PARAMS:
            for value in ALONE_VALUES:
                walker.send("GET", f"{path}?{urlencode({name: value})}", {name: value})
    return walker
