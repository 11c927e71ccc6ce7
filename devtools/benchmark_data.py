"""The benchmark's data set: the demo content, then questions, answers, doctors, articles
and clinics filled with SQL (INSERT ... SELECT over generate_series) to a size.

A million questions load in minutes: rows are written with triggers off and the
questions' search vectors in one pass after. Articles, doctors and clinics are clones of
a demo row (every column copied, so the fill keeps working as the schema grows), with a
new slug and name. A row in ``benchmark_dataset`` records a finished load: the next run
finds it and measures at once.

Shape at N questions: one in five unanswered, one in ten private, every 50th Turkish;
N/1000 doctors (at least 10), N/500 articles (at least 20), N/1000 clinics (at least 10)
each with the template clinic's prices; and the demo doctor (doctor@demo.example) has
about 5,000 answers at a million (a share of the answers at smaller sizes): the doctor
whose dashboard the benchmark times.
"""

import time
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from blog.models import Article
from directory.models import Clinic, CostEntry
from doctors.models import VERIFICATION_VALIDITY, ApplicationStatus, DoctorProfile
from portal.accounts.models import User
from portal.taxonomy.models import City, Specialty
from questions import figures
from questions.models import Answer, Question
from search.services import vocabulary_refresh

DASHBOARD_DOCTOR = "doctor@demo.example"
DASHBOARD_ANSWERS_AT_1M = 5000
LOAD_LOCK = 1_400_014  # pg_advisory_lock key: one fill at a time per database

# A vocabulary for the filled questions and answers, commonest first: a text draws word k
# with a probability falling about as 1/k (Zipf: k = floor(exp(random() * ln(n + 1)))),
# so stop words lead, "pain" is in about a third of questions (with their answers) and
# each of the last of the 20,000 made-up words of the tail in a few dozen, as in real
# text. Every 50th question is Turkish, drawn from TURKISH_WORDS.
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


def counts(size: int) -> dict[str, int]:
    return {
        "doctors": max(10, size // 1000),
        "articles": max(20, size // 500),
        "clinics": max(10, size // 1000),
    }


def dataset_loaded(size: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS benchmark_dataset "
            "(size bigint PRIMARY KEY, loaded_at timestamptz NOT NULL)"
        )
        cursor.execute("SELECT 1 FROM benchmark_dataset WHERE size = %s", [size])
        return cursor.fetchone() is not None


def dataset_load(size: int, log: Callable[[str], None] = print) -> None:
    """Fill the current database (the demo content already seeded) to ``size`` questions.
    A second run started meanwhile waits for the first (an advisory lock), then reuses it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOAD_LOCK])
    try:
        _dataset_load(size, log)
        _doctor_figures(log)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOAD_LOCK])


def _doctor_figures(log: Callable[[str], None]) -> None:
    """Count each doctor's public figures that were never counted or have changes waiting,
    as a running site has them (the SQL fill above writes answers without the services
    that mark them): what a cold profile then reads is the row, not the count."""
    started = time.perf_counter()
    stale = figures.stale_doctor_ids(
        DoctorProfile.objects.order_by("pk").values_list("pk", flat=True)
    )
    for pk in stale:
        figures.count(pk)
    log(f"-- figures of {len(stale):,} doctors counted ({time.perf_counter() - started:.0f}s)")


def _dataset_load(size: int, log: Callable[[str], None]) -> None:
    if dataset_loaded(size):
        log(f"-- data set of {size:,} questions already loaded: reused")
        return
    started = time.perf_counter()
    n = counts(size)
    template = DoctorProfile.objects.get(user__email=DASHBOARD_DOCTOR)
    specialty_ids = list(Specialty.objects.order_by("pk").values_list("pk", flat=True))
    city_ids = list(City.objects.order_by("pk").values_list("pk", flat=True))
    doctor_ids = _doctors(template, n["doctors"], specialty_ids, city_ids)
    log(f"-- {len(doctor_ids):,} doctors ({time.perf_counter() - started:.0f}s)")
    patient = User.objects.filter(email="bench-patient@bench.example").first()
    if patient is None:
        patient = User.objects.create_user("bench-patient@bench.example", None)
    # Four in five questions are answered: every step-th answer is the dashboard doctor's.
    # (Not a multiple of 5, or it would line up with the unanswered fifth.)
    step = max(3, round(size * 0.8 / DASHBOARD_ANSWERS_AT_1M))
    step += step % 5 == 0
    _questions(size, patient.pk, specialty_ids, doctor_ids, template.pk, step)
    log(f"-- {size:,} questions and their answers ({time.perf_counter() - started:.0f}s)")
    _articles(n["articles"], specialty_ids)
    _clinics(n["clinics"], city_ids)
    log(f"-- articles and clinics ({time.perf_counter() - started:.0f}s)")
    with connection.cursor() as cursor:
        vocabulary_refresh()
        # What autovacuum does to a live table: the visibility map (index-only scans)
        # and fresh statistics.
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute(
            "INSERT INTO benchmark_dataset (size, loaded_at) VALUES (%s, now())"
            " ON CONFLICT DO NOTHING",
            [size],
        )
    log(f"-- loaded {size:,} questions in {time.perf_counter() - started:.0f}s")


def _columns(model) -> list[str]:
    return [
        f.column
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    ]


def _clone(model, *, source: str, overrides: dict[str, str], params: dict) -> None:
    """INSERT INTO model's table SELECT every column of ``t`` (the template row, aliased
    in ``source``) but the overridden ones."""
    columns = _columns(model)
    select = [overrides.get(c, f't."{c}"') for c in columns]
    sql = "INSERT INTO {} ({}) SELECT {} FROM {}".format(  # noqa: S608 - names from metadata
        model._meta.db_table, ", ".join(f'"{c}"' for c in columns), ", ".join(select), source
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@transaction.atomic
def _doctors(template, count, specialty_ids, city_ids) -> list[int]:
    existing = list(
        DoctorProfile.objects.filter(slug__startswith="bench-doctor-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(existing) >= count:
        return existing
    have = len(existing)
    params = {"start": have + 1, "top": count, "user": template.user_id, "doctor": template.pk}
    _clone(
        User,
        source="generate_series(%(start)s::int, %(top)s::int) g "
        "CROSS JOIN (SELECT * FROM accounts_user WHERE id = %(user)s) t",
        overrides={"email": "'bench-doctor-' || g || '@bench.example'", "display_name": "''"},
        params=params,
    )
    _clone(
        DoctorProfile,
        source="generate_series(%(start)s::int, %(top)s::int) g "
        "CROSS JOIN (SELECT * FROM doctors_doctorprofile WHERE id = %(doctor)s) t "
        "JOIN accounts_user u ON u.email = 'bench-doctor-' || g || '@bench.example'",
        overrides={
            "user_id": "u.id",
            "slug": "'bench-doctor-' || g",
            "full_name": "'Bench Doctor ' || g",
            "city_id": "(%(cities)s::bigint[])[1 + g %% cardinality(%(cities)s::bigint[])]",
        },
        params={**params, "cities": city_ids},
    )
    DoctorProfile.objects.filter(slug__startswith="bench-doctor-").update(
        application_status=ApplicationStatus.APPROVED,
        verified_at=timezone.now(),
        verified_until=timezone.now() + VERIFICATION_VALIDITY,
    )
    through = DoctorProfile.specialties.through
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {through._meta.db_table} (doctorprofile_id, specialty_id)
            SELECT d.id,
                   (%(specialties)s::bigint[])[1 + d.id %% cardinality(%(specialties)s::bigint[])]
              FROM doctors_doctorprofile d
             WHERE d.slug LIKE 'bench-doctor-%%'
               AND NOT EXISTS (SELECT 1 FROM {through._meta.db_table} s
                                WHERE s.doctorprofile_id = d.id)
            """,  # noqa: S608 - table name from metadata
            {"specialties": specialty_ids},
        )
    return list(
        DoctorProfile.objects.filter(slug__startswith="bench-doctor-")
        .order_by("pk")
        .values_list("pk", flat=True)
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
    """Columns the INSERTs below do not name (counters added later, say), filled with
    their model defaults so the fill keeps working as the schema grows."""
    columns, params = [], {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in _INSERTED[prefix]:
            continue
        if getattr(field, "generated", False):
            continue
        params[f"{prefix}_{field.column}"] = field.get_default()
        columns.append(field.column)
    return (
        {
            f"{prefix}_cols": "".join(f", {c}" for c in columns),
            f"{prefix}_vals": "".join(f", %({prefix}_{c})s" for c in columns),
        },
        params,
    )


@transaction.atomic
def _questions(target, patient_id, specialty_ids, doctor_ids, dashboard_doctor, step):
    have = Question.objects.filter(author_id=patient_id).count()
    if have >= target:
        return
    last_id = Question.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    q_extra, q_params = _other_defaults(Question, "q")
    a_extra, a_params = _other_defaults(Answer, "a")
    with connection.cursor() as cursor:
        # The search triggers would rewrite a question's vector once per answer; the fill
        # writes rows with triggers off and the vectors in one pass after.
        cursor.execute("SET LOCAL session_replication_role = replica")
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
            FROM generate_series(%(start)s::int, %(top)s::int) AS g
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
                   CASE WHEN q.id %% %(step)s = 1 THEN %(dashboard)s
                        ELSE (%(doctors)s::bigint[])[1 + q.id %% cardinality(%(doctors)s::bigint[])]
                        END,
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
            {
                "doctors": doctor_ids,
                "dashboard": dashboard_doctor,
                "step": step,
                "words": WORDS,
                "after": last_id,
                **a_params,
            },
        )
        cursor.execute(
            """
            UPDATE questions_question
               SET search_vector = questions_question_vector(id, text, language)
             WHERE id > %s
            """,
            [last_id],
        )


@transaction.atomic
def _articles(count: int, specialty_ids: list[int]) -> None:
    have = Article.objects.filter(slug__startswith="bench-article-").count()
    if have >= count:
        return
    template = Article.objects.published().order_by("pk").first()
    _clone(
        Article,
        source="generate_series(%(start)s::int, %(top)s::int) g "
        "CROSS JOIN (SELECT * FROM blog_article WHERE id = %(article)s) t",
        overrides={
            "slug": "'bench-article-' || g",
            "title": "'Bench article ' || g || ': ' || t.title",
            "specialty_id": "(%(specialties)s::bigint[])"
            "[1 + g %% cardinality(%(specialties)s::bigint[])]",
            "publish_at": "t.publish_at - make_interval(mins => g)",
        },
        params={
            "start": have + 1,
            "top": count,
            "article": template.pk,
            "specialties": specialty_ids,
        },
    )


@transaction.atomic
def _clinics(count: int, city_ids: list[int]) -> None:
    have = Clinic.objects.filter(slug__startswith="bench-clinic-").count()
    if have >= count:
        return
    template = (
        Clinic.objects.public().filter(cost_entries__isnull=False).order_by("pk").first()
        or Clinic.objects.public().order_by("pk").first()
    )
    _clone(
        Clinic,
        source="generate_series(%(start)s::int, %(top)s::int) g "
        "CROSS JOIN (SELECT * FROM directory_clinic WHERE id = %(clinic)s) t",
        overrides={
            "slug": "'bench-clinic-' || g",
            "name": "'Bench Clinic ' || g",
            "city_id": "(%(cities)s::bigint[])[1 + g %% cardinality(%(cities)s::bigint[])]",
        },
        params={"start": have + 1, "top": count, "clinic": template.pk, "cities": city_ids},
    )
    new = "SELECT id FROM directory_clinic WHERE slug LIKE 'bench-clinic-%%' AND id > %(last)s"
    last = (
        Clinic.objects.exclude(slug__startswith="bench-clinic-")
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    with connection.cursor() as cursor:
        for field in ("specialties", "treatments"):
            through = Clinic._meta.get_field(field).remote_field.through
            target_column = [
                f.column
                for f in through._meta.concrete_fields
                if f.column not in ("id", "clinic_id")
            ][0]
            table = through._meta.db_table
            cursor.execute(
                f"""
                INSERT INTO {table} (clinic_id, {target_column})
                SELECT c.id, s.{target_column} FROM ({new}) c
                CROSS JOIN (SELECT {target_column} FROM {table} WHERE clinic_id = %(clinic)s) s
                ON CONFLICT DO NOTHING
                """,  # noqa: S608 - names from metadata
                {"clinic": template.pk, "last": max(last or 0, template.pk)},
            )
    _clone(
        CostEntry,
        source="directory_clinic c "
        "JOIN taxonomy_city city ON city.id = c.city_id "
        "CROSS JOIN (SELECT * FROM directory_costentry WHERE clinic_id = %(clinic)s) t "
        "WHERE c.slug LIKE 'bench-clinic-%%' AND NOT EXISTS "
        "(SELECT 1 FROM directory_costentry e WHERE e.clinic_id = c.id)",
        overrides={"clinic_id": "c.id", "city_id": "c.city_id", "country_id": "city.country_id"},
        params={"clinic": template.pk},
    )
