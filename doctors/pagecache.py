"""Which cached pages show a doctor (portal/pagecache.py): everywhere their badge is
(``doctor:<pk>``: their page, questions they answered, cards), and the lists of doctors
(``doctors``, and ``doctors-in:<specialty>`` for top-doctor lists and link counts)."""

from django.utils import timezone

from portal import pagecache

from .models import DoctorProfile, Qualification


def doctor_tags(doctor: DoctorProfile) -> list[str]:
    specialty_ids = (
        list(doctor.specialties.values_list("pk", flat=True)) if doctor.pk is not None else []
    )
    return [
        f"doctor:{doctor.pk}",
        "doctors",
        *(f"doctors-in:{pk}" for pk in specialty_ids),
    ]


def qualification_tags(qualification: Qualification) -> list[str]:
    return [f"doctor:{qualification.doctor_id}"]


def declare_doctor(doctor: DoctorProfile) -> None:
    """The page being rendered shows ``doctor``'s badge or record: stale when it changes,
    and no later than when their verification ends."""
    pagecache.depends_on(f"doctor:{doctor.pk}")
    if doctor.verified_until is not None and doctor.verified_until > timezone.now():
        pagecache.expires_at(doctor.verified_until)


def declare_doctors(doctors, *tags: str) -> None:
    """``declare_doctor`` for a list of them, and ``depends_on(*tags)``, in one round
    trip."""
    doctors = list(doctors)
    pagecache.depends_on(*tags, *(f"doctor:{doctor.pk}" for doctor in doctors))
    now = timezone.now()
    for doctor in doctors:
        if doctor.verified_until is not None and doctor.verified_until > now:
            pagecache.expires_at(doctor.verified_until)


def badge_identity(doctor: DoctorProfile) -> tuple:
    """Every value partials/doctor_badge.html shows of ``doctor`` (but the specialties),
    for blocks kept by what they show (portal/pagecache.py: rendered_blocks). Verification
    is read as ``is_verified``, which time alone ends."""
    return (
        doctor.pk,
        doctor.slug,
        doctor.full_name,
        doctor.photo.name if doctor.photo else "",
        repr(sorted(doctor.photo_renditions.items())) if doctor.photo_renditions else "",
        doctor.is_verified,
    )


def watch_doctors() -> None:
    pagecache.watch(DoctorProfile, doctor_tags, m2m_fields=["specialties"])
    pagecache.watch(Qualification, qualification_tags)
