import pytest
from django.test import Client
from django.urls import reverse

from moderation.models import Report
from portal.policies.models import PolicyKind
from portal.policies.selectors import policy_current_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_media):
    """The demo, loaded once for the module (demo_once); each test's writes roll back."""


def test_demo_moderator_sees_open_reports_in_the_queue(demo):
    client = Client()
    assert client.login(email="moderator@demo.example", password="demo-pass-2026")
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == 200
    entries = response.context["entries"]
    assert len(entries) >= 3
    assert Report.objects.filter(status=Report.Status.OPEN).count() >= 4
    assert {e.target.kind for e in entries} >= {"answer", "article", "clinic"}


def test_demo_cardiologist_is_asked_for_a_peer_note_and_can_add_one(demo):
    from portal.notifications.models import Notification

    invite = Notification.objects.get(
        kind=Notification.Kind.PEER_REVIEW, recipient__email="cardio@demo.example"
    )
    client = Client()
    assert client.login(email="cardio@demo.example", password="demo-pass-2026")
    assert client.get(invite.target_path).status_code == 200


def test_demo_has_real_text_for_every_policy_page(demo):
    for kind in PolicyKind.values:
        version = policy_current_version(kind=kind)
        assert version is not None, kind
        assert len(version.body.split()) > 120, kind
        assert "lorem" not in version.body.lower(), kind
