"""Issue 15, point 4: the notifications admin named a patient (their email) beside the
path of their private question, whose slug is the question's first words; any staff with
the view permission could read and search it, and nothing was audited."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from portal.accounts.models import AuditLogEntry
from portal.notifications.models import Notification
from questions.services import answer_create
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_notification_changelist")
ANSWER = "Use a fragrance-free moisturiser twice a day and avoid hot showers."


@pytest.fixture
def notification(patient, doctor):
    question = QuestionFactory(
        author=patient,
        text="I think I have genital herpes, what should I do?",
        slug="i-think-i-have-genital-herpes",
        is_private=True,
    )
    answer_create(user=doctor.user, question=question, body=ANSWER)
    return Notification.objects.get(recipient=patient)


def _view_permission() -> Permission:
    return Permission.objects.get(
        codename="view_notification", content_type__app_label="notifications"
    )


@pytest.fixture
def staff_with_view_permission(db):
    """Staff (an editor, say) who were granted the notification view permission."""
    user = UserFactory(email="viewer@example.org", is_staff=True)
    user.user_permissions.add(_view_permission())
    return user


def test_issue15_point4_notification_target_carries_no_words_of_the_question(notification):
    question = notification.recipient.questions.get()

    assert "herpes" not in notification.target_path and "herpes" not in notification.title
    assert notification.target_path == f"/questions/{question.pk}/#answer-{notification.object_id}"


def test_issue15_point4_notifications_admin_is_for_moderators_only(
    client, notification, staff_with_view_permission
):
    client.force_login(staff_with_view_permission)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(CHANGELIST, {"q": "patient@example.org"}).status_code == 403
    change = reverse("admin:notifications_notification_change", args=[notification.pk])
    assert client.get(change).status_code == 403
    assert "notifications" not in client.get(reverse("admin:index")).content.decode().lower()
    assert not AuditLogEntry.objects.exists()


def test_issue15_point4_each_look_at_the_notifications_admin_is_audited(
    client, notification, staff
):
    staff.user_permissions.add(_view_permission())
    client.force_login(staff)

    response = client.get(CHANGELIST, {"q": "patient@example.org"})
    assert response.status_code == 200
    assert "herpes" not in response.content.decode()
    change = reverse("admin:notifications_notification_change", args=[notification.pk])
    assert client.get(change).status_code == 200

    entries = list(
        AuditLogEntry.objects.order_by("id").values_list("actor", "action", "target_id", "detail")
    )
    assert entries == [
        (staff.pk, "view_notifications", "", "search: patient@example.org"),
        (staff.pk, "view_notification", str(notification.pk), ""),
    ]
