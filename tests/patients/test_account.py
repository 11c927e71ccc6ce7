"""The patient's account pages: profile, consent, email preferences and one-click
unsubscribe, devices, export links and the deletion request."""

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from patients.models import AccountDeletion, DataExport
from patients.permissions import DELETE_NOT_FOR_DOCTORS, DELETE_NOT_FOR_STAFF
from patients.services import (
    DELETION_ALREADY_SCHEDULED,
    DELETION_WRONG_PASSWORD,
    account_deletion_email_send,
    account_deletion_request,
)
from patients.signals import DELETION_CANCELLED
from portal.accounts.consent import CONSENT_REQUIRED, current_privacy_policy_version
from portal.accounts.models import Consent
from portal.notifications.models import EmailPreferences, Notification
from portal.notifications.preferences import (
    UNSUBSCRIBE_BAD_LINK,
    unsubscribe_token,
)
from portal.notifications.services import notification_create, notification_email_send
from portal.policies.models import PolicyKind
from portal.policies.services import policy_page_ensure, policy_version_publish
from tests.conftest import message_text
from tests.factories import PASSWORD, QuestionFactory
from tests.helpers import queued_tasks

pytestmark = pytest.mark.django_db


def test_sign_up_needs_explicit_consent_and_records_the_policy_version(client, settings):
    settings.PRIVACY_POLICY_VERSION = "2026-03"
    data = {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}

    refused = client.post(reverse("account_signup"), data)
    assert CONSENT_REQUIRED in refused.content.decode()
    assert "new@example.org" in refused.content.decode()
    client.post(reverse("account_signup"), {**data, "consent": "on"})

    consent = Consent.objects.get(user__email="new@example.org")
    assert consent.policy_version == "2026-03" == current_privacy_policy_version()
    assert timezone.now() - consent.given_at < timedelta(minutes=1)


def test_consent_points_at_the_privacy_policy_in_force_once_one_is_published(client):
    page = policy_page_ensure(kind=PolicyKind.PRIVACY)
    policy_version_publish(page=page, body="We keep your questions to answer them.")
    in_force = policy_version_publish(page=page, body="We keep your questions, and delete them.")
    data = {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}

    client.post(reverse("account_signup"), {**data, "consent": "on"})

    consent = Consent.objects.get(user__email="new@example.org")
    assert consent.policy == in_force
    assert consent.policy_version == f"2 of {in_force.published_at:%Y-%m-%d}"
    assert consent.policy_version == current_privacy_policy_version()


def test_the_account_page_shows_consent_and_saves_the_display_name(client, patient, settings):
    assert settings.PRIVACY_POLICY_VERSION == "2026-01"  # the factory's sign-up consent
    client.force_login(patient)

    page = client.get(reverse("patients:account")).content.decode()
    client.post(reverse("patients:account"), {"display_name": "  Riya   K "})

    assert "privacy policy version 2026-01" in page
    assert reverse("account_email") in page and reverse("usersessions_list") in page
    patient.refresh_from_db()
    assert patient.display_name == "Riya K"


def test_the_display_name_greets_in_emails_and_never_shows_on_pages(client, patient, doctor):
    patient.display_name = "Riya"
    patient.save()
    question = QuestionFactory(author=patient)
    notification = notification_create(
        recipient=patient, kind=Notification.Kind.ANSWER, title="Dr. X answered", target_path="/"
    )
    notification_email_send(notification_id=notification.pk)

    assert mail.outbox[0].body.startswith("Hello Riya,")
    assert "Riya" not in client.get(question.get_absolute_url()).content.decode()


def test_preferences_default_on_except_the_newsletter_and_can_be_changed(client, patient):
    client.force_login(patient)
    form = client.get(reverse("patients:preferences")).context["form"]
    assert {f: form[f].value() for f in EmailPreferences.FIELDS} == {
        "answers": True,
        "follow_ups": True,
        "consultations": True,
        "newsletter": False,
    }

    client.post(reverse("patients:preferences"), {"follow_ups": "on"})

    saved = EmailPreferences.objects.get(user=patient)
    assert (saved.answers, saved.follow_ups, saved.newsletter) == (False, True, False)


def test_an_email_turned_off_is_not_sent_but_the_notification_stays(patient):
    EmailPreferences.objects.create(user=patient, answers=False)
    notification = notification_create(
        recipient=patient, kind=Notification.Kind.ANSWER, title="Dr. X answered", target_path="/"
    )

    assert notification_email_send(notification_id=notification.pk) is False
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SKIPPED


def test_non_essential_emails_carry_rfc_8058_headers_and_essential_ones_do_not(patient):
    answer = notification_create(
        recipient=patient, kind=Notification.Kind.ANSWER, title="Dr. X answered", target_path="/"
    )
    export = notification_create(
        recipient=patient, kind=Notification.Kind.DATA_EXPORT, title="Ready", target_path="/"
    )
    notification_email_send(notification_id=answer.pk)
    notification_email_send(notification_id=export.pk)

    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http") and "/notifications/unsubscribe/" in url
    assert url in mail.outbox[0].body
    assert "List-Unsubscribe" not in mail.outbox[1].extra_headers


def test_one_click_unsubscribe_works_signed_out_and_changes_one_preference(client, patient):
    EmailPreferences.objects.create(user=patient, newsletter=True)
    url = reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user_id=patient.pk, field="answers")]
    )

    shown = client.get(url)
    done = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert shown.status_code == 200
    assert done.status_code == 200
    saved = EmailPreferences.objects.get(user=patient)
    assert (saved.answers, saved.follow_ups, saved.newsletter) == (False, True, True)


@pytest.mark.parametrize("tamper", ["signature", "field", "user"])
def test_a_tampered_unsubscribe_link_changes_nothing(client, patient, other_patient, tamper):
    token = unsubscribe_token(user_id=patient.pk, field="answers")
    if tamper == "signature":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif tamper == "field":
        token = token.replace(
            token.split(":")[0],
            unsubscribe_token(user_id=patient.pk, field="newsletter").split(":")[0],
        )
    else:
        token = token.replace(
            token.split(":")[0],
            unsubscribe_token(user_id=other_patient.pk, field="answers").split(":")[0],
        )

    response = client.post(reverse("notifications:unsubscribe", args=[token]))

    assert response.status_code == 400
    assert str(UNSUBSCRIBE_BAD_LINK) in response.content.decode()
    assert not EmailPreferences.objects.exists()


def test_an_export_link_of_another_account_is_a_404(client, patient, other_patient):
    export = DataExport.objects.create(
        user=other_patient,
        status=DataExport.Status.READY,
        ready_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    client.force_login(patient)
    assert client.get(reverse("patients:export_download", args=[export.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("patients:export_download", args=[export.pk])).status_code == 302


def test_an_expired_export_is_a_404_for_its_owner_too(client, patient):
    export = DataExport.objects.create(
        user=patient,
        status=DataExport.Status.READY,
        ready_at=timezone.now() - timedelta(days=8),
        expires_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(patient)
    assert client.get(reverse("patients:export_download", args=[export.pk])).status_code == 404


def test_asking_for_an_export_twice_queues_one(client, patient, django_capture_on_commit_callbacks):
    client.force_login(patient)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("patients:export"))
        client.post(reverse("patients:export"))
    assert DataExport.objects.filter(user=patient).count() == 1
    assert len(queued_tasks(callbacks)) == 1


def test_deletion_needs_the_password_and_keeps_the_choices(client, patient):
    public = QuestionFactory(author=patient)
    client.force_login(patient)

    response = client.post(
        reverse("patients:delete"), {"password": "wrong", "remove_questions": [public.pk]}
    )

    assert response.status_code == 400
    assert DELETION_WRONG_PASSWORD in response.content.decode()
    assert f'value="{public.pk}"' in response.content.decode()
    assert not AccountDeletion.objects.exists()


def test_deletion_is_scheduled_logs_out_and_logging_in_cancels_it(client, patient, settings):
    client.force_login(patient)

    response = client.post(reverse("patients:delete"), {"password": PASSWORD})

    assert response.status_code == 302
    deletion = AccountDeletion.objects.get(user=patient)
    expected = timezone.now() + timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS)
    assert abs((deletion.scheduled_for - expected).total_seconds()) < 60
    assert client.get(reverse("patients:account")).status_code == 302  # logged out
    login = client.post(
        reverse("account_login"), {"login": patient.email, "password": PASSWORD}, follow=True
    )
    assert DELETION_CANCELLED in login.content.decode()
    assert not AccountDeletion.objects.exists()


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("en-gb", "[Health Portal] Your account has been deleted", "Your Health Portal account"),
        ("hi", "[Health Portal] आपका अकाउंट डिलीट कर दिया गया है", "आपका Health Portal अकाउंट"),
    ],
)
def test_the_deleted_email_is_in_the_language_the_account_had(
    patient, smtp_sink, language, subject, sentence
):
    patient.language = language
    patient.save(update_fields=["language"])
    deletion = account_deletion_request(user=patient, password=PASSWORD)
    # The account is gone when the email is sent: only the deletion row remembers.
    patient.delete()
    AccountDeletion.objects.filter(pk=deletion.pk).update(status=AccountDeletion.Status.DONE)
    assert account_deletion_email_send(deletion_id=deletion.pk)
    [message] = smtp_sink.wait_for(1)
    assert str(make_header(decode_header(message["Subject"]))) == subject
    assert sentence in message_text(message)


def test_a_deletion_posted_twice_is_scheduled_once(patient):
    account_deletion_request(user=patient, password=PASSWORD)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        account_deletion_request(user=patient, password=PASSWORD)
    assert caught.value.messages == [DELETION_ALREADY_SCHEDULED]
    assert AccountDeletion.objects.count() == 1


def test_withdrawing_consent_leads_to_deletion(client, patient):
    client.force_login(patient)

    page = client.get(reverse("patients:delete") + "?withdraw=1")
    client.post(reverse("patients:delete"), {"password": PASSWORD, "withdraw_consent": "True"})

    assert "Withdraw consent" in page.content.decode()
    assert Consent.objects.get(user=patient).withdrawn_at is not None
    assert AccountDeletion.objects.filter(user=patient).exists()


@pytest.mark.parametrize(
    ("who", "message"), [("doctor", DELETE_NOT_FOR_DOCTORS), ("staff", DELETE_NOT_FOR_STAFF)]
)
def test_doctors_and_staff_are_told_whom_to_contact(client, doctor, staff, who, message):
    user = doctor.user if who == "doctor" else staff
    client.force_login(user)

    page = client.get(reverse("patients:delete"))
    posted = client.post(reverse("patients:delete"), {"password": PASSWORD})

    assert escape(message) in page.content.decode()
    assert posted.status_code == 403
    assert not AccountDeletion.objects.exists()


def test_the_sessions_page_is_under_the_account_menu(client, patient):
    client.force_login(patient)
    page = client.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert reverse("patients:delete") in page.content.decode()


def test_log_out_everywhere_ends_every_session(client, patient):
    from allauth.usersessions.models import UserSession

    other_device = type(client)()
    for device in (client, other_device):
        device.post(reverse("account_login"), {"login": patient.email, "password": PASSWORD})
    assert UserSession.objects.filter(user=patient).count() == 2

    client.post(reverse("patients:logout_everywhere"))

    assert not UserSession.objects.filter(user=patient).exists()
    assert other_device.get(reverse("patients:account")).status_code == 302


def test_an_account_without_consent_is_asked_for_it_when_asking(client):
    from questions.models import Question
    from tests.factories import UserFactory

    user = UserFactory(consent=False)
    client.force_login(user)
    data = {"text": "A dry cough for two weeks, worse at night.", "age": "40", "gender": "male"}

    refused = client.post(reverse("questions:ask"), data)
    client.post(reverse("questions:ask"), {**data, "consent": "on"})

    assert CONSENT_REQUIRED in refused.content.decode()
    assert Question.objects.filter(author=user).count() == 1
    assert Consent.objects.get(user=user).policy_version == current_privacy_policy_version()


def test_a_visitors_consent_on_the_ask_form_is_recorded_when_the_draft_is_posted(client):
    from tests.factories import UserFactory

    user = UserFactory(consent=False)
    data = {"text": "A dry cough for two weeks, worse at night.", "age": "40", "gender": "male"}
    client.post(reverse("questions:ask"), {**data, "consent": "on"})

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert user.questions.count() == 1
    assert Consent.objects.filter(user=user).count() == 1


def test_log_out_everywhere_also_ends_sessions_no_device_list_knows(client, patient):
    from allauth.usersessions.models import UserSession

    untracked = type(client)()
    untracked.force_login(patient)  # a session made without the device list seeing it
    UserSession.objects.filter(user=patient).delete()
    assert untracked.get(reverse("patients:account")).status_code == 200
    client.force_login(patient)

    client.post(reverse("patients:logout_everywhere"))

    assert untracked.get(reverse("patients:account")).status_code == 302
    client.post(reverse("account_login"), {"login": patient.email, "password": PASSWORD})
    assert client.get(reverse("patients:account")).status_code == 200  # a new login works
