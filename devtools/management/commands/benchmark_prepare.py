"""Make the current database ready for ``make benchmark`` (devtools/benchmark.py): migrate,
seed the demo content, fill to ``--size`` questions (reused when already loaded), then
write the plan, the URLs to drive for each page type, as JSON to ``--out``."""

import json
import math

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from blog.models import Article
from devtools.benchmark_data import DASHBOARD_DOCTOR, WORDS, dataset_load
from directory.models import Clinic, CostEntry
from doctors.models import DoctorProfile
from portal.accounts.models import User
from questions.models import Answer, Question
from questions.views import PAGE_SIZE

# Distinct URLs per page type for the cold runs: more than a run can request.
ROTATION = 6000


class Command(BaseCommand):
    help = "Migrate, seed and fill the benchmark database; write the pages to drive as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, required=True)
        parser.add_argument("--out", required=True)

    def handle(self, *args, size, out, **options):
        log: list[str] = []
        call_command("migrate", verbosity=0)
        if not User.objects.filter(email=DASHBOARD_DOCTOR).exists():
            call_command("seed_demo", verbosity=0)
            log.append("-- demo content seeded")
        dataset_load(size, log=log.append)
        plan = {"log": log, "pages": _pages(), "cookie": _doctor_cookie(), "summary": _summary()}
        with open(out, "w") as handle:
            json.dump(plan, handle)


def _with_parameter(path: str, i: int) -> str:
    return f"{path}{'&' if '?' in path else '?'}bench={i}"


def _one_url_page(name: str, path: str) -> dict:
    # A page with one address: the cold run adds a parameter no view reads, so each
    # request is a new address for the cache (a cache that drops unknown parameters from
    # its key would serve these warm: compare the cold and warm rows).
    return {
        "name": name,
        "warm": path,
        "cold": [_with_parameter(path, i) for i in range(ROTATION)],
    }


def _many(name: str, urls: list[str]) -> dict:
    """Each of ``urls`` once, then again with a parameter no view reads, round after round:
    no address repeats, so every cold request misses the page cache, however few pages
    of the type there are (33 cost pages, 10 deep list pages)."""
    cold = list(urls[:ROTATION])
    round_ = 0
    while len(cold) < ROTATION:
        cold += [_with_parameter(url, round_) for url in urls[: ROTATION - len(cold)]]
        round_ += 1
    return {"name": name, "warm": urls[0], "cold": cold}


def _pages() -> list[dict]:
    questions = [
        q.get_absolute_url()
        for q in Question.objects.public().answered().order_by("-answered_at")[:ROTATION]
    ]
    articles = [
        a.get_absolute_url() for a in Article.objects.published().order_by("-pk")[:ROTATION]
    ]
    doctors = [
        d.get_absolute_url() for d in DoctorProfile.objects.verified().order_by("pk")[:ROTATION]
    ]
    costs = [
        reverse("directory:cost", args=[t, c])
        for t, c in CostEntry.objects.public()
        .values_list("treatment__slug", "country__slug")
        .distinct()
        .order_by("treatment__slug", "country__slug")
    ]
    # The deepest pages a visitor can reach (lists stop at LIST_MAX_PAGES).
    answered = Question.objects.public().answered().count()
    last_page = min(max(1, math.ceil(answered / PAGE_SIZE)), settings.LIST_MAX_PAGES)
    deep = [f"/questions/?page={last_page - i}" for i in range(min(last_page, 10))]
    searches = [f"/search/?q={word}" for word in WORDS[5:ROTATION]]
    return [
        _one_url_page("home", "/"),
        _many("question page", questions),
        _many("article page", articles),
        _one_url_page("/questions/", "/questions/"),
        _one_url_page("/hospitals/", "/hospitals/"),
        _many("cost page", costs),
        _many("doctor profile", doctors),
        _one_url_page("blog index", "/blog/"),
        _many(f"deep list page (of {last_page:,})", deep),
        {"name": "search", "warm": "/search/?q=pain", "cold": searches},
        {
            "name": "doctor dashboard",
            "warm": reverse("questions:dashboard"),
            "cold": [],
            "signed_in": True,
        },
        {
            "name": "doctor dashboard, answers tab",
            "warm": reverse("questions:dashboard") + "?tab=answers",
            "cold": [],
            "signed_in": True,
        },
    ]


def _doctor_cookie() -> str:
    client = Client()
    client.force_login(User.objects.get(email=DASHBOARD_DOCTOR))
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def _summary() -> str:
    doctor = DoctorProfile.objects.get(user__email=DASHBOARD_DOCTOR)
    return (
        f"{Question.objects.count():,} questions, {Answer.objects.count():,} answers, "
        f"{Article.objects.count():,} articles, {DoctorProfile.objects.count():,} doctors, "
        f"{Clinic.objects.count():,} clinics, the dashboard doctor has "
        f"{Answer.objects.filter(doctor=doctor).aggregate(n=Count('id'))['n']:,} answers"
    )
