"""Every form, posted badly (tests/hostile_input/__init__.py), and signing in with a
hostile ``next``."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import pytest
from django.forms import BaseForm, BaseFormSet
from django.test.utils import ContextList
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from doctors.models import DoctorProfile
from portal.accounts.models import User
from questions.models import Answer, FollowUp, Question
from questions.services import follow_up_create
from tests.doctors.conftest import submit
from tests.doctors.files import pdf_upload
from tests.factories import PASSWORD, DoctorFactory, QuestionFactory, UserFactory
from tests.hostile_input.walk import DEVANAGARI, EMOJI, HUGE, RTL, SCRIPT, TURKISH, client_for
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db


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
