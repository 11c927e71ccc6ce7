"""A doctor's public figures, kept in PostgreSQL (models.DoctorFigures): marked when
anything they count changes, counted again by the next reader.

The mark rides on the page cache's own invalidation: every write that changes what the
figures count bumps the doctor's ``doctor-answers`` tag (questions/pagecache.py: an
answer written, hidden, restored or deleted, thanks, an agreement, a question that
changes visibility), and ``pagecache.on_bump`` hands those doctors to ``mark`` inside
the writer's transaction."""

from datetime import timedelta

from django.db import connection
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from portal.visibility import Visibility

from .models import Answer, DoctorFigures

TAG_PREFIX = "doctor-answers:"


def mark(names: list[str]) -> None:
    """The figures of these doctors (ids, as the tags name them) are out of date: one more
    change for each, a row made where there is none. In id order, so two writers marking
    the same doctors never wait on each other in a circle."""
    ids = sorted({int(name) for name in names if name.isascii() and name.isdecimal()})
    if not ids:
        return
    table = DoctorFigures._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS f (doctor_id, changes, counted_changes, total, thanks, "  # noqa: S608 - the model's own table name
            "agreements) SELECT id, 1, 0, 0, 0, 0 FROM unnest(%s::bigint[]) AS id "
            "ON CONFLICT (doctor_id) DO UPDATE SET changes = f.changes + 1",
            [ids],
        )


def answer_figures(answers) -> dict:
    """Counts over a doctor's answers in one query. The first-answer time is averaged over
    the questions this doctor answered first: from the question to their answer."""
    earlier = Answer.objects.filter(
        question=OuterRef("question"), created_at__lt=OuterRef("created_at")
    )
    week_ago = timezone.now() - timedelta(days=7)
    return answers.alias(answered_first=~Exists(earlier)).aggregate(
        total=Count("id"),
        this_week=Count("id", filter=Q(created_at__gte=week_ago)),
        thanks=Sum("thanks_count", default=0),
        agreements=Sum("agree_count", default=0),
        first_answer_time=Avg(
            F("created_at") - F("question__created_at"), filter=Q(answered_first=True)
        ),
    )


def count(doctor_id: int, started_from: int | None = None) -> dict:
    """Count the doctor's public figures (their answers to public questions, the ones their
    profile lists) and store them as of the change the count starts from (read here unless
    the caller has just read it). A change marked while counting leaves the row out of
    date, so it is counted again."""
    if started_from is None:
        started_from = (
            DoctorFigures.objects.filter(doctor_id=doctor_id)
            .values_list("changes", flat=True)
            .first()
            or 0
        )
    # Question.objects.public() as a join, not an IN (SELECT ...): the figures join the
    # questions anyway, and one join reads each question once, not twice.
    answers = Answer.objects.public().filter(
        doctor_id=doctor_id,
        question__visibility=Visibility.VISIBLE,
        question__is_private=False,
    )
    figures = answer_figures(answers)
    figures.pop("this_week")
    table = DoctorFigures._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS f (doctor_id, changes, counted_changes, total, thanks, "  # noqa: S608 - the model's own table name
            "agreements, first_answer_time, counted_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (doctor_id) DO UPDATE SET counted_changes = EXCLUDED.counted_changes, "
            "total = EXCLUDED.total, thanks = EXCLUDED.thanks, "
            "agreements = EXCLUDED.agreements, first_answer_time = EXCLUDED.first_answer_time, "
            "counted_at = EXCLUDED.counted_at "
            "WHERE f.counted_changes <= EXCLUDED.counted_changes",
            [
                doctor_id,
                started_from,
                started_from,
                figures["total"],
                figures["thanks"],
                figures["agreements"],
                figures["first_answer_time"],
                timezone.now(),
            ],
        )
    return figures


def public_figures(doctor_id: int) -> dict:
    """total, thanks, agreements and first_answer_time of the doctor's answers to public
    questions: the stored row while it is current (one read by primary key), else counted
    now and stored."""
    row = DoctorFigures.objects.filter(doctor_id=doctor_id).first()
    if row is not None and row.is_current:
        return row.as_stats()
    return count(doctor_id, row.changes if row is not None else 0)
