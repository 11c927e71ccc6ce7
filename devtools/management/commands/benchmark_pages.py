"""Query counts and in-process times of the public pages, against a benchmark database.

``make benchmark`` (devtools/benchmark.py) measures what a visitor feels, over HTTP; this
command is its companion for reading a page's queries: it runs each page through Django's
test client in this process (no network, no gunicorn, which hides the cost of serving) and
prints the number of queries, the median and the 95th percentile. Run it against a
database ``make benchmark`` filled, e.g.

    DATABASE_URL=postgresql://.../bench_1m DEBUG=1 python manage.py benchmark_pages

It writes nothing but the consultation rows it adds (a doctor with bookings) and asserts
nothing. The query counts must not change with the size.
"""

import statistics
import time
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

from devtools.benchmark_data import DASHBOARD_DOCTOR, TAIL
from doctors.models import DoctorProfile
from questions.models import Question

# The search page's measured queries: (name, query).
SEARCHES = [
    ("rare word", TAIL[15000]),
    ("common word", "pain"),
    ("two-word phrase", '"knee pain"'),
    ("misspelling", "psoraisis"),
    ("Turkish", "baş ağrısı"),
    ("no match", "xylophone"),
]
BENCHMARK_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "benchmark",
    }
}


class Command(BaseCommand):
    help = "Time public pages at growing question counts (prints figures; asserts nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *args, runs, **options):
        setup_test_environment()
        if not Question.objects.filter(slug__startswith="question-").exists():
            raise CommandError(
                "No benchmark data here: point DATABASE_URL at a database `make benchmark` "
                "filled (bench_1k, bench_1m...)."
            )
        # A cache of its own: the runs clear it, and a shared one is not theirs to clear.
        with override_settings(CACHES=BENCHMARK_CACHES):
            self._run(runs)

    def _run(self, runs: int) -> None:
        cache.clear()
        doctor = DoctorProfile.objects.get(user__email=DASHBOARD_DOCTOR)
        specialty = doctor.specialties.first()
        size = Question.objects.count()
        rows = [("size", "page", "queries", "median ms", "p95 ms")]
        question = Question.objects.public().answered().order_by("-answered_at").first()
        pages = {
            "home": "/",
            "answered list": "/questions/",
            "answered list p50": "/questions/?page=50",
            "specialty list": f"/questions/specialty/{specialty.slug}/",
            "question": question.get_absolute_url(),
            "doctor profile": doctor.get_absolute_url(),
            # POST: the ask box never puts health text in a URL.
            "similar (ask box)": ("/questions/similar/", "itchy rash on my skin and fever"),
            # Words no question holds: the lookup must not scan for them.
            "similar, rare words": ("/questions/similar/", "zebra plaques on my scalp"),
            **{f"search: {name}": f"/search/?{urlencode({'q': q})}" for name, q in SEARCHES},
            "search: common, questions tab": "/search/?q=pain&kind=questions",
            "answered list ?q=pain": "/questions/?q=pain",
        }
        client = Client()
        for name, url in pages.items():

            def fetch(url=url, client=client):
                if isinstance(url, tuple):
                    return client.post(url[0], {"q": url[1]})
                return client.get(url)

            for _ in range(3):
                fetch()
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                response = fetch()
                timings.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
            with CaptureQueriesContext(connection) as queries:
                fetch()
            p95 = statistics.quantiles(timings, n=20)[-1]
            rows.append(
                (
                    f"{size:,}",
                    name,
                    str(len(queries)),
                    f"{statistics.median(timings):.1f}",
                    f"{p95:.1f}",
                )
            )
            self.stdout.write(" | ".join(rows[-1]))
        # --- Consultations (devtools/benchmark_consultations.py) ---
        from devtools.benchmark_consultations import consultation_benchmark

        def consultation_row(row):
            rows.append(row)
            self.stdout.write(" | ".join(row))

        consultation_benchmark(runs, consultation_row)
        self.stdout.write("")
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        for row in rows:
            self.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
