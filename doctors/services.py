"""Writes for doctors: applying, staff decisions, re-confirmation, reminders, profile edits.

Every state change writes a VerificationEvent (the record patients and staff can trust)
and, where the doctor should hear about it, a notification whose email the worker sends
after commit, exactly once (portal.notifications).
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from portal.accounts.services import audit_log_write
from portal.images import Renditions
from portal.notifications.models import Notification
from portal.notifications.services import notification_create

from .models import (
    FIRST_YEAR,
    MAX_FEE,
    REMINDER_BEFORE,
    VERIFICATION_VALIDITY,
    ApplicationStatus,
    DoctorProfile,
    LicensingCouncil,
    ProofDocument,
    Qualification,
    VerificationEvent,
    years_of_experience_max,
)
from .permissions import (
    check_apply_permission,
    check_decide_application_permission,
    check_edit_public_profile_permission,
    check_reconfirm_permission,
)
from .uploads import check_photo, check_proof_documents, process_photo

logger = logging.getLogger(__name__)

REASON_MIN_LENGTH = 10
BIO_MAX_LENGTH = DoctorProfile._meta.get_field("bio").max_length

# What the forms and the services say; the tests assert on these.
YEARS_OF_EXPERIENCE_RANGE = gettext_lazy("Enter a number of years between 0 and %(limit_value)d.")
FEE_RANGE = format_lazy(gettext_lazy("Enter a fee between ₹0 and ₹{limit}."), limit=f"{MAX_FEE:,}")
BIO_TOO_LONG = format_lazy(
    gettext_lazy("Please keep your bio under {limit} characters."), limit=f"{BIO_MAX_LENGTH:,}"
)
YEAR_RANGE = gettext_lazy("Enter a year between %(first)d and %(last)d.")
QUALIFICATION_YEAR_RANGE = gettext_lazy(
    "Qualification years must be between %(first)d and %(last)d."
)
COUNCIL_REQUIRED = gettext_lazy("Choose the council you are registered with.")
COUNCIL_OTHER_REQUIRED = gettext_lazy("Type the name of your licensing council.")
REGISTRATION_NUMBER_REQUIRED = gettext_lazy("Enter your medical registration number.")
REASON_REQUIRED_TEXT = gettext_noop(
    "Write the reason the doctor will read (at least %(limit)d characters)."
)
# The English sentence, as the tests read it; what is shown is reason_required().
REASON_REQUIRED = REASON_REQUIRED_TEXT % {"limit": REASON_MIN_LENGTH}


def reason_required() -> str:
    return gettext(REASON_REQUIRED_TEXT) % {"limit": REASON_MIN_LENGTH}


# Paths under /doctors/ that a doctor's slug must never take.
RESERVED_SLUGS = frozenset(
    {"apply", "dashboard", "verification", "documents", "profile", "reconfirm", "edit"}
)


@dataclass(frozen=True)
class QualificationData:
    degree: str
    institution: str = ""
    year: int | None = None


@dataclass(frozen=True)
class PublicDetails:
    """The parts of a profile a verified doctor may change without a new review."""

    years_of_experience: int | None
    specialties: Iterable
    languages: str
    city: object | None
    clinic: str
    consultation_fee: int | None
    bio: str


def _max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def doctor_slug(full_name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(full_name.replace("Dr.", " ").replace("dr.", " "))[:120].strip("-")
    base = base or "doctor"
    taken = set(
        DoctorProfile.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken or slug in RESERVED_SLUGS:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _current_year() -> int:
    return timezone.localdate().year


def _validate_public(details: PublicDetails, photo: UploadedFile | None) -> dict:
    errors = {}
    if photo is not None:
        try:
            check_photo(photo)
        except ValidationError as exc:
            errors["photo"] = exc.messages
    year_span = years_of_experience_max()
    if details.years_of_experience is not None and not (
        0 <= details.years_of_experience <= year_span
    ):
        errors["years_of_experience"] = YEARS_OF_EXPERIENCE_RANGE % {"limit_value": year_span}
    if details.consultation_fee is not None and not 0 <= details.consultation_fee <= MAX_FEE:
        errors["consultation_fee"] = FEE_RANGE
    if len(details.bio) > BIO_MAX_LENGTH:
        errors["bio"] = BIO_TOO_LONG
    return errors


def _validate_application(
    *,
    full_name: str,
    registration_number: str,
    licensing_council: str,
    licensing_council_other: str,
    registration_year: int | None,
    qualifications: list[QualificationData],
) -> dict:
    errors = {}
    this_year = _current_year()
    if len(full_name) < 3:
        errors["full_name"] = gettext("Enter your full name as it appears on your registration.")
    if not registration_number:
        errors["registration_number"] = REGISTRATION_NUMBER_REQUIRED
    if licensing_council not in LicensingCouncil.values:
        errors["licensing_council"] = COUNCIL_REQUIRED
    elif licensing_council == LicensingCouncil.OTHER and not licensing_council_other:
        errors["licensing_council_other"] = COUNCIL_OTHER_REQUIRED
    if registration_year is None or not FIRST_YEAR <= registration_year <= this_year:
        errors["registration_year"] = YEAR_RANGE % {"first": FIRST_YEAR, "last": this_year}
    if not qualifications:
        errors["qualifications"] = gettext("Add at least one qualification (for example MBBS).")
    elif any(q.year is not None and not FIRST_YEAR <= q.year <= this_year for q in qualifications):
        errors["qualifications"] = QUALIFICATION_YEAR_RANGE % {
            "first": FIRST_YEAR,
            "last": this_year,
        }
    return errors


def _event(*, doctor, action: str, actor=None, reason: str = "", now=None) -> VerificationEvent:
    return VerificationEvent.objects.create(
        doctor=doctor, actor=actor, action=action, reason=reason, created_at=now or timezone.now()
    )


def _delete_files_on_commit(files: list) -> None:
    """Remove replaced files from disk once the rows pointing at them are gone for good."""

    def delete():
        for field_file in files:
            try:
                field_file.storage.delete(field_file.name)
            except OSError:
                logger.warning("Could not delete %s", field_file.name)

    if files:
        transaction.on_commit(delete, robust=True)


def _apply_public(doctor: DoctorProfile, details: PublicDetails) -> None:
    doctor.years_of_experience = details.years_of_experience
    doctor.languages = ", ".join(
        part.strip() for part in details.languages.split(",") if part.strip()
    )[: _max_length(DoctorProfile, "languages")]
    doctor.city = details.city
    doctor.clinic = details.clinic.strip()
    doctor.consultation_fee = details.consultation_fee
    doctor.bio = details.bio.strip()


@dataclass(frozen=True)
class _StoredFile:
    storage: object
    name: str


def _replace_photo(doctor: DoctorProfile, *, photo: UploadedFile | None, remove: bool) -> list:
    """Set or clear the photo (its renditions, and ``photo`` naming the largest JPEG);
    returns the old files to delete after commit, less any the new photo shares (the
    same picture uploaded again has the same names)."""
    if photo is None and not remove:
        return []
    storage = doctor.photo.storage
    old = Renditions(doctor.photo_renditions).names() | (
        {doctor.photo.name} if doctor.photo else set()
    )
    if photo is not None:
        try:
            renditions = process_photo(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
        doctor.photo_renditions = renditions
        doctor.photo.name = renditions["jpeg"][-1]["name"]
    else:
        doctor.photo_renditions = {}
        doctor.photo = ""
    keep = Renditions(doctor.photo_renditions).names()
    return [_StoredFile(storage, name) for name in sorted(old - keep)]


def doctor_application_submit(
    *,
    user,
    full_name: str,
    registration_number: str,
    licensing_council: str,
    licensing_council_other: str = "",
    registration_year: int | None,
    qualifications: list[QualificationData],
    details: PublicDetails,
    new_documents: list[UploadedFile],
    remove_document_ids: Iterable[int] = (),
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> DoctorProfile:
    """Create the user's application, or update it and send it back to the queue (after
    staff asked for more information or rejected it). Nothing is saved unless everything
    is valid: fields, qualifications, and each document's content, size and count."""
    check_apply_permission(user)
    full_name = " ".join(full_name.split())
    registration_number = " ".join(registration_number.split())
    licensing_council_other = (
        " ".join(licensing_council_other.split())
        if licensing_council == LicensingCouncil.OTHER
        else ""
    )
    qualifications = [
        QualificationData(
            degree=" ".join(q.degree.split())[: _max_length(Qualification, "degree")],
            institution=" ".join(q.institution.split())[
                : _max_length(Qualification, "institution")
            ],
            year=q.year,
        )
        for q in qualifications
        if q.degree.strip()
    ]
    errors = _validate_application(
        full_name=full_name,
        registration_number=registration_number,
        licensing_council=licensing_council,
        licensing_council_other=licensing_council_other,
        registration_year=registration_year,
        qualifications=qualifications,
    )
    errors.update(_validate_public(details, photo))

    with transaction.atomic():
        doctor = DoctorProfile.objects.select_for_update().filter(user=user).first()
        # Staff may have approved since check_apply_permission read the profile; an
        # approved record changes only through re-confirmation, never back to pending.
        if doctor is not None and doctor.is_approved:
            raise ValidationError(
                "Your application was approved while you were editing it: edit your "
                "public details from the dashboard.",
                code="already_approved",
            )
        remove_ids = set(remove_document_ids)
        kept = 0
        removed: list[ProofDocument] = []
        if doctor is not None:
            current = list(doctor.documents.all())
            removed = [d for d in current if d.pk in remove_ids]
            kept = len(current) - len(removed)
        try:
            checked = check_proof_documents(list(new_documents), already_kept=kept)
        except ValidationError as exc:
            errors["documents"] = exc.messages
        if errors:
            raise ValidationError(errors)

        now = timezone.now()
        created = doctor is None
        if created:
            doctor = DoctorProfile(user=user, submitted_at=now)
            action = VerificationEvent.Action.SUBMITTED
        else:
            action = VerificationEvent.Action.RESUBMITTED
            if doctor.application_status != ApplicationStatus.PENDING:
                doctor.submitted_at = now
        if doctor.verified_at is None and doctor.full_name != full_name:
            # Never public yet, so the address can still follow the name.
            doctor.slug = doctor_slug(full_name, exclude_pk=doctor.pk)
        doctor.full_name = full_name
        doctor.registration_number = registration_number
        doctor.licensing_council = licensing_council
        doctor.licensing_council_other = licensing_council_other
        doctor.registration_year = registration_year
        doctor.qualifications = ", ".join(q.degree for q in qualifications)[
            : _max_length(DoctorProfile, "qualifications")
        ]
        doctor.application_status = ApplicationStatus.PENDING
        doctor.status_reason = ""
        _apply_public(doctor, details)
        old_files = _replace_photo(doctor, photo=photo, remove=remove_photo)
        doctor.save()
        doctor.specialties.set(details.specialties)

        doctor.qualification_set.all().delete()
        Qualification.objects.bulk_create(
            Qualification(doctor=doctor, degree=q.degree, institution=q.institution, year=q.year)
            for q in qualifications
        )
        for document in removed:
            old_files.append(document.file)
            document.delete()
        for item in checked:
            item.file.seek(0)
            ProofDocument.objects.create(
                doctor=doctor,
                file=item.file,
                kind=item.kind,
                original_name=item.original_name,
                size=item.size,
            )
        _event(doctor=doctor, action=action, actor=user, now=now)
        _delete_files_on_commit(old_files)
    return doctor


def doctor_profile_update(
    *,
    user,
    details: PublicDetails,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> DoctorProfile:
    """A verified doctor changes the public parts of their profile."""
    check_edit_public_profile_permission(user)
    errors = _validate_public(details, photo)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        doctor = DoctorProfile.objects.select_for_update().get(user=user)
        _apply_public(doctor, details)
        old_files = _replace_photo(doctor, photo=photo, remove=remove_photo)
        doctor.save()
        doctor.specialties.set(details.specialties)
        _delete_files_on_commit(old_files)
    return doctor


def doctor_photo_replace(*, user, photo: UploadedFile) -> DoctorProfile:
    """A verified doctor changes only their photo (the demo loader; a profile form goes
    through doctor_profile_update)."""
    check_edit_public_profile_permission(user)
    with transaction.atomic():
        doctor = DoctorProfile.objects.select_for_update().get(user=user)
        old_files = _replace_photo(doctor, photo=photo, remove=False)
        doctor.save(update_fields=["photo", "photo_renditions"])
        _delete_files_on_commit(old_files)
    return doctor


# --- Staff decisions -------------------------------------------------------------------
_DECISIONS = {
    ApplicationStatus.APPROVED: (
        VerificationEvent.Action.APPROVED,
        Notification.Kind.DOCTOR_APPROVED,
        gettext_noop("Your doctor profile is approved: you can now answer questions"),
    ),
    ApplicationStatus.NEEDS_INFO: (
        VerificationEvent.Action.NEEDS_INFO,
        Notification.Kind.DOCTOR_NEEDS_INFO,
        gettext_noop("Your doctor application needs more information"),
    ),
    ApplicationStatus.REJECTED: (
        VerificationEvent.Action.REJECTED,
        Notification.Kind.DOCTOR_REJECTED,
        gettext_noop("Your doctor application was not approved"),
    ),
}


def _decide(*, actor, doctor: DoctorProfile, status: str, reason: str = "") -> DoctorProfile:
    check_decide_application_permission(actor, doctor)
    reason = (reason or "").strip()
    if status != ApplicationStatus.APPROVED and len(reason) < REASON_MIN_LENGTH:
        raise ValidationError({"reason": reason_required()})
    event_action, kind, title = _DECISIONS[status]
    with transaction.atomic():
        locked = DoctorProfile.objects.select_for_update().get(pk=doctor.pk)
        if locked.application_status != ApplicationStatus.PENDING:
            raise ValidationError(
                gettext(
                    "This application is no longer waiting for review (%(status)s): someone "
                    "may have decided it already."
                )
                % {"status": locked.get_application_status_display().lower()},
                code="not_pending",
            )
        now = timezone.now()
        locked.application_status = status
        locked.status_reason = reason
        fields = ["application_status", "status_reason"]
        if status == ApplicationStatus.APPROVED:
            locked.verified_at = now
            locked.verified_until = now + VERIFICATION_VALIDITY
            locked.reminder_sent_at = None
            fields += ["verified_at", "verified_until", "reminder_sent_at"]
        locked.save(update_fields=fields)
        _event(doctor=locked, action=event_action, actor=actor, reason=reason, now=now)
        audit_log_write(actor=actor, action=f"doctor_{event_action}", target=locked)
        notification_create(
            recipient=locked.user,
            kind=kind,
            title=title,
            target_path=reverse("questions:dashboard"),
        )
    return locked


def doctor_application_approve(*, actor, doctor: DoctorProfile) -> DoctorProfile:
    """Approve a pending application: the doctor is verified for VERIFICATION_VALIDITY."""
    return _decide(actor=actor, doctor=doctor, status=ApplicationStatus.APPROVED)


def doctor_application_reject(*, actor, doctor: DoctorProfile, reason: str) -> DoctorProfile:
    return _decide(actor=actor, doctor=doctor, status=ApplicationStatus.REJECTED, reason=reason)


def doctor_application_request_info(*, actor, doctor: DoctorProfile, reason: str) -> DoctorProfile:
    return _decide(actor=actor, doctor=doctor, status=ApplicationStatus.NEEDS_INFO, reason=reason)


# --- Expiry ----------------------------------------------------------------------------
def verification_end_text(doctor: DoctorProfile) -> str:
    """The day ``doctor``'s verification ends, as messages and the record write it:
    "5 March 2027" (pages use the same format, ``|date:"j F Y"``)."""
    return date_format(timezone.localtime(doctor.verified_until), "j F Y")


def doctor_reconfirm(*, user, now: datetime | None = None) -> DoctorProfile:
    """The doctor confirms their details are still true. Before expiry this extends the
    verification by VERIFICATION_VALIDITY; after expiry the application goes back to the
    staff queue instead (a lapsed verification is not renewed by its holder alone)."""
    check_reconfirm_permission(user)
    now = now or timezone.now()
    with transaction.atomic():
        doctor = DoctorProfile.objects.select_for_update().get(user=user)
        # The check above ran before the lock: a double-submit waits here, then finds the
        # first request's extension (or its return to review) and must not apply twice.
        if not doctor.reconfirmation_open(now):
            raise ValidationError(
                gettext(
                    "Your details are already re-confirmed: see your dashboard for your "
                    "verification status."
                ),
                code="reconfirm_closed",
            )
        if doctor.is_expired:
            doctor.application_status = ApplicationStatus.PENDING
            doctor.submitted_at = now
            doctor.status_reason = ""
            reason = "Re-confirmed after the verification had expired: back to staff review."
        else:
            doctor.verified_until = max(doctor.verified_until, now) + VERIFICATION_VALIDITY
            reason = f"Verified until {verification_end_text(doctor)}."
        doctor.reminder_sent_at = None
        doctor.save(
            update_fields=[
                "application_status",
                "submitted_at",
                "status_reason",
                "verified_until",
                "reminder_sent_at",
            ]
        )
        _event(
            doctor=doctor,
            action=VerificationEvent.Action.RECONFIRMED,
            actor=user,
            reason=reason,
            now=now,
        )
    return doctor


def doctor_reminder_claim(*, pk: int, now: datetime) -> bool:
    """Mark doctor ``pk`` as reminded, if they still need the reminder at ``now``.

    The conditional update is the claim: two runs at once remind once. It repeats the
    listing's conditions because the doctor may have re-confirmed (a new period, not yet
    due) or lost their approval since the listing was read."""
    return bool(
        DoctorProfile.objects.verified(now=now)
        .filter(pk=pk, verified_until__lte=now + REMINDER_BEFORE, reminder_sent_at__isnull=True)
        .update(reminder_sent_at=now)
    )


def doctor_verification_remind(*, now: datetime) -> int:
    """Tell each verified doctor whose verification ends within REMINDER_BEFORE to
    re-confirm, once per verification period (``reminder_sent_at``). Returns how many
    were reminded. Safe to run any number of times."""
    due = (
        DoctorProfile.objects.verified(now=now)
        .filter(verified_until__lte=now + REMINDER_BEFORE, reminder_sent_at__isnull=True)
        .values_list("pk", flat=True)
    )
    reminded = 0
    for pk in list(due[:1000]):
        with transaction.atomic():
            if not doctor_reminder_claim(pk=pk, now=now):
                continue
            doctor = DoctorProfile.objects.select_related("user").get(pk=pk)
            ends = verification_end_text(doctor)
            _event(
                doctor=doctor,
                action=VerificationEvent.Action.REMINDED,
                reason=f"Verification ends on {ends}.",
                now=now,
            )
            notification_create(
                recipient=doctor.user,
                kind=Notification.Kind.DOCTOR_REMINDER,
                title=f"Please re-confirm your doctor details by {ends}",
                target_path=reverse("doctors:reconfirm"),
            )
            reminded += 1
    if reminded:
        logger.info("Reminded %d doctor(s) to re-confirm their details.", reminded)
    return reminded
