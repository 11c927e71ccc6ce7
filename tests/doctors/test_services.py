"""doctors.services: applying, staff decisions, re-confirmation and reminders."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from doctors.models import (
    VERIFICATION_VALIDITY,
    ApplicationStatus,
    DoctorProfile,
    ProofDocument,
    VerificationEvent,
)
from doctors.services import (
    QualificationData,
    doctor_application_approve,
    doctor_application_reject,
    doctor_application_request_info,
    doctor_reconfirm,
    doctor_reminder_claim,
    doctor_slug,
    doctor_verification_remind,
)
from portal.accounts import roles
from portal.accounts.models import AuditLogEntry, User
from portal.notifications.models import Notification
from questions.models import Answer
from questions.services import answer_create
from tests.factories import DoctorFactory, QuestionFactory, UserFactory
from tests.helpers import queued_tasks
from tests.questions.helpers import ANSWER_BODY

from .conftest import submit
from .files import exe_as_pdf_upload, jpeg_upload, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)


# --- Applying ------------------------------------------------------------------------------
def test_applying_creates_a_pending_application_with_its_record(patient, specialty, file_roots):
    doctor = submit(
        patient,
        specialties=[specialty],
        documents=[pdf_upload("My Registration.pdf"), png_upload("degree.png")],
        qualifications=[
            QualificationData("MBBS", "Grant Medical College", 2014),
            QualificationData("MD (Dermatology)", "KEM Hospital", 2018),
        ],
    )

    assert doctor.application_status == ApplicationStatus.PENDING
    assert not doctor.is_verified and not roles.can_answer(fresh(patient))
    assert doctor.slug == "meera-joshi"
    assert doctor.qualifications == "MBBS, MD (Dermatology)"
    assert [q.degree for q in doctor.qualification_set.all()] == ["MBBS", "MD (Dermatology)"]
    assert list(doctor.specialties.all()) == [specialty]
    assert [e.action for e in doctor.events.all()] == [VerificationEvent.Action.SUBMITTED]

    documents = list(doctor.documents.all())
    assert [(d.original_name, d.kind) for d in documents] == [
        ("My Registration.pdf", "pdf"),
        ("degree.png", "png"),
    ]
    for document in documents:
        # Stored under PRIVATE_MEDIA_ROOT with a random name; nothing under MEDIA_ROOT.
        path = Path(document.file.path)
        assert path.is_relative_to(file_roots / "private")
        assert "Registration" not in path.name
        assert path.stat().st_mode & 0o077 == 0  # readable by the portal only
        with pytest.raises(ValueError):
            document.file.url  # noqa: B018 - private files have no URL
    assert not (file_roots / "media").exists() or not any((file_roots / "media").rglob("*.pdf"))


def test_a_rejected_upload_saves_nothing(patient):
    with pytest.raises(ValidationError) as exc:
        submit(patient, documents=[pdf_upload(), exe_as_pdf_upload()])

    assert "documents" in exc.value.message_dict
    assert not DoctorProfile.objects.exists()
    assert not ProofDocument.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"registration_number": "  "}, "registration_number"),
        ({"licensing_council": "mars"}, "licensing_council"),
        ({"licensing_council": "other", "licensing_council_other": ""}, "licensing_council_other"),
        ({"registration_year": 1900}, "registration_year"),
        ({"registration_year": timezone.now().year + 1}, "registration_year"),
        ({"qualifications": []}, "qualifications"),
        ({"documents": []}, "documents"),
    ],
)
def test_application_fields_are_checked_in_the_service(patient, overrides, field):
    documents = overrides.pop("documents", None)
    with pytest.raises(ValidationError) as exc:
        submit(patient, documents=documents, **overrides)

    assert field in exc.value.message_dict
    assert not DoctorProfile.objects.exists()


def test_other_council_keeps_its_name(patient):
    doctor = submit(
        patient, licensing_council="other", licensing_council_other="Goa Medical Council"
    )

    assert doctor.council_name == "Goa Medical Council"


def test_visitors_and_approved_doctors_cannot_apply(doctor, expired_doctor):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), doctor.user, expired_doctor.user):
        with pytest.raises(PermissionDenied):
            submit(user)


def test_slugs_never_take_a_reserved_path_or_an_existing_slug(doctor):
    assert doctor_slug("Dr. Asha Rao") == "asha-rao-2"
    assert doctor_slug("Apply") == "apply-2"
    assert doctor_slug("Verification") == "verification-2"


def test_applicant_resubmits_after_staff_ask_for_information(application, verifier, patient):
    doctor_application_request_info(
        actor=verifier, doctor=application, reason="Please upload the registration certificate."
    )
    first = application.documents.get()

    resubmitted = submit(
        patient,
        registration_number="MMC 2015/02/9999",
        documents=[png_upload()],
        remove_document_ids=[first.pk],
    )

    assert resubmitted.pk == application.pk
    assert resubmitted.application_status == ApplicationStatus.PENDING
    assert resubmitted.status_reason == ""
    assert resubmitted.registration_number == "MMC 2015/02/9999"
    assert [d.kind for d in resubmitted.documents.all()] == ["png"]
    assert [e.action for e in resubmitted.events.order_by("created_at", "id")] == [
        "submitted",
        "needs_info",
        "resubmitted",
    ]


def test_a_submit_racing_an_approval_leaves_it_approved(application, verifier, patient):
    """``patient`` still holds the pending profile read before staff approved."""
    doctor_application_approve(actor=verifier, doctor=application)

    with pytest.raises(ValidationError) as exc:
        submit(patient, full_name="Meera Joshi Changed")

    assert exc.value.code == "already_approved"
    approved = DoctorProfile.objects.get(pk=application.pk)
    assert approved.application_status == ApplicationStatus.APPROVED
    assert approved.is_verified and approved.full_name == "Meera Joshi"
    assert not approved.events.filter(action="resubmitted").exists()


def test_photo_is_processed_into_public_media(patient, file_roots):
    doctor = submit(patient, photo=jpeg_upload(size=(1200, 900)))

    path = Path(doctor.photo.path)
    assert path.is_relative_to(file_roots / "media")
    assert doctor.photo.url.startswith("/media/doctors/photos/")


# --- Decisions ---------------------------------------------------------------------------
def test_approval_verifies_for_a_year_and_notifies_once(
    application, verifier, patient, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        approved = doctor_application_approve(actor=verifier, doctor=application)

    assert approved.is_verified
    assert approved.verified_until - approved.verified_at == VERIFICATION_VALIDITY
    assert roles.can_answer(fresh(patient))
    assert DoctorProfile.objects.verified().filter(pk=approved.pk).exists()
    event = approved.events.first()
    assert (event.action, event.actor) == ("approved", verifier)
    notification = Notification.objects.get(recipient=patient)
    assert notification.kind == Notification.Kind.DOCTOR_APPROVED
    assert notification.target_path == "/doctors/dashboard/"
    assert len(queued_tasks(callbacks)) == 1  # the email task, queued after commit
    assert AuditLogEntry.objects.filter(action="doctor_approved", actor=verifier).exists()


@pytest.mark.parametrize(
    ("decide", "status", "kind"),
    [
        (doctor_application_reject, ApplicationStatus.REJECTED, Notification.Kind.DOCTOR_REJECTED),
        (
            doctor_application_request_info,
            ApplicationStatus.NEEDS_INFO,
            Notification.Kind.DOCTOR_NEEDS_INFO,
        ),
    ],
)
def test_reject_and_ask_need_a_reason(application, verifier, decide, status, kind):
    with pytest.raises(ValidationError):
        decide(actor=verifier, doctor=application, reason="no")

    decided = decide(
        actor=verifier, doctor=application, reason="The number is not on the register."
    )

    assert decided.application_status == status
    assert decided.status_reason == "The number is not on the register."
    assert not decided.is_verified
    assert Notification.objects.get().kind == kind
    # The reason is for the dashboard; the email carries the title only.
    assert "register" not in Notification.objects.get().title


def test_only_verifiers_decide_and_never_on_their_own_application(application, staff, doctor):
    for actor in (staff, doctor.user, application.user):
        with pytest.raises(PermissionDenied):
            doctor_application_approve(actor=actor, doctor=application)

    verifier_applicant = UserFactory(is_staff=True)
    verifier_applicant.user_permissions.add(Permission.objects.get(codename="verify_doctor"))
    own = submit(verifier_applicant, full_name="Self Approver")
    with pytest.raises(PermissionDenied):
        doctor_application_approve(actor=fresh(verifier_applicant), doctor=own)
    assert not Notification.objects.exists()


def test_a_decided_application_cannot_be_decided_again(application, verifier):
    doctor_application_approve(actor=verifier, doctor=application)

    with pytest.raises(ValidationError) as exc:
        doctor_application_reject(
            actor=verifier, doctor=application, reason="Changed my mind here."
        )

    assert exc.value.code == "not_pending"
    assert Notification.objects.count() == 1


# --- Expiry ------------------------------------------------------------------------------
def test_an_expired_doctor_cannot_answer_but_keeps_old_answers(expired_doctor, patient):
    question = QuestionFactory(author=patient)
    Answer.objects.create(
        question=QuestionFactory(author=patient),
        doctor=expired_doctor,
        body="x",
        body_html="<p>x</p>",
    )

    with pytest.raises(PermissionDenied):
        answer_create(user=fresh(expired_doctor.user), question=question, body=ANSWER_BODY)

    assert Answer.objects.filter(doctor=expired_doctor).count() == 1
    assert not DoctorProfile.objects.verified().filter(pk=expired_doctor.pk).exists()
    assert DoctorProfile.objects.listed().filter(pk=expired_doctor.pk).exists()


def test_reconfirming_in_the_last_month_extends_by_a_year(doctor):
    now = timezone.now()
    DoctorProfile.objects.filter(pk=doctor.pk).update(
        verified_until=now + timedelta(days=10), reminder_sent_at=now - timedelta(days=20)
    )

    renewed = doctor_reconfirm(user=fresh(doctor.user), now=now)

    assert renewed.verified_until == now + timedelta(days=10) + VERIFICATION_VALIDITY
    assert renewed.reminder_sent_at is None
    assert renewed.is_verified
    assert renewed.events.first().action == "reconfirmed"


def test_reconfirming_twice_extends_once(doctor):
    """A double-submit: the second request passed the permission check before the first
    committed, and finds the extension once it holds the lock."""
    now = timezone.now()
    DoctorProfile.objects.filter(pk=doctor.pk).update(verified_until=now + timedelta(days=10))
    user = fresh(doctor.user)

    doctor_reconfirm(user=user, now=now)
    with pytest.raises(ValidationError) as exc:
        doctor_reconfirm(user=user, now=now)

    assert exc.value.code == "reconfirm_closed"
    doctor.refresh_from_db()
    assert doctor.verified_until == now + timedelta(days=10) + VERIFICATION_VALIDITY
    assert doctor.events.filter(action="reconfirmed").count() == 1


def test_an_expired_doctor_reconfirming_twice_stays_in_review(expired_doctor):
    user = fresh(expired_doctor.user)
    ended = expired_doctor.verified_until

    doctor_reconfirm(user=user)
    with pytest.raises(ValidationError):
        doctor_reconfirm(user=user)

    expired_doctor.refresh_from_db()
    assert expired_doctor.application_status == ApplicationStatus.PENDING
    assert expired_doctor.verified_until == ended
    assert expired_doctor.events.filter(action="reconfirmed").count() == 1


def test_reconfirming_is_closed_until_the_last_month(doctor):
    with pytest.raises(PermissionDenied):
        doctor_reconfirm(user=fresh(doctor.user))


def test_an_expired_doctor_who_reconfirms_goes_back_to_review(expired_doctor):
    renewed = doctor_reconfirm(user=fresh(expired_doctor.user))

    assert renewed.application_status == ApplicationStatus.PENDING
    assert not renewed.is_verified
    assert renewed.verified_at is not None  # the old record stays
    assert DoctorProfile.objects.filter(application_status="pending").get() == renewed


def test_reminders_go_thirty_days_before_and_only_once(specialty):
    now = timezone.now().replace(microsecond=0)

    def doctor_ending_in(days):
        doctor = DoctorFactory()
        DoctorProfile.objects.filter(pk=doctor.pk).update(verified_until=now + timedelta(days=days))
        return doctor

    due = doctor_ending_in(29)
    also_due = doctor_ending_in(1)
    not_yet = doctor_ending_in(31)
    already_over = doctor_ending_in(-1)

    assert doctor_verification_remind(now=now) == 2
    assert doctor_verification_remind(now=now) == 0

    reminded = set(Notification.objects.values_list("recipient", flat=True))
    assert reminded == {due.user_id, also_due.user_id}
    notification = Notification.objects.get(recipient=due.user)
    assert notification.kind == Notification.Kind.DOCTOR_REMINDER
    assert notification.target_path == "/doctors/dashboard/reconfirm/"
    for doctor in (not_yet, already_over):
        doctor.refresh_from_db()
        assert doctor.reminder_sent_at is None
    # A day later the 31-day doctor is 30 days away: reminded then, once.
    assert doctor_verification_remind(now=now + timedelta(days=1)) == 1
    assert doctor_verification_remind(now=now + timedelta(days=2)) == 0


def test_a_doctor_who_reconfirmed_after_the_listing_is_not_claimed(doctor, expired_doctor):
    """The remind run lists the due doctors first and claims each afterwards; in between,
    one re-confirms (their new period is not due) and another lapses."""
    now = timezone.now().replace(microsecond=0)
    DoctorProfile.objects.filter(pk=doctor.pk).update(verified_until=now + timedelta(days=10))
    doctor_reconfirm(user=fresh(doctor.user), now=now)

    assert not doctor_reminder_claim(pk=doctor.pk, now=now)
    assert not doctor_reminder_claim(pk=expired_doctor.pk, now=now)

    doctor.refresh_from_db()
    assert doctor.reminder_sent_at is None
    assert doctor_verification_remind(now=now) == 0
    assert not Notification.objects.exists()


def test_next_years_reminder_comes_after_reconfirming(doctor):
    now = timezone.now()
    DoctorProfile.objects.filter(pk=doctor.pk).update(verified_until=now + timedelta(days=5))
    assert doctor_verification_remind(now=now) == 1

    renewed = doctor_reconfirm(user=fresh(doctor.user), now=now)

    later = renewed.verified_until - timedelta(days=20)
    assert doctor_verification_remind(now=later) == 1
