"""The data rights through the real Redis broker, a real Celery worker and a real SMTP
server: the export ZIP is built, emailed once and holds what it should; a deletion after
the grace period removes exactly what it promises, counted row by row."""

import io
import json
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from patients.models import AccountDeletion, DataExport
from patients.services import account_deletion_request
from patients.tasks import data_export_build_task, patients_housekeeping_task
from portal.accounts.models import AuditLogEntry, Consent, User
from portal.notifications.models import EmailPreferences, Notification
from questions.models import Agreement, Answer, Attachment, FollowUp, Question, Thanks
from questions.services import (
    answer_create,
    answer_thank,
    attachments_add,
    follow_up_create,
    follow_up_reply,
    question_create,
    question_record_view,
)
from tests.conftest import message_text
from tests.factories import PASSWORD, UserFactory
from tests.helpers import wait_until
from tests.questions import files

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PUBLIC_TEXT = "A scaly patch on my scalp for two months that flakes and itches."
REMOVED_TEXT = "Red itchy bumps on my ankles after a trip to the hills last week."
PRIVATE_TEXT = "A painful lump under my arm for ten days, a little red around it."
OTHER_TEXT = "My son has a fever of 101 since yesterday and a runny nose."
ANSWER = "This looks like seborrhoeic dermatitis. A ketoconazole shampoo twice a week helps."
FOLLOW_UP = "Should I use the shampoo on my eyebrows as well, doctor?"
REPLY = "Yes, leave the lather on for a minute and rinse well, twice a week."


@pytest.fixture(autouse=True)
def _no_flood_interval(settings):
    settings.QUESTION_FLOOD_SECONDS = 0


def _patient_world(patient, doctor, staff):
    EmailPreferences.objects.create(user=patient, answers=False, follow_ups=False)
    public = question_create(author=patient, text=PUBLIC_TEXT, age=30, gender="male")
    removed = question_create(author=patient, text=REMOVED_TEXT, age=30, gender="male")
    Question.objects.filter(author=patient).update(created_at=timezone.now() - timedelta(hours=1))
    private = question_create(
        author=patient, text=PRIVATE_TEXT, age=30, gender="male", is_private=True
    )
    attachments_add(user=patient, question=private, files=[files.photo_with_location()])
    for question in (public, removed, private):
        answer_create(user=doctor.user, question=question, body=ANSWER)
    answer = public.answers.get()
    follow_up = follow_up_create(user=patient, answer=answer, text=FOLLOW_UP)
    follow_up_reply(user=doctor.user, follow_up=follow_up, text=REPLY)
    answer_thank(user=patient, answer=answer)
    question_record_view(user=staff, question=private)
    return public, removed, private


def test_the_export_is_built_emailed_once_and_holds_the_patients_data(
    celery_worker, smtp_sink, client, patient, doctor, staff, settings
):
    public, removed, private = _patient_world(patient, doctor, staff)
    attachment = private.attachments.get()
    client.force_login(patient)

    client.post(reverse("patients:export"))

    export = DataExport.objects.get(user=patient)
    assert wait_until(
        lambda: DataExport.objects.get(pk=export.pk).status == DataExport.Status.READY, 40
    )
    for_patient = lambda: [  # noqa: E731
        m for m in smtp_sink.messages if m["To"] == patient.email
    ]
    assert wait_until(lambda: len(for_patient()) == 1, 30)
    # Run again, directly and through the worker: nothing more is built or sent.
    assert data_export_build_task.apply(args=(export.pk,)).get() is False
    data_export_build_task.delay(export.pk)
    time.sleep(1)
    emails = for_patient()
    assert [m["Subject"] for m in emails] == ["Your data export is ready"]
    body = message_text(emails[0])
    assert f"{settings.SITE_URL}/notifications/" in body
    for fragment in ("scalp", "lump", "shampoo", "eyebrows"):
        assert fragment not in body

    response = client.get(reverse("patients:export_download", args=[export.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert names == {
        "README.txt",
        "consultations.json",
        "account.json",
        "questions.json",
        "thanks.json",
        "notifications.json",
        "audit_log.json",
        f"attachments/{attachment.pk}.jpg",
    }
    account = json.loads(archive.read("account.json"))
    assert account["email"] == patient.email
    assert account["consents"][0]["privacy_policy_version"] == "2026-01"
    assert account["email_preferences"]["answers"] is False
    questions = json.loads(archive.read("questions.json"))
    assert [q["text"] for q in questions] == [PUBLIC_TEXT, REMOVED_TEXT, PRIVATE_TEXT]
    first = questions[0]["answers"][0]
    assert (first["doctor"], first["answer"]) == ("Dr. Asha Rao", ANSWER)
    assert (first["follow_up"]["text"], first["follow_up"]["reply"]) == (FOLLOW_UP, REPLY)
    assert questions[2]["attachments"] == [f"attachments/{attachment.pk}.jpg"]
    assert len(json.loads(archive.read("thanks.json"))) == 1
    # Everything shown to the patient before the export (its own "ready" note comes after).
    shown = Notification.objects.filter(recipient=patient)
    assert len(json.loads(archive.read("notifications.json"))) == (
        shown.exclude(kind=Notification.Kind.DATA_EXPORT).count()
    )
    audit = json.loads(archive.read("audit_log.json"))
    assert [(a["what"], a["by"]) for a in audit] == [("view private question", "a moderator")]
    with attachment.file.open("rb") as handle:
        assert archive.read(f"attachments/{attachment.pk}.jpg") == handle.read()
    # Another account cannot download it.
    client.force_login(UserFactory())
    assert client.get(reverse("patients:export_download", args=[export.pk])).status_code == 404


TABLES = {
    "users": User,
    "email addresses": EmailAddress,
    "questions": Question,
    "answers": Answer,
    "agreements": Agreement,
    "attachments": Attachment,
    "follow-ups": FollowUp,
    "thanks": Thanks,
    "notifications": Notification,
    "consents": Consent,
    "email preferences": EmailPreferences,
    "data exports": DataExport,
    "devices": UserSession,
    "sessions": Session,
    "audit log": AuditLogEntry,
    "deletion requests": AccountDeletion,
}


def counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in TABLES.items()}


def test_deletion_after_the_grace_period_removes_exactly_what_it_promises(
    celery_worker, smtp_sink, client, patient, doctor, staff, other_patient
):
    public, removed, private = _patient_world(patient, doctor, staff)
    attachment_paths = [Path(a.file.path) for a in Attachment.objects.all()]
    attachment_paths += [Path(a.thumbnail.path) for a in Attachment.objects.all()]
    other = question_create(author=other_patient, text=OTHER_TEXT, age=6, gender="male")
    client.post(reverse("account_login"), {"login": patient.email, "password": PASSWORD})
    export = DataExport.objects.create(user=patient)
    data_export_build_task.apply(args=(export.pk,))
    export.refresh_from_db()
    export_path = Path(export.file.path)
    own_notifications = Notification.objects.filter(recipient=patient).count()
    assert UserSession.objects.filter(user=patient).count() == 1
    account_deletion_request(user=patient, password=PASSWORD, remove_question_ids=[removed.pk])
    before = counts()

    # Within the grace period the beat job leaves it alone.
    patients_housekeeping_task.delay()
    time.sleep(1)
    assert counts() == before
    AccountDeletion.objects.update(scheduled_for=timezone.now() - timedelta(minutes=1))
    patients_housekeeping_task.delay()

    subject = "[Health Portal] Your account has been deleted"
    assert wait_until(lambda: any(m["Subject"] == subject for m in smtp_sink.messages), 20)
    time.sleep(0.5)
    deleted = [m for m in smtp_sink.messages if m["Subject"] == subject]
    assert [m["To"] for m in deleted] == [patient.email]
    assert wait_until(lambda: not AccountDeletion.objects.exists())
    after = counts()
    assert {name: before[name] - after[name] for name in TABLES} == {
        "users": 1,
        "email addresses": 1,
        "questions": 2,  # the private one and the public one chosen for removal
        "answers": 2,
        "agreements": 0,
        "attachments": 1,
        "follow-ups": 1,
        "thanks": 1,
        "notifications": own_notifications,
        "consents": 1,
        "email preferences": 1,
        "data exports": 1,
        "devices": 1,
        "sessions": 1,
        "audit log": 0,  # staff looks at private questions stay (README: kept by law)
        "deletion requests": 1,
    }
    kept = Question.objects.get(pk=public.pk)
    assert (kept.author_id, kept.address_hash, kept.text) == (None, "", PUBLIC_TEXT)
    assert kept.answers.count() == 1
    assert not Question.objects.filter(pk__in=[removed.pk, private.pk]).exists()
    assert Question.objects.get(pk=other.pk).author == other_patient
    assert not any(path.exists() for path in [*attachment_paths, export_path])
