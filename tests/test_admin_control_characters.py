"""Issue 15, point 7: a NUL byte in an admin search or autocomplete term gave a 500
(PostgreSQL refuses NUL in a string). Now every admin refuses control characters in its
query string in one place (portal/admin_input.py) with a 400 and a message."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.blog.conftest import make_editor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BAD_TERMS = ["\x00", "rash\x00", "\x01", "a\x1fb", "\x7f", "\x9b"]
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
AUTOCOMPLETE_FIELDS = [
    (model, field) for model, model_admin in REGISTERED for field in model_admin.autocomplete_fields
]


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    "model", [model for model, _ in REGISTERED], ids=lambda m: m._meta.label_lower
)
def test_issue15_point7_nul_in_every_admin_search_is_a_400_not_a_500(client, superuser, model):
    client.force_login(superuser)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    for term in BAD_TERMS:
        response = client.get(url, {"q": term})
        assert response.status_code == 400, (term, response.status_code)
        assert "control character" in response.content.decode()
    # The same for any other parameter (a filter value), and a clean search still works.
    assert client.get(url, {"o": "1\x00"}).status_code == 400
    assert client.get(url, {"q": "rash"}).status_code == 200


@pytest.mark.parametrize(
    ("model", "field"),
    AUTOCOMPLETE_FIELDS,
    ids=[f"{m._meta.label_lower}.{f}" for m, f in AUTOCOMPLETE_FIELDS],
)
def test_issue15_point7_nul_in_every_admin_autocomplete_is_a_400_not_a_500(
    client, superuser, model, field
):
    client.force_login(superuser)
    params = {
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "field_name": field,
    }

    for term in BAD_TERMS:
        response = client.get(reverse("admin:autocomplete"), {**params, "term": term})
        assert response.status_code == 400
        assert response.json()["results"] == []
        assert "control character" in response.json()["error"]
    assert client.get(reverse("admin:autocomplete"), {**params, "term": "a"}).status_code == 200


def test_issue15_point7_nul_in_the_clinic_autocomplete_for_an_editor(client):
    editor = make_editor("writer@example.org", name="Arjun Das")
    client.force_login(editor)

    for field in ("city", "doctors"):
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "directory",
                "model_name": "clinic",
                "field_name": field,
                "term": "%\x00",
            },
        )
        assert response.status_code == 400
