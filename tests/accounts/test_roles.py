"""portal.accounts.roles: the one place that answers "what may this user do"."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from doctors.models import DoctorProfile
from portal.accounts import roles
from portal.accounts.models import AuditLogEntry, User
from portal.accounts.services import audit_log_write
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def user_of(request, who):
    if who == "visitor":
        return AnonymousUser()
    person = request.getfixturevalue(who)
    return getattr(person, "user", person)


@pytest.mark.parametrize(
    ("who", "verified", "pending", "answers", "private", "moderator", "asks", "no_flood"),
    [
        ("visitor", False, False, False, False, False, False, False),
        ("patient", False, False, False, False, False, True, False),
        ("applicant", False, True, False, False, False, True, False),
        ("doctor", True, False, True, True, False, True, False),
        ("staff", False, False, False, True, True, True, True),
    ],
)
def test_role_answers(request, who, verified, pending, answers, private, moderator, asks, no_flood):
    user = user_of(request, who)

    assert roles.is_verified_doctor(user) is verified
    assert roles.is_doctor_applicant(user) is pending
    assert roles.can_answer(user) is answers
    assert roles.can_view_private_questions(user) is private
    assert roles.is_moderator(user) is moderator
    assert roles.is_patient(user) is asks
    assert roles.bypasses_flood_control(user) is no_flood


def test_a_doctor_loses_answering_when_verification_expires(doctor):
    doctor.verified_until = timezone.now() - timedelta(seconds=1)
    doctor.save()
    user = User.objects.get(pk=doctor.user.pk)  # fresh: no cached profile

    assert roles.can_answer(user) is False
    assert roles.is_verified_doctor(user) is False
    assert roles.is_expired_doctor(user) is True
    assert roles.is_doctor_applicant(user) is True
    assert not DoctorProfile.objects.verified().filter(pk=doctor.pk).exists()


def test_a_pending_application_is_not_verified_even_with_a_date(applicant):
    applicant.verified_until = timezone.now() + timedelta(days=100)
    applicant.save()
    user = User.objects.get(pk=applicant.user.pk)

    assert roles.is_verified_doctor(user) is False
    assert not DoctorProfile.objects.verified().exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("visitor", False),
        ("patient", False),
        ("applicant", False),
        ("doctor", False),
        ("staff", False),
        ("verifier", True),
    ],
)
def test_only_staff_with_the_permission_verify_doctors(request, who, expected):
    assert roles.can_verify_doctors(user_of(request, who)) is expected


def test_a_verifier_who_is_no_longer_staff_cannot_verify(verifier):
    verifier.is_staff = False
    verifier.save()

    assert roles.can_verify_doctors(User.objects.get(pk=verifier.pk)) is False


def test_editors_are_members_of_the_editors_group(patient):
    assert roles.is_editor(patient) is False
    assert roles.is_editor(AnonymousUser()) is False

    # The Editors group exists on every database: synced after migrate (accounts.groups).
    patient.groups.add(Group.objects.get_or_create(name=roles.EDITORS_GROUP)[0])

    assert roles.is_editor(User.objects.get(pk=patient.pk)) is True


def test_audit_log_write_records_actor_action_and_target(staff):
    question = QuestionFactory()

    entry = audit_log_write(
        actor=staff, action="view_private_question", target=question, detail="x" * 400
    )

    entry = AuditLogEntry.objects.get(pk=entry.pk)
    assert entry.actor == staff
    assert (entry.target_type, entry.target_id) == ("questions.question", str(question.pk))
    assert len(entry.detail) == 300


def test_audit_log_write_with_anonymous_actor_stores_no_actor():
    question = QuestionFactory()

    entry = audit_log_write(actor=AnonymousUser(), action="looked", target=question)

    assert entry.actor is None


def test_user_email_is_normalised_on_creation():
    user = User.objects.create_user("Mixed.Case@Example.ORG", "pw-123456789")
    assert user.email == "mixed.case@example.org"
