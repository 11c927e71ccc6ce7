"""Reads for doctors: profile pages, profile completeness, the verification queue. Figures
over a doctor's answers live with the answers, in questions.selectors."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy

from portal import pagecache
from portal.visibility import PUBLIC

from .models import ApplicationStatus, DoctorProfile, ProofDocument, VerificationEvent


def _clinic_model():
    return DoctorProfile._meta.get_field("clinics").related_model


def doctor_for_profile_page(*, slug: str) -> DoctorProfile | None:
    """A doctor with a public page (DoctorProfileQuerySet.listed), with everything the
    page shows, in a fixed number of queries."""
    return (
        DoctorProfile.objects.listed()
        .filter(slug=slug)
        # Their booking hours (consultations.Availability, by name like the clinics
        # below): the page asks whether they take bookings.
        .select_related("city", "availability")
        .prefetch_related(
            "specialties",
            "qualification_set",
            # Where the doctor practises, from the directory (directory.Clinic.doctors); by
            # name, without importing the directory, which itself reads doctors. Clinics
            # moderators hid stay off the page.
            Prefetch(
                "clinics",
                queryset=_clinic_model().objects.filter(PUBLIC).select_related("city"),
            ),
        )
        .first()
    )


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing


def doctor_profile_lists(*, doctor: DoctorProfile) -> dict:
    """The doctor's specialty ids (by name) and where each qualification is from: what
    the dashboard reads of their profile besides the profile row. A fragment of the page
    cache kept until their ``doctor:<pk>`` version moves (a profile saved, a specialty
    added or removed, a qualification saved or deleted: doctors/pagecache.py), so the
    dashboard asks no query for them."""

    def lists() -> dict:
        return {
            "specialty_ids": list(doctor.specialties.values_list("pk", flat=True)),
            "qualification_institutions": list(
                doctor.qualification_set.values_list("institution", flat=True)
            ),
        }

    return pagecache.fragment(f"doctor-profile-lists:{doctor.pk}", [f"doctor:{doctor.pk}"], lists)


def doctor_profile_completeness(
    *, doctor: DoctorProfile, lists: dict | None = None
) -> Completeness:
    """How much of the public profile is filled in, and what is missing, in the words the
    dashboard shows. Every item counts the same. ``lists``: doctor_profile_lists, where
    the caller already read it."""
    lists = doctor_profile_lists(doctor=doctor) if lists is None else lists
    institutions = lists["qualification_institutions"]
    items = [
        (gettext_lazy("a photo"), bool(doctor.photo)),
        (gettext_lazy("your specialties"), bool(lists["specialty_ids"])),
        (gettext_lazy("your qualifications"), bool(institutions)),
        (
            gettext_lazy("where each qualification is from"),
            bool(institutions) and all(institutions),
        ),
        (gettext_lazy("your years of experience"), doctor.years_of_experience is not None),
        (gettext_lazy("the languages you speak"), bool(doctor.languages)),
        (gettext_lazy("your city"), doctor.city_id is not None),
        (gettext_lazy("your clinic"), bool(doctor.clinic)),
        (gettext_lazy("your consultation fee"), doctor.consultation_fee is not None),
        (gettext_lazy("a short bio"), len(doctor.bio) >= 80),
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
