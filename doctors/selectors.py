"""Reads for doctors: profile pages, profile completeness, the verification queue. Figures
over a doctor's answers live with the answers, in questions.selectors."""

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, OuterRef, Prefetch
from django.db.models.functions import JSONObject
from django.utils.translation import gettext_lazy

from portal import pagecache
from portal.queries import KeptQuery
from portal.visibility import PUBLIC

from .models import (
    ApplicationStatus,
    DoctorProfile,
    ProofDocument,
    Qualification,
    VerificationEvent,
)


def _clinic_model():
    return DoctorProfile._meta.get_field("clinics").related_model


# What the profile shows of each related row, read with the doctor as JSON (one query
# where a prefetch per relation took four: a third of the page's time went on them).
_SPECIALTY_FIELDS = ("id", "name", "slug")
_QUALIFICATION_FIELDS = ("id", "doctor_id", "degree", "institution", "year")
_CLINIC_FIELDS = ("id", "name", "slug", "city_id")
_CITY_FIELDS = ("id", "name", "slug", "country_id")


def _rows_json(queryset, fields, **extra):
    return ArraySubquery(
        queryset.values(json=JSONObject(**{name: name for name in fields}, **extra))
    )


def _instances(model, rows, fields):
    """Model instances read from ``rows`` (dicts of ``fields``), as the database would
    have given them: any other field is deferred, so reading one asks a query rather than
    showing an empty value."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in fields]
    return [model.from_db(DEFAULT_DB_ALIAS, names, [row[name] for name in names]) for row in rows]


def _set_prefetched(instance, relation: str, objects: list) -> None:
    """``instance.<relation>.all()`` answers ``objects`` with no query, as
    prefetch_related would have left it (django.db.models.query.prefetch_one_level)."""
    manager = getattr(instance, relation)
    queryset = manager.get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    # Many-to-many managers name their cache; a reverse foreign key's is its accessor's.
    name = getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def _profile_query(slug: str):
    clinic_model = _clinic_model()
    specialty_model = DoctorProfile._meta.get_field("specialties").related_model
    return (
        DoctorProfile.objects.listed()
        .filter(slug=slug)
        # Their booking hours (consultations.Availability, by name like the clinics
        # below): the page asks whether they take bookings.
        .select_related("city", "availability")
        .defer("search_vector")
        .annotate(
            specialty_rows=_rows_json(
                specialty_model.objects.filter(doctors=OuterRef("pk")).order_by("name", "id"),
                _SPECIALTY_FIELDS,
            ),
            qualification_rows=_rows_json(
                Qualification.objects.filter(doctor=OuterRef("pk")).order_by("year", "id"),
                _QUALIFICATION_FIELDS,
            ),
            # Where the doctor practises, from the directory (directory.Clinic.doctors); by
            # name, without importing the directory, which itself reads doctors. Clinics
            # moderators hid stay off the page.
            clinic_rows=_rows_json(
                clinic_model.objects.filter(PUBLIC, doctors=OuterRef("pk")).order_by("name", "id"),
                _CLINIC_FIELDS,
                city=JSONObject(**{name: f"city__{name}" for name in _CITY_FIELDS}),
            ),
        )
        .order_by()[:1]
    )


_PROFILE = KeptQuery(_profile_query)


def doctor_for_profile_page(*, slug: str) -> DoctorProfile | None:
    """A doctor with a public page (DoctorProfileQuerySet.listed), with everything the
    page shows, in one query kept compiled (portal/queries.py): their specialties,
    qualifications and clinics (public ones, each with its city) come with the row as
    JSON and answer ``doctor.specialties.all()`` and the like as a prefetch would."""
    doctor = _PROFILE.first(slug=slug)
    if doctor is None:
        return None
    clinic_model = _clinic_model()
    city_model = clinic_model._meta.get_field("city").related_model
    specialty_model = DoctorProfile._meta.get_field("specialties").related_model
    _set_prefetched(
        doctor, "specialties", _instances(specialty_model, doctor.specialty_rows, _SPECIALTY_FIELDS)
    )
    _set_prefetched(
        doctor,
        "qualification_set",
        _instances(Qualification, doctor.qualification_rows, _QUALIFICATION_FIELDS),
    )
    clinics = _instances(clinic_model, doctor.clinic_rows, _CLINIC_FIELDS)
    for clinic, row in zip(clinics, doctor.clinic_rows, strict=True):
        clinic.city = _instances(city_model, [row["city"]], _CITY_FIELDS)[0]
    _set_prefetched(doctor, "clinics", clinics)
    return doctor


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
