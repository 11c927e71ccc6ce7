"""Reads for doctors: profile pages, dashboard figures, the verification queue."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, Sum
from django.utils import timezone

from questions.models import Answer

from .models import ApplicationStatus, DoctorProfile, ProofDocument, VerificationEvent

PUBLIC_STATS_CACHE_SECONDS = 5 * 60


def doctor_for_profile_page(*, slug: str) -> DoctorProfile | None:
    """A doctor with a public page (DoctorProfileQuerySet.listed), with everything the
    page shows, in a fixed number of queries."""
    return (
        DoctorProfile.objects.listed()
        .filter(slug=slug)
        .select_related("city")
        .prefetch_related(
            "specialties",
            "qualification_set",
            # Where the doctor practises, from the directory (directory.Clinic.doctors); by
            # name, without importing the directory, which itself reads doctors.
            "clinics__city",
        )
        .first()
    )


def _answer_figures(answers) -> dict:
    """Counts over a doctor's answers in one query. The first-answer time is averaged over
    the questions this doctor answered first: from the question to their answer."""
    earlier = Answer.objects.filter(
        question=OuterRef("question"), created_at__lt=OuterRef("created_at")
    )
    week_ago = timezone.now() - timedelta(days=7)
    figures = answers.alias(answered_first=~Exists(earlier)).aggregate(
        total=Count("id"),
        this_week=Count("id", filter=Q(created_at__gte=week_ago)),
        thanks=Sum("thanks_count", default=0),
        agreements=Sum("agree_count", default=0),
        first_answer_time=Avg(
            F("created_at") - F("question__created_at"), filter=Q(answered_first=True)
        ),
    )
    return figures


def doctor_public_stats(*, doctor: DoctorProfile) -> dict:
    """Answer count, thanks and agreements received, and average first-answer time, over
    the doctor's answers to public questions (the ones the page lists).

    Cached for PUBLIC_STATS_CACHE_SECONDS: the aggregate reads every one of the doctor's
    answers, which for a doctor with many thousands is most of a second. The doctor's own
    dashboard (doctor_dashboard_stats) stays exact."""

    def figures() -> dict:
        answers = Answer.objects.filter(doctor=doctor, question__is_private=False)
        result = _answer_figures(answers)
        result.pop("this_week")
        return result

    return cache.get_or_set(f"doctor-public-stats:{doctor.pk}", figures, PUBLIC_STATS_CACHE_SECONDS)


def doctor_dashboard_stats(*, doctor: DoctorProfile) -> dict:
    """The doctor's own figures: every answer, private questions included."""
    figures = _answer_figures(Answer.objects.filter(doctor=doctor))
    figures.pop("first_answer_time")
    return figures


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing


def doctor_profile_completeness(*, doctor: DoctorProfile) -> Completeness:
    """How much of the public profile is filled in, and what is missing, in the words the
    dashboard shows. Every item counts the same."""
    qualifications = list(doctor.qualification_set.all())
    items = [
        ("a photo", bool(doctor.photo)),
        ("your specialties", doctor.specialties.exists()),
        ("your qualifications", bool(qualifications)),
        (
            "where each qualification is from",
            bool(qualifications) and all(q.institution for q in qualifications),
        ),
        ("your years of experience", doctor.years_of_experience is not None),
        ("the languages you speak", bool(doctor.languages)),
        ("your city", doctor.city_id is not None),
        ("your clinic", bool(doctor.clinic)),
        ("your consultation fee", doctor.consultation_fee is not None),
        ("a short bio", len(doctor.bio) >= 80),
    ]
    done = sum(1 for _, ok in items if ok)
    return Completeness(
        percent=round(100 * done / len(items)), missing=[name for name, ok in items if not ok]
    )


# --- Staff ---------------------------------------------------------------------------------
QUEUE_STATUSES = [
    ApplicationStatus.PENDING,
    ApplicationStatus.NEEDS_INFO,
    ApplicationStatus.REJECTED,
    ApplicationStatus.APPROVED,
]


def doctor_application_list(*, status: str):
    """Applications in one state, oldest submission first, each with its documents,
    qualifications and specialties (four queries per page whatever its length)."""
    return (
        DoctorProfile.objects.filter(application_status=status)
        .select_related("user", "city")
        .prefetch_related(
            "specialties",
            "qualification_set",
            Prefetch("documents", queryset=ProofDocument.objects.order_by("uploaded_at", "id")),
        )
        .order_by("submitted_at", "id")
    )


def doctor_application_counts() -> dict[str, int]:
    rows = DoctorProfile.objects.values("application_status").annotate(n=Count("id"))
    counts = {status.value: 0 for status in QUEUE_STATUSES}
    counts.update({row["application_status"]: row["n"] for row in rows})
    return counts


def doctor_application_for_review(*, pk: int) -> DoctorProfile | None:
    return (
        DoctorProfile.objects.filter(pk=pk)
        .select_related("user", "city")
        .prefetch_related("specialties", "qualification_set", "documents")
        .first()
    )


def doctor_verification_events(*, doctor: DoctorProfile):
    return VerificationEvent.objects.filter(doctor=doctor).select_related("actor")


def proof_document_for_download(*, pk: int) -> ProofDocument | None:
    return ProofDocument.objects.select_related("doctor").filter(pk=pk).first()
