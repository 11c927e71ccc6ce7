"""The in-portal notifications: list, unread count in the header, open, mark all read."""

import pytest
from django.urls import reverse

from portal.notifications.models import Notification
from questions.services import answer_create
from tests.factories import DoctorFactory, QuestionFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifications:list")
READ_ALL_URL = reverse("notifications:read_all")
ANSWER = "Use a fragrance-free moisturiser twice a day and avoid hot showers."


@pytest.fixture
def question(patient):
    return QuestionFactory(author=patient)


@pytest.fixture
def two_answers(question, doctor):
    """Two doctors answer the patient's question: two unread notifications."""
    answer_create(user=doctor.user, question=question, body=ANSWER)
    answer_create(user=DoctorFactory(full_name="Vikram Mehta").user, question=question, body=ANSWER)
    return Notification.objects.order_by("created_at", "id")


def test_notification_list_requires_login(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={LIST_URL}"


def test_notification_list_shows_only_my_notifications(client, patient, other_patient, two_answers):
    QuestionFactory(author=other_patient)
    client.force_login(patient)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == list(two_answers.reverse())
    content = response.content.decode()
    # Behind login the list names the doctor and the question (issue 16).
    words = " ".join(two_answers[0].recipient.questions.get().text.split()[:4])
    assert "Dr. Asha Rao answered “" in content and words in content
    assert "Dr. Vikram Mehta answered “" in content

    client.force_login(other_patient)
    assert list(client.get(LIST_URL).context["page_obj"].object_list) == []


def test_unread_count_appears_in_the_header_for_the_recipient(
    client, patient, other_patient, two_answers
):
    client.force_login(patient)
    response = client.get(reverse("home"))

    assert response.context["unread_notifications"] == 2
    content = response.content.decode()
    assert "Notifications, 2 unread" in content
    assert '<span class="count-badge" aria-hidden="true">2</span>' in content

    client.force_login(other_patient)
    response = client.get(reverse("home"))
    assert response.context["unread_notifications"] == 0
    assert "unread" not in response.content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_the_question(
    client, patient, question, two_answers
):
    first, second = two_answers
    client.force_login(patient)

    response = client.get(reverse("notifications:open", kwargs={"pk": first.pk}))

    assert response.status_code == 302
    assert response["Location"] == first.target_path
    # The stored link carries no words of the question; the short URL sends on.
    assert response["Location"].startswith(f"/questions/{question.pk}/#answer-")
    assert question.slug not in response["Location"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    assert client.get(reverse("home")).context["unread_notifications"] == 1


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/login",
        "//evil.example/login",
        "/\\evil.example/login",
        "javascript:alert(1)",
        "http:evil.example",
    ],
)
def test_opening_a_notification_never_leaves_the_site(client, patient, two_answers, target):
    """The target is an admin field; whatever it holds, the emailed link stays on the portal."""
    first = two_answers.first()
    Notification.objects.filter(pk=first.pk).update(target_path=target)
    client.force_login(patient)

    response = client.get(reverse("notifications:open", kwargs={"pk": first.pk}))

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    first.refresh_from_db()
    assert first.read_at is not None


def test_opening_a_read_notification_keeps_its_first_read_time(client, patient, two_answers):
    first = two_answers.first()
    client.force_login(patient)
    url = reverse("notifications:open", kwargs={"pk": first.pk})
    client.get(url)
    first.refresh_from_db()
    read_at = first.read_at

    client.get(url)

    first.refresh_from_db()
    assert first.read_at == read_at


def test_another_users_notification_is_a_404(client, other_patient, two_answers):
    first = two_answers.first()
    client.force_login(other_patient)

    response = client.get(reverse("notifications:open", kwargs={"pk": first.pk}))

    assert response.status_code == 404
    first.refresh_from_db()
    assert first.read_at is None


def test_opening_a_notification_requires_login(client, two_answers):
    url = reverse("notifications:open", kwargs={"pk": two_answers.first().pk})

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert two_answers.first().read_at is None


def test_mark_all_read_is_post_only(client, patient, two_answers):
    client.force_login(patient)

    assert client.get(READ_ALL_URL).status_code == 405
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_mark_all_read_marks_only_my_notifications(client, patient, doctor, two_answers):
    mine_count = two_answers.count()
    other_question = QuestionFactory(author=DoctorFactory().user)
    answer_create(user=doctor.user, question=other_question, body=ANSWER)
    client.force_login(patient)

    response = client.post(READ_ALL_URL)

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert Notification.objects.filter(recipient=patient, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient=patient).count() == mine_count
    assert Notification.objects.exclude(recipient=patient).get().read_at is None
