"""The staff verification queue and decisions, through the views."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from doctors import services
from doctors.models import ApplicationStatus, DoctorProfile
from portal.notifications.models import Notification
from tests.factories import UserFactory

from .conftest import submit
from .files import png_upload

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("doctors:verification_queue")


@pytest.fixture
def three_pending(specialty):
    now = timezone.now()
    made = []
    for days_ago, name in (
        (1, "Newest Applicant"),
        (9, "Oldest Applicant"),
        (4, "Middle Applicant"),
    ):
        doctor = submit(UserFactory(), full_name=name, specialties=[specialty])
        DoctorProfile.objects.filter(pk=doctor.pk).update(
            submitted_at=now - timedelta(days=days_ago)
        )
        made.append(doctor)
    return made


def test_queue_lists_pending_oldest_first_with_documents(
    client, verifier, three_pending, django_assert_max_num_queries
):
    client.force_login(verifier)

    with django_assert_max_num_queries(14):
        response = client.get(QUEUE_URL)

    names = [d.full_name for d in response.context["page_obj"].object_list]
    assert names == ["Oldest Applicant", "Middle Applicant", "Newest Applicant"]
    content = response.content.decode()
    for doctor in three_pending:
        document = doctor.documents.get()
        assert document.get_absolute_url() in content
    assert 'Waiting for review <span class="tab-count">3</span>' in content


def test_queue_query_count_stays_flat(client, verifier, specialty, django_assert_max_num_queries):
    client.force_login(verifier)
    for _ in range(2):
        submit(UserFactory(), specialties=[specialty])
    with django_assert_max_num_queries(14) as few:
        client.get(QUEUE_URL)
    for _ in range(6):
        submit(UserFactory(), specialties=[specialty], documents=[png_upload()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(QUEUE_URL)


def test_approving_from_the_queue(client, verifier, application):
    client.force_login(verifier)

    response = client.post(
        reverse("doctors:verification_detail", args=[application.pk]),
        {"decision": "approve"},
        follow=True,
    )

    application.refresh_from_db()
    assert application.is_verified
    assert "Meera Joshi: approved" in response.content.decode().replace("Dr. ", "")
    assert Notification.objects.get().recipient == application.user
    assert application not in response.context["page_obj"].object_list


@pytest.mark.parametrize("decision", ["reject", "needs_info"])
def test_reject_or_ask_without_a_reason_is_refused_and_keeps_the_choice(
    client, verifier, application, decision
):
    client.force_login(verifier)
    url = reverse("doctors:verification_detail", args=[application.pk])

    response = client.post(url, {"decision": decision, "reason": ""})

    assert response.status_code == 400
    content = response.content.decode()
    assert services.REASON_REQUIRED in content
    assert f'value="{decision}" id="decision-{application.pk}-' in content
    application.refresh_from_db()
    assert application.application_status == ApplicationStatus.PENDING
    assert not Notification.objects.exists()

    response = client.post(
        url, {"decision": decision, "reason": "Registration number does not match."}
    )
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.application_status == decision.replace("reject", "rejected")


def test_the_review_page_shows_the_history(client, verifier, application):
    client.force_login(verifier)
    client.post(
        reverse("doctors:verification_detail", args=[application.pk]),
        {"decision": "needs_info", "reason": "Please add your MD certificate."},
    )

    content = client.get(
        reverse("doctors:verification_detail", args=[application.pk])
    ).content.decode()

    assert "More information requested" in content
    assert "Please add your MD certificate." in content
    assert f"by {verifier.email}" in content
    assert "Record decision" not in content  # waiting for the doctor now


def test_deciding_twice_says_so(client, verifier, application):
    client.force_login(verifier)
    url = reverse("doctors:verification_detail", args=[application.pk])
    client.post(url, {"decision": "approve"})

    response = client.post(url, {"decision": "reject", "reason": "Too late for this now."})

    assert response.status_code == 400
    assert "no longer waiting for review" in response.content.decode()
    application.refresh_from_db()
    assert application.is_verified


@pytest.mark.parametrize("status", ["needs_info", "rejected", "approved", "bogus"])
def test_other_tabs(client, verifier, status):
    client.force_login(verifier)

    assert client.get(QUEUE_URL, {"status": status}).status_code == 200
