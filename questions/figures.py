"""A doctor's public figures, kept in PostgreSQL (models.DoctorFigures): marked when
anything they count changes, counted again by the next reader.

The mark rides on the page cache's own invalidation: every write that changes what the
figures count bumps the doctor's ``doctor-answers`` tag (questions/pagecache.py: an
answer written, hidden, restored or deleted, thanks, an agreement, a question that
changes visibility), and ``pagecache.on_bump`` hands those doctors to ``mark`` inside
the writer's transaction. A mark only inserts a row (models.DoctorFiguresChange): it
never waits on a lock another transaction holds, so a writer that already holds an
answer's or a question's row (a moderator hiding it) cannot deadlock with one that
thanks or answers it.

The figures are current while no change of the doctor's is waiting. A count removes the
changes it saw before counting; one committed meanwhile stays and is counted by the next
reader. Of two counts racing, the one that started later is kept (it saw at least what
the other saw)."""

from django.db import connection
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Sum

from portal.visibility import Visibility

from .models import Answer, DoctorFigures, DoctorFiguresChange

TAG_PREFIX = "doctor-answers:"
FIELDS = ("total", "thanks", "agreements", "first_answer_time")


def mark(names: list[str]) -> None:
    """The figures of these doctors (ids, as the tags name them) are out of date."""
    ids = sorted({int(name) for name in names if name.isascii() and name.isdecimal()})
    if ids:
        DoctorFiguresChange.objects.bulk_create(
            [DoctorFiguresChange(doctor_id=doctor_id) for doctor_id in ids]
        )


def answer_figures(answers) -> dict:
    """Counts over a doctor's answers in one query. The first-answer time is averaged over
    the questions this doctor answered first: from the question to their answer."""
    earlier = Answer.objects.filter(
        question=OuterRef("question"), created_at__lt=OuterRef("created_at")
    )
    return answers.alias(answered_first=~Exists(earlier)).aggregate(
        total=Count("id"),
        thanks=Sum("thanks_count", default=0),
        agreements=Sum("agree_count", default=0),
        first_answer_time=Avg(
            F("created_at") - F("question__created_at"), filter=Q(answered_first=True)
        ),
    )


def _stored(doctor_id: int) -> tuple:
    """(the stored figures or None, the changes waiting, the database's time now), in one
    query whether or not the doctor has a row."""
    figures, changes = DoctorFigures._meta.db_table, DoctorFiguresChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT statement_timestamp(), f.counted_at, f.total, f.thanks, f.agreements, "  # noqa: S608 - the models' own table names
            f"f.first_answer_time, ARRAY(SELECT c.id FROM {changes} c WHERE c.doctor_id = %s) "
            f"FROM (SELECT 1) AS one LEFT JOIN {figures} f ON f.doctor_id = %s",
            [doctor_id, doctor_id],
        )
        now, counted_at, *values, waiting = cursor.fetchone()
    stored = dict(zip(FIELDS, values, strict=True)) if counted_at is not None else None
    return stored, waiting, now


def count(doctor_id: int, seen: list[int] | None = None, started=None) -> dict:
    """Count the doctor's public figures (their answers to public questions, the ones their
    profile lists) and store them, removing the changes ``seen`` before the count began
    (read here unless the caller has just read them, with the time it read them)."""
    if seen is None:
        _, seen, started = _stored(doctor_id)
    # Question.objects.public() as a join, not an IN (SELECT ...): the figures join the
    # questions anyway, and one join reads each question once, not twice.
    answers = Answer.objects.public().filter(
        doctor_id=doctor_id,
        question__visibility=Visibility.VISIBLE,
        question__is_private=False,
    )
    figures = answer_figures(answers)
    table, changes = DoctorFigures._meta.db_table, DoctorFiguresChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH counted AS (DELETE FROM {changes} WHERE id = ANY(%s)) "  # noqa: S608 - the models' own table names
            f"INSERT INTO {table} AS f (doctor_id, total, thanks, agreements, "
            "first_answer_time, counted_at) VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (doctor_id) DO UPDATE SET total = EXCLUDED.total, "
            "thanks = EXCLUDED.thanks, agreements = EXCLUDED.agreements, "
            "first_answer_time = EXCLUDED.first_answer_time, counted_at = EXCLUDED.counted_at "
            "WHERE f.counted_at <= EXCLUDED.counted_at",
            [
                list(seen),
                doctor_id,
                figures["total"],
                figures["thanks"],
                figures["agreements"],
                figures["first_answer_time"],
                started,
            ],
        )
    return figures


def public_figures(doctor_id: int) -> dict:
    """total, thanks, agreements and first_answer_time of the doctor's answers to public
    questions: the stored row while no change is waiting (one query), else counted now
    and stored (two more)."""
    stored, waiting, now = _stored(doctor_id)
    if stored is not None and not waiting:
        return stored
    return count(doctor_id, waiting, now)


def stale_doctor_ids(doctor_ids) -> list[int]:
    """Those of ``doctor_ids`` whose figures were never counted or have changes waiting."""
    counted = set(DoctorFigures.objects.values_list("doctor_id", flat=True))
    waiting = set(DoctorFiguresChange.objects.values_list("doctor_id", flat=True))
    return [pk for pk in doctor_ids if pk not in counted or pk in waiting]
