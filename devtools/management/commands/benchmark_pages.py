"""Measure public page times and query counts as the number of questions grows.

Runs against a throwaway database (``<name>_benchmark``) created and migrated for the
run, never the development data. Rows are inserted with SQL (generate_series), so a
million questions take about a minute. Prints one table; nothing is asserted.

``--keep`` leaves the database behind; ``--reuse`` runs against a kept one (migrating it
and topping it up to each size), so a change can be measured at 1M without a new fill.
"""

import statistics
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
from django.utils import timezone

from doctors.models import VERIFICATION_VALIDITY, ApplicationStatus, DoctorProfile
from portal.accounts.models import User
from portal.taxonomy.models import Specialty
from questions.models import Answer, Question
from search.services import vocabulary_refresh

SPECIALTIES = ["Dermatology", "Cardiology", "Psychiatry", "Gynaecology", "Orthopaedics"]
# A vocabulary for the filled questions and answers, commonest first: a text draws word k
# with a probability falling about as 1/k (Zipf: k = floor(exp(random() * ln(n + 1)))),
# so stop words lead, "pain" is in about a third of questions (with their answers) and
# each of the last of the 20,000 made-up words of the tail in a few dozen, as in real
# text. Every 50th question is
# Turkish, drawn from TURKISH_WORDS.
_SYLLABLES = (
    "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no "
    "nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi"
).split()
TAIL = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES][::9][:20000]
WORDS = (
    "my have for and the with since days pain weeks doctor fever skin itchy rash cough "
    "headache tired sleep chest knee back swelling stomach dizzy blood pressure sugar "
    "hair fall acne period throat cold eyes burning breath weight anxiety joint neck "
    "shoulder vomiting diarrhoea constipation allergy sneezing infection tablet cream "
    "dose morning night worse better heart palpitations cholesterol thyroid diabetes "
    "asthma migraine eczema psoriasis dandruff pimples scar pigmentation wrinkles ulcer "
    "acidity gastritis kidney stone urine liver fatty jaundice anaemia vitamin calcium "
    "bone fracture sprain ligament arthritis gout spine disc sciatica numbness tingling "
    "tremor seizure stroke depression panic insomnia snoring apnoea sinusitis tonsils "
    "earache hearing vertigo cataract glaucoma conjunctivitis dental cavity gums "
    "pregnancy fertility pcos menopause breast lump biopsy scan mri xray ultrasound "
    "ecg echo angiography stent bypass dialysis transplant chemotherapy radiotherapy "
    "vaccination hepatitis tuberculosis dengue malaria typhoid covid pneumonia "
    "bronchitis wheezing inhaler steroid antibiotic antifungal antihistamine insulin "
    "metformin statin aspirin paracetamol ibuprofen omeprazole levothyroxine vitiligo "
    "alopecia rosacea melasma urticaria scabies ringworm warts moles keloid hernia "
    "appendicitis gallstones pancreatitis colitis haemorrhoids fissure fistula varicose"
).split() + TAIL
TURKISH_WORDS = (
    "ağrı baş ağrısı doktor ateş öksürük cilt kaşıntı uyku göğüs diz sırt mide "
    "tansiyon şeker saç dökülmesi sivilce sedef egzama migren tedavi ilaç krem hafta"
).split()
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
        parser.add_argument("--sizes", default="1000,10000,100000")
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="run against the database a --keep run left (implies --keep)",
        )

    def handle(self, *args, sizes, runs, keep, reuse, **options):
        setup_test_environment()
        test_settings = settings.DATABASES["default"]["TEST"]
        test_settings["NAME"] = f"{settings.DATABASES['default']['NAME']}_benchmark"
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, keepdb=reuse, serialize=False
        )
        try:
            # A cache of its own: the runs clear it, and a shared one is not theirs to clear.
            with override_settings(CACHES=BENCHMARK_CACHES):
                self._run([int(s) for s in sizes.split(",")], runs)
        finally:
            if not (keep or reuse):
                connection.creation.destroy_test_db(old_name, verbosity=0)

    def _run(self, sizes: list[int], runs: int) -> None:
        specialties = [
            Specialty.objects.get_or_create(slug=name.lower(), defaults={"name": name})[0]
            for name in SPECIALTIES
        ]
        doctors = []
        for i, specialty in enumerate(specialties):
            user = User.objects.filter(email=f"bench-doctor{i}@example.org").first()
            if user is None:
                user = User.objects.create_user(f"bench-doctor{i}@example.org", "x")
                doctor = DoctorProfile.objects.create(
                    user=user, full_name=f"Bench Doctor {i}", slug=f"bench-doctor-{i}"
                )
                doctor.specialties.add(specialty)
            doctors.append(user.doctor_profile)
        DoctorProfile.objects.update(
            application_status=ApplicationStatus.APPROVED,
            verified_at=timezone.now(),
            verified_until=timezone.now() + VERIFICATION_VALIDITY,
        )
        patient = User.objects.filter(email="bench-patient@example.org").first()
        if patient is None:
            patient = User.objects.create_user("bench-patient@example.org", "x")
        # Question g gets specialty g % 5 and is unanswered when g % 5 == 0, and its answer
        # comes from doctor id % 5: so specialty 0 and doctor 0 have nothing to list.
        # Measure specialty 1 and doctor 1, which hold a fifth of the answers each.
        specialty, doctor = specialties[1], doctors[1]

        rows = [("size", "page", "queries", "median ms", "p95 ms")]
        for size in sizes:
            self._fill(size, patient.pk, [s.pk for s in specialties], [d.pk for d in doctors])
            # Counts cached at the previous size would make the next size look cheaper.
            cache.clear()
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

    def _fill(self, target: int, patient_id: int, specialty_ids: list[int], doctor_ids: list[int]):
        have = Question.objects.count()
        if have >= target:
            return
        started = time.perf_counter()
        last_id = Question.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        q_extra, q_params = _other_defaults(Question, "q")
        a_extra, a_params = _other_defaults(Answer, "a")
        with connection.cursor() as cursor:
            # The search triggers would rewrite a question's vector once per answer; the
            # fill writes rows with triggers off and the vectors in one pass after.
            cursor.execute("SET session_replication_role = replica")
            # Batched GIN inserts for the fill; the portal's own setting (off) is put back
            # below and VACUUM merges what is pending.
            cursor.execute("ALTER INDEX question_search SET (fastupdate = on)")
            cursor.execute("SELECT setseed(%s)", [0.42 + target / 1e9])
            cursor.execute(
                """
                INSERT INTO questions_question
                    (author_id, text, slug, specialty_id, age, gender, is_private,
                     address_hash, answer_count, answered_at, created_at, updated_at,
                     language, search_vector{q_cols})
                SELECT %(patient)s,
                       (SELECT string_agg(
                            CASE WHEN g %% 50 = 1
                                 THEN (%(turkish)s::text[])[w.w * 0 + 1 + floor(random() ^ 2
                                      * cardinality(%(turkish)s::text[]))::int]
                                 ELSE (%(words)s::text[])[w.w * 0 + floor(exp(random()
                                      * ln(cardinality(%(words)s::text[]) + 1)))::int]
                                 END, ' ')
                          FROM generate_series(1, 12 + (g %% 17)) AS w),
                       'question-' || g,
                       (%(specialties)s::bigint[])[1 + g %% cardinality(%(specialties)s::bigint[])],
                       18 + g %% 60,
                       CASE WHEN g %% 2 = 0 THEN 'female' ELSE 'male' END,
                       g %% 10 = 0,
                       '',
                       CASE WHEN g %% 5 = 0 THEN 0 ELSE 1 END,
                       CASE WHEN g %% 5 = 0 THEN NULL
                            ELSE now() - make_interval(mins => %(top)s - g) END,
                       now() - make_interval(mins => %(top)s - g + 30),
                       now(),
                       CASE WHEN g %% 50 = 1 THEN 'tr' ELSE 'en' END,
                       NULL
                       {q_vals}
                FROM generate_series(%(start)s, %(top)s) AS g
                """.format(**q_extra),  # noqa: S608 - column names from model metadata
                {
                    **q_params,
                    "patient": patient_id,
                    "words": WORDS,
                    "turkish": TURKISH_WORDS,
                    "specialties": specialty_ids,
                    "start": have + 1,
                    "top": target,
                },
            )
            cursor.execute(
                """
                INSERT INTO questions_answer
                    (question_id, doctor_id, body, body_html, created_at, updated_at{a_cols})
                SELECT q.id,
                       (%(doctors)s::bigint[])[1 + q.id %% cardinality(%(doctors)s::bigint[])],
                       b.body, '<p>' || b.body || '</p>',
                       q.answered_at, q.answered_at
                       {a_vals}
                FROM questions_question q
                CROSS JOIN LATERAL (
                    SELECT string_agg((%(words)s::text[])[w.w * 0 + floor(exp(random()
                               * ln(cardinality(%(words)s::text[]) + 1)))::int], ' ') AS body
                      FROM generate_series(1, 20 + (q.id %% 23)) AS w
                ) b
                WHERE q.answered_at IS NOT NULL AND q.id > %(after)s
                  AND NOT EXISTS (SELECT 1 FROM questions_answer a WHERE a.question_id = q.id)
                """.format(**a_extra),  # noqa: S608 - column names from model metadata
                {"doctors": doctor_ids, "words": WORDS, "after": last_id, **a_params},
            )
            cursor.execute(
                """
                UPDATE questions_question
                   SET search_vector = questions_question_vector(id, text, language)
                 WHERE id > %s
                """,
                [last_id],
            )
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("ALTER INDEX question_search SET (fastupdate = off)")
            vocabulary_refresh()
            # What autovacuum does to a live table: the visibility map (index-only scans)
            # and fresh statistics.
            cursor.execute("VACUUM (ANALYZE) questions_question, questions_answer")
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"-- filled to {target:,} questions in {time.perf_counter() - started:.1f}s"
        )


_INSERTED = {
    "q": {
        "author_id",
        "text",
        "slug",
        "specialty_id",
        "age",
        "gender",
        "is_private",
        "address_hash",
        "answer_count",
        "answered_at",
        "created_at",
        "updated_at",
        "language",
        "search_vector",
    },
    "a": {"question_id", "doctor_id", "body", "body_html", "created_at", "updated_at"},
}


def _other_defaults(model, prefix: str) -> tuple[dict, dict]:
    """Columns the INSERT above does not name (counters added later, say), filled with
    their model defaults so the benchmark keeps working as the schema grows."""
    columns, params = [], {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in _INSERTED[prefix]:
            continue
        value = field.get_default()
        key = f"{prefix}_{field.column}"
        columns.append(field.column)
        params[key] = value
    return (
        {
            f"{prefix}_cols": "".join(f", {c}" for c in columns),
            f"{prefix}_vals": "".join(f", %({prefix}_{c})s" for c in columns),
        },
        params,
    )
