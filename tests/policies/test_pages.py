import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.policies.models import PolicyKind, PolicyVersion
from portal.policies.selectors import privacy_policy_current_version
from portal.policies.services import BODY_UNCHANGED, policy_page_ensure, policy_version_publish

pytestmark = pytest.mark.django_db


def _jsonld(html: str) -> list:
    found = []
    for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(m)
        found += data if isinstance(data, list) else [data]
    return found


def test_publishing_keeps_every_version_and_the_selector_returns_the_newest(staff):
    page = policy_page_ensure(kind=PolicyKind.PRIVACY, title="Privacy policy")
    first = policy_version_publish(page=page, body="We keep your email.", author=staff)
    second = policy_version_publish(page=page, body="We keep your email, hashed IP.")
    assert (first.number, second.number) == (1, 2)
    assert privacy_policy_current_version() == second
    assert PolicyVersion.objects.get(pk=first.pk).body == "We keep your email."
    assert first.published_by == staff


def test_publishing_the_same_text_again_is_refused():
    page = policy_page_ensure(kind=PolicyKind.TERMS)
    policy_version_publish(page=page, body="Be kind.")
    with pytest.raises(ValidationError) as error:
        policy_version_publish(page=page, body="Be kind.\n")
    assert error.value.messages == [BODY_UNCHANGED]


def test_page_renders_markdown_sanitised_with_last_updated_canonical_and_jsonld(client, settings):
    page = policy_page_ensure(kind=PolicyKind.ABOUT, title="About us", description="Who we are")
    policy_version_publish(page=page, body="## Who\n\nWe <script>alert(1)</script> help.")
    response = client.get("/about/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2" in html and "<script>alert(1)" not in html
    assert "Last updated" in html and "(version 1)" in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}/about/">' in html
    types = [d["@type"] for d in _jsonld(html)]
    assert "AboutPage" in types and "BreadcrumbList" in types


def test_contact_page_names_the_grievance_officer_from_settings(client, settings):
    settings.GRIEVANCE_OFFICER_NAME = "Lakshmi Iyer"
    settings.GRIEVANCE_OFFICER_EMAIL = "grievance@portal.example"
    settings.GRIEVANCE_RESPONSE_DAYS = 12
    html = client.get(reverse("policies:page", kwargs={"kind": "contact"})).content.decode()
    assert "Lakshmi Iyer" in html
    assert "mailto:grievance@portal.example" in html
    assert "within 12 days" in html


@pytest.mark.parametrize("kind", PolicyKind.values)
def test_every_policy_page_answers_even_before_it_is_written(client, kind):
    assert client.get(f"/{kind}/").status_code == 200


def test_footer_of_every_page_links_every_policy_page(client):
    for url in ("/", "/questions/", "/blog/", "/hospitals/"):
        html = client.get(url).content.decode()
        for kind in PolicyKind.values:
            assert f'href="/{kind}/"' in html, (url, kind)


def test_signup_form_links_terms_privacy_and_contact(client):
    html = client.get(reverse("account_signup")).content.decode()
    for kind in ("terms", "privacy", "contact"):
        assert f'href="/{kind}/"' in html


def test_password_reset_contact_us_is_a_link(client):
    html = client.get(reverse("account_reset_password")).content.decode()
    assert '<a href="/contact/">contact us</a>' in html


def test_admin_saving_changed_text_publishes_a_new_version(client):
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = policy_page_ensure(kind=PolicyKind.PRIVACY, title="Privacy policy")
    policy_version_publish(page=page, body="Old text.")
    url = reverse("admin:policies_policypage_change", args=[page.pk])
    form = client.get(url)
    assert form.status_code == 200 and "Old text." in form.content.decode()
    data = {
        "title": "Privacy policy",
        "description": "",
        "body": "New text.",
        "change_note": "Clarified retention.",
        "versions-TOTAL_FORMS": "1",
        "versions-INITIAL_FORMS": "1",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
        "versions-0-id": str(page.versions.get().pk),
        "versions-0-page": str(page.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert privacy_policy_current_version().body == "New text."
    assert page.versions.count() == 2
