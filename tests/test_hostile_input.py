"""Hostile input never breaks a page, and no page tells a role what it may not read.

Every URL pattern in the project, filled with hostile path values and query parameters,
as a visitor, a patient, a verified doctor, an applicant, staff, a verifier and a
superuser, by GET and POST: never a 5xx, never a script tag echoed unescaped, never a
redirect off the site, never a private question's text, a patient's email or a proof
document's name to someone who may not read it (pages, JSON, feeds, sitemaps, JSON-LD and
redirect addresses alike). Then every form, posted empty, short of fields, oversize, with
NUL characters, wrong types, markup and a tampered formset: a clear message, nothing
saved, and what was typed given back.
"""

import logging
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.test.utils import ContextList
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape

from doctors.models import DoctorProfile
from portal.accounts.models import User
from portal.notifications.models import Notification
from questions.models import Answer, FollowUp, Question
from questions.services import follow_up_create, question_slug
from tests.blog.conftest import live_article, make_editor
from tests.directory.factories import (
    CityFactory,
    ClinicFactory,
    CostEntryFactory,
    CountryFactory,
    TreatmentFactory,
)
from tests.doctors.conftest import submit
from tests.doctors.files import pdf_upload
from tests.factories import PASSWORD, DoctorFactory, QuestionFactory, UserFactory
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db

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
ROLES = (
    "visitor",
    "patient",
    "doctor",
    "applicant",
    "staff",
    "verifier",
    "coordinator",
    "superuser",
)

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


# --- The world every role walks through ---------------------------------------------------
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


@pytest.fixture
def world(db, settings, tmp_path, specialty, patient, doctor, applicant, staff, verifier):
    from django.contrib.auth.models import Group

    from consultations.models import Mode
    from consultations.services import booking_hold, booking_request, enquiry_create
    from consultations.slots import free_slots
    from portal.accounts.roles import CARE_COORDINATORS_GROUP
    from tests.consultations.conftest import set_hours, weekdays

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    superuser = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    public = answered_question(doctors=[doctor], author=patient, text=PUBLIC_TEXT)
    private = answered_question(
        doctors=[doctor],
        author=patient,
        text=PRIVATE_TEXT,
        is_private=True,
        slug=question_slug(PRIVATE_TEXT),
    )
    private_answer = private.answers.get()
    applying = submit(
        UserFactory(email="applying@example.org"),
        specialties=[specialty],
        documents=[pdf_upload(PROOF_NAME)],
    )
    publisher = make_editor("publisher@example.org", name="Kavya Menon", can_publish=True)
    article = live_article(publisher, title="Psoriasis and stem cells", specialty=specialty)
    country = CountryFactory(name="India", slug="india", iso_code="IN")
    city = CityFactory(name="Mumbai", slug="mumbai", country=country)
    treatment = TreatmentFactory(
        name="Stem Cell Therapy", slug="stem-cell", specialties=[specialty]
    )
    clinic = ClinicFactory(slug="sunrise", city=city, treatments=[treatment], doctors=[doctor])
    CostEntryFactory(treatment=treatment, clinic=clinic)
    notification = Notification.objects.filter(recipient=patient).first()
    coordinator = UserFactory(email="coordinator@example.org", is_staff=True)
    coordinator.groups.add(Group.objects.get(name=CARE_COORDINATORS_GROUP))
    hours = set_hours(doctor, hours=weekdays(Mode.CHAT, "00:00", "23:30"), min_notice_hours=0)
    slot = free_slots(hours, first_day=timezone.localdate() + timedelta(days=2), days=1)[0]
    booking = booking_hold(patient=patient, doctor=doctor, slot_id=slot.id)
    booking_request(patient=patient, booking=booking, reason="An itchy rash on both elbows")
    enquiry = enquiry_create(
        patient=patient,
        treatment=treatment,
        clinics=[clinic],
        patient_city="Nairobi",
        patient_country=country,
        preferred_from=timezone.localdate() + timedelta(days=5),
        preferred_to=timezone.localdate() + timedelta(days=9),
        reports=[pdf_upload("enquiry-report.pdf")],
    )
    users = {
        "visitor": None,
        "patient": patient,
        "doctor": doctor.user,
        "applicant": applicant.user,
        "staff": staff,
        "verifier": verifier,
        "coordinator": coordinator,
        "superuser": superuser,
    }
    real = {
        "pk": str(public.pk),
        "slug": public.slug,
        "object_id": str(article.pk),
        "id": str(patient.pk),
        "content_type_id": "1",
        "section": "questions",
        "treatment_slug": treatment.slug,
        "city_slug": city.slug,
        "country_slug": country.slug,
        "specialty_slug": specialty.slug,
        "app_label": "blog",
        "uidb36": "1",
        "key": "set-password",
        "url": "blog/",
        "path": "x.png",
        "kind": "question",
        "action": "hide",
    }
    # Where one name means different things, the route's prefix says which.
    by_prefix = {
        "consult/bookings/": {"pk": str(booking.pk)},
        "consult/quotes/reports/": {"pk": str(enquiry.reports.get().pk)},
        "consult/quotes/accept/": {"pk": str(enquiry.quotes.get().pk)},
        "consult/quote-desk/quotes/": {"pk": str(enquiry.quotes.get().pk)},
        "consult/": {"pk": str(enquiry.pk), "slug": doctor.slug},
        "notifications/": {"pk": str(notification.pk)},
        "answers/": {"pk": str(public.answers.first().pk)},
        "doctors/documents/": {"pk": str(applying.documents.first().pk)},
        "doctors/": {"pk": str(applying.pk), "slug": doctor.slug},
        "blog/": {"pk": str(article.pk), "slug": article.slug},
        "clinics/": {"slug": clinic.slug},
        "questions/specialty/": {"slug": specialty.slug},
        "admin/doctors/": {"object_id": str(applying.pk)},
    }
    private_paths = [
        private.get_absolute_url(),
        f"/questions/{private.pk}/",
        f"/questions/{private.pk}/wrong-slug/",
        f"/questions/{private.pk}/answer/",
        f"/answers/{private_answer.pk}/thank/",
        f"/answers/{private_answer.pk}/agree/",
        f"/report/question/{private.pk}/",
        f"/report/answer/{private_answer.pk}/",
    ]
    return {"users": users, "real": real, "by_prefix": by_prefix, "private_paths": private_paths}


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


@pytest.fixture
def quiet_request_log():
    """Thousands of 404s and 403s are expected here; keep only errors in the log."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


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


@pytest.mark.parametrize("role", ROLES)
def test_every_url_survives_hostile_input_and_keeps_secrets(role, world, quiet_request_log):
    """No 5xx, no unescaped script, no redirect off the site, nothing the role may not read."""
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
    assert walker.count > 300
    assert not walker.failures, "\n".join(walker.failures)
    assert VISIBLE.get(role, set()) <= walker.seen


def test_every_pattern_is_walked():
    """The walk reaches every app's URLs, so a new view is fuzzed without being listed."""
    names = {r.template for r in all_routes()}
    for expected in (
        "questions/{pk}/{slug}/",
        "questions/similar/",
        "doctors/documents/{pk}/",
        "blog/{slug}/",
        "cost/{treatment_slug}/{country_slug}/",
        "notifications/{pk}/",
        "sitemap-{section}.xml",
        "accounts/login/",
        "admin/blog/article/{object_id}/change/",
    ):
        assert expected in names, expected


# --- Every form, posted badly ---------------------------------------------------------------
@dataclass
class FormSpec:
    """One form: where it posts, who posts it, data that would succeed, and what to break.

    ``text`` fields hold what the user typed and must come back in the re-rendered form;
    ``numbers``, ``choices`` and ``models`` take wrong types; ``breaker`` makes the form
    fail on a field that is not text, so typed text has to survive someone else's error;
    ``saved`` snapshots what a successful post would change."""

    url: str
    role: str
    valid: Callable[[], dict]
    text: tuple[str, ...]
    saved: Callable[[], object]
    numbers: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    breaker: dict = field(default_factory=dict)
    hidden: tuple[str, ...] = ()  # a formset's management fields, which only tampering changes


TYPED = f"{SCRIPT} {TURKISH} {DEVANAGARI} {RTL} {EMOJI}"


def _cases(spec: FormSpec):
    """(name, data, must_keep): must_keep names the text fields whose typed value must come
    back in the page."""
    valid = spec.valid()
    yield "empty", {}, ()
    first = spec.text[0]
    if len(valid) > 1:
        yield "missing fields", {first: valid[first]}, (first,)
    for name, typed in (
        ("oversize", "Typed " + "A" * 100_000),
        ("NUL", "Typed with a NUL \x00 in the middle"),
    ):
        yield name, {**spec.valid(), **dict.fromkeys(spec.text, typed)}, spec.text
    wrong = {
        **dict.fromkeys(spec.numbers, "abc"),
        **dict.fromkeys(spec.choices, "robot"),
        **dict.fromkeys(spec.models, HUGE),
    }
    if wrong:
        yield "wrong types", {**spec.valid(), **wrong}, spec.text
        for value in (HUGE, "-1", "1.5", "\x00"):
            for kind, names in (("numbers", spec.numbers), ("models", spec.models)):
                if names:
                    yield f"{kind} {value!r}", {**spec.valid(), **dict.fromkeys(names, value)}, ()
    for value in ("abc", HUGE, "-1", "\x00", None):
        if spec.hidden:
            data = {**spec.valid(), **dict.fromkeys(spec.hidden, value)}
            yield f"tampered {value!r}", {k: v for k, v in data.items() if v is not None}, ()
    if spec.breaker:
        yield (
            "markup",
            {**spec.valid(), **dict.fromkeys(spec.text, TYPED), **spec.breaker},
            spec.text,
        )


def _context_values(response) -> list:
    contexts = response.context or []
    if not isinstance(contexts, ContextList):
        contexts = [contexts]
    return [value for context in contexts for value in context.flatten().values()]


def _errors_shown(response) -> list[str]:
    """The errors of every form in the page that the page does not show."""
    missing = []
    content = response.content.decode()
    for value in _context_values(response):
        forms = value.forms if isinstance(value, BaseFormSet) else [value]
        for form in forms:
            if isinstance(form, BaseForm):
                for messages in form.errors.values():
                    missing += [m for m in messages if escape(m) not in content]
    return missing


@pytest.fixture
def world_forms(db, settings, tmp_path, specialty, patient, doctor, verifier):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    from tests.doctors.test_application_views import form_data

    unanswered = QuestionFactory()
    applying = submit(UserFactory(email="applying@example.org"), specialties=[specialty])
    text = "I have had an itchy red rash on both elbows for three weeks. Creams do not help."
    ask = {"text": text, "age": "34", "gender": "female", "specialty": "", "is_private": ""}

    def application():
        return {**form_data(specialty), "documents": pdf_upload()}

    def profile():
        return {
            key: value
            for key, value in form_data(specialty).items()
            if key in ("specialties", "years_of_experience", "languages", "city", "clinic")
            or key in ("consultation_fee", "bio")
        }

    def doctor_row():
        return DoctorProfile.objects.filter(pk=doctor.pk).values().get()

    # A follow-up waiting for the doctor's reply, and an answer to send one to.
    own = answered_question(doctors=[doctor], author=patient).answers.get()
    waiting = follow_up_create(
        user=patient, answer=own, text="Does this cream also work on the scalp?"
    )
    follow_up_to = answered_question(doctors=[DoctorFactory()], author=patient).answers.get()
    # Asked days ago, so the patient's own "ask" form is not held back by the flood limit.
    Question.objects.filter(author=patient).update(created_at=timezone.now() - timedelta(days=2))

    from consultations.models import Booking, Mode
    from consultations.services import booking_hold
    from consultations.slots import free_slots
    from tests.consultations.conftest import set_hours, weekdays

    hours = set_hours(doctor, hours=weekdays(Mode.CHAT, "00:00", "23:30"), min_notice_hours=0)
    slot = free_slots(hours, first_day=timezone.localdate() + timedelta(days=2), days=1)[0]
    held = booking_hold(patient=patient, doctor=doctor, slot_id=slot.id)

    password = "A-long enough password 2026!"
    users = {"visitor": None, "patient": patient, "doctor": doctor.user, "verifier": verifier}
    specs = {
        "ask as visitor": FormSpec(
            url=reverse("questions:ask"),
            role="visitor",
            valid=lambda: {**ask, "consent": "on"},
            text=("text",),
            numbers=("age",),
            choices=("gender",),
            models=("specialty",),
            breaker={"age": "abc"},
            saved=Question.objects.count,
        ),
        "ask as patient": FormSpec(
            url=reverse("questions:ask"),
            role="patient",
            valid=lambda: dict(ask),
            text=("text",),
            numbers=("age",),
            choices=("gender",),
            models=("specialty",),
            breaker={"gender": "robot"},
            saved=Question.objects.count,
        ),
        "answer": FormSpec(
            url=reverse("questions:answer", kwargs={"pk": unanswered.pk}),
            role="doctor",
            valid=lambda: {"body": "Use a fragrance-free moisturiser twice a day for a month."},
            text=("body",),
            saved=Answer.objects.count,
        ),
        "follow-up": FormSpec(
            url=reverse("questions:follow_up", kwargs={"pk": follow_up_to.pk}),
            role="patient",
            valid=lambda: {"text": "Should I keep using the cream once the rash has gone?"},
            text=("text",),
            saved=FollowUp.objects.count,
        ),
        "follow-up reply": FormSpec(
            url=reverse("questions:follow_up_reply", kwargs={"pk": waiting.pk}),
            role="doctor",
            valid=lambda: {"text": "Yes, keep using it twice a week for a month after."},
            text=("text",),
            saved=lambda: FollowUp.objects.filter(replied_at__isnull=False).count(),
        ),
        "doctor application": FormSpec(
            url=reverse("doctors:apply"),
            role="patient",
            valid=application,
            text=("full_name", "registration_number", "languages", "clinic", "bio", "q-0-degree"),
            numbers=("registration_year", "years_of_experience", "consultation_fee", "q-0-year"),
            choices=("licensing_council",),
            models=("specialties", "city", "remove_documents"),
            breaker={"registration_year": "abc"},
            hidden=("q-TOTAL_FORMS", "q-INITIAL_FORMS"),
            saved=DoctorProfile.objects.count,
        ),
        "doctor profile": FormSpec(
            url=reverse("doctors:profile_edit"),
            role="doctor",
            valid=profile,
            text=("languages", "clinic", "bio"),
            numbers=("years_of_experience", "consultation_fee"),
            models=("specialties", "city"),
            breaker={"years_of_experience": "abc"},
            saved=doctor_row,
        ),
        "verification decision": FormSpec(
            url=reverse("doctors:verification_detail", kwargs={"pk": applying.pk}),
            role="verifier",
            valid=lambda: {"decision": "needs_info", "reason": "Please add your certificate."},
            text=("reason",),
            choices=("decision",),
            breaker={"decision": "robot"},
            saved=lambda: DoctorProfile.objects.get(pk=applying.pk).application_status,
        ),
        "consultation hours": FormSpec(
            url=reverse("consultations:availability"),
            role="doctor",
            valid=lambda: {
                "is_open": "on",
                "time_zone": "Asia/Kolkata",
                "hours": "Mon 09:00-12:00 chat",
                "slot_minutes": "20",
                "booking_window_days": "30",
                "min_notice_hours": "2",
                "cancel_notice_hours": "12",
                "fee_clinic": "0",
                "fee_phone": "0",
                "fee_video": "0",
                "fee_chat": "300",
                "clinic": "",
                "video_link": "",
                "days_off": "",
            },
            text=("hours", "days_off"),
            numbers=("booking_window_days", "min_notice_hours", "fee_chat"),
            choices=("time_zone", "slot_minutes"),
            models=("clinic",),
            breaker={"booking_window_days": "abc"},
            saved=lambda: list(
                __import__("consultations.models", fromlist=["x"]).WeeklyHours.objects.values_list(
                    "start", flat=True
                )
            ),
        ),
        "consultation request": FormSpec(
            url=held.get_absolute_url(),
            role="patient",
            valid=lambda: {"reason": "An itchy red rash on both elbows for three weeks."},
            text=("reason",),
            saved=lambda: Booking.objects.get(pk=held.pk).status,
        ),
        "sign up": FormSpec(
            url=reverse("account_signup"),
            role="visitor",
            valid=lambda: {
                "email": "new.patient@example.org",
                "password1": password,
                "password2": password,
                "consent": "on",
            },
            text=("email",),
            breaker={"password2": "something else entirely 2026"},
            saved=User.objects.count,
        ),
        "log in": FormSpec(
            url=reverse("account_login"),
            role="visitor",
            valid=lambda: {"login": patient.email, "password": PASSWORD},
            text=("login",),
            breaker={"password": "wrong password"},
            saved=lambda: None,
        ),
        "password reset": FormSpec(
            url=reverse("account_reset_password"),
            role="visitor",
            valid=lambda: {"email": patient.email},
            text=("email",),
            saved=lambda: None,
        ),
    }
    return {"users": users, "specs": specs}


FORMS = (
    "ask as visitor",
    "ask as patient",
    "answer",
    "follow-up",
    "follow-up reply",
    "doctor application",
    "doctor profile",
    "verification decision",
    "consultation hours",
    "consultation request",
    "sign up",
    "log in",
    "password reset",
)


@pytest.mark.parametrize("name", FORMS)
def test_every_form_posted_badly_explains_keeps_the_typing_and_saves_nothing(
    name, world_forms, quiet_request_log
):
    spec = world_forms["specs"][name]
    client = client_for(spec.role, world_forms)
    failures = []
    for case, data, must_keep in _cases(spec):
        before = spec.saved()
        try:
            response = client.post(spec.url, data)
        except Exception as exc:  # noqa: BLE001 - every exception is a 500 to report
            failures.append(f"{case}: raised {type(exc).__name__}: {str(exc)[:200]}")
            continue
        label = f"{case}: {response.status_code}"
        if response.status_code not in (200, 400):
            failures.append(f"{label}: bad input was not sent back with the form")
            continue
        content = response.content.decode()
        if "<script>alert(" in content:
            failures.append(f"{label}: unescaped <script>alert")
        if spec.saved() != before:
            failures.append(f"{label}: saved something")
        if not any(isinstance(v, BaseForm | BaseFormSet) for v in _context_values(response)):
            failures.append(f"{label}: no form in the page")
        failures += [f"{label}: error not shown: {m!r}" for m in _errors_shown(response)]
        for key in must_keep:
            if escape(data[key]) not in content:
                failures.append(f"{label}: lost what was typed in {key!r}")
    assert not failures, f"{name}:\n" + "\n".join(failures)
    # The same form with good data goes through: the failures above are the bad input's.
    ok = client.post(spec.url, spec.valid())
    assert ok.status_code == 302, [v.errors for v in _context_values(ok) if isinstance(v, BaseForm)]


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"],
)
def test_signing_in_with_a_hostile_next_stays_on_the_site(client, patient, target):
    response = client.post(
        f"{reverse('account_login')}?{urlencode({'next': target})}",
        {"login": patient.email, "password": PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert urlsplit(response["Location"]).netloc == ""
    assert not response["Location"].startswith(("//", "/\\"))
