"""The directory, account and policy pages read in Hindi when Hindi is the language
(issue 16): their own words and allauth's come from locale/hi, the data (clinic,
treatment and city names) and the lakh-grouped prices stay as they are."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.directory.factories import (
    CityFactory,
    ClinicFactory,
    CostEntryFactory,
    CountryFactory,
    TreatmentFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def get_in_hindi(client, name, *args):
    """The page as a Hindi reader gets it: the URL reversed and the request served with
    Hindi active (once URLs carry /hi/, reverse gives that prefix)."""
    with translation.override("hi"):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return text(response)


@pytest.fixture
def directory(db):
    india = CountryFactory(name="India", slug="india", iso_code="IN", currency="INR")
    mumbai = CityFactory(name="Mumbai", slug="mumbai", country=india)
    knee = TreatmentFactory(name="Knee Replacement", slug="knee-replacement")
    clinic = ClinicFactory(
        name="Kestrel Bay Hospital", slug="kestrel-bay", city=mumbai, treatments=[knee]
    )
    CostEntryFactory(
        clinic=clinic,
        treatment=knee,
        low_price=250000,
        high_price=450000,
        source_name="Written quote from Kestrel Bay Hospital",
        checked_on=datetime.date(2026, 10, 8),
    )
    return knee


def test_login_page_in_hindi(client):
    page = get_in_hindi(client, "account_login")

    assert "लॉग इन करें" in page and "मुझे याद रखें" in page and "पासवर्ड" in page
    assert "यहाँ नए हैं?" in page
    for english in ("Log in", "Remember me", "Password", "New here?"):
        assert english not in page, english


def test_signup_page_in_hindi(client):
    page = get_in_hindi(client, "account_signup")

    assert "साइन अप करें" in page and "पासवर्ड (दोबारा)" in page
    assert "मैं सहमत हूँ कि पोर्टल" in page  # the consent box
    assert "इस्तेमाल की शर्तों" in page  # the consent line under it
    for english in ("Sign up", "Already have an account?", "I agree", "Password (again)"):
        assert english not in page, english


def test_hospital_list_in_hindi_keeps_the_names(client, directory):
    page = get_in_hindi(client, "directory:hospitals_treatment_city", directory.slug, "mumbai")

    assert "Mumbai में Knee Replacement के अस्पताल" in page  # the title, names as data
    assert "Mumbai में 1 अस्पताल या क्लिनिक" in page
    assert "Mumbai, India में अस्पताल" in page  # the clinic card
    assert "Kestrel Bay Hospital" in page
    assert "आख़िरी जाँच:" in page
    for english in ("hospital or clinic", "Last checked", "Not sure what you need?"):
        assert english not in page, english


def test_cost_page_in_hindi_with_lakh_grouping(client, directory):
    page = get_in_hindi(client, "directory:cost", directory.slug, "india")

    assert "India में Knee Replacement का ख़र्च" in page
    assert "₹2,50,000 – ₹4,50,000" in page
    assert "हर क़ीमत और उसका स्रोत" in page and "क्लिनिक का कोटेशन" in page
    for english in ("Cost of", "Every price and its source", "Clinic quote", "Price range"):
        assert english not in page, english


def test_policy_page_without_text_in_hindi(client):
    page = get_in_hindi(client, "policies:page", "contact")

    assert "शिकायत अधिकारी" in page and "यह पेज अभी लिखा जा रहा है" in page
    assert "Grievance officer" not in page and "This page is being written" not in page


def test_verification_email_in_hindi(client, mailoutbox, settings):
    with translation.override("hi"):
        client.post(
            reverse("account_signup"),
            {
                "email": "asha@example.org",
                "password1": "a-long-pass-phrase-9",
                "password2": "a-long-pass-phrase-9",
                "consent": "on",
            },
        )

    (message,) = mailoutbox
    assert message.subject == f"[{settings.SITE_NAME}] कृपया अपना ईमेल पता सत्यापित करें"
    assert message.body.startswith(f"{settings.SITE_NAME} की ओर से नमस्ते,")
    assert "अपना ईमेल पता सत्यापित करने के लिए यह लिंक खोलें:" in message.body
    assert "Hello from" not in message.body and "open this link" not in message.body


def test_the_sessions_page_in_hindi(client):
    # allauth's own template: its words come from our catalogue (allauth_words.py).
    user = UserFactory()
    client.force_login(user)
    page = get_in_hindi(client, "usersessions_list")
    assert "कब शुरू हुआ" in page
    assert "ब्राउज़र" in page
    assert "Started At" not in page
    assert "Browser" not in page
