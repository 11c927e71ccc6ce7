"""The demo has doctors with hours, a few bookings, a care coordinator who can log in and
an enquiry with two quotes."""

import pytest
from django.urls import reverse

from consultations.models import Availability, Booking, QuoteEnquiry
from devtools.demo_loader import DemoLoader
from portal.accounts.roles import is_care_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def test_demo_consultations_and_quotes(client):
    loader = DemoLoader()
    loader.load()
    assert Availability.objects.count() == 3
    assert Booking.objects.filter(status__in=["requested", "confirmed"]).count() == 4
    enquiry = QuoteEnquiry.objects.get()
    assert enquiry.quotes.exclude(sent_at=None).count() == 2
    assert (
        "coordinator@demo.example",
        "care coordinator: the hospital quote desk (not an admin)",
    ) in loader.logins()
    assert client.login(email="coordinator@demo.example", password=loader.people["password"])
    from django.contrib.auth import get_user_model

    assert is_care_coordinator(get_user_model().objects.get(email="coordinator@demo.example"))
    desk = client.get(reverse("consultations:quote_desk") + "?status=quoted")
    assert "Knee Replacement" in desk.content.decode()
