import datetime

import pytest
from django.contrib.auth.models import Group

from directory.models import HIGH_BELOW_LOW, Clinic, CostEntry
from tests.factories import UserFactory

from .factories import ClinicFactory, CostEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    # The group and its permissions come from portal.accounts.groups, synced after every
    # migrate and after the flush that ends a transactional test.
    user = UserFactory(email="editor@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_editors_can_use_the_directory_admin(client, editor, clinic):
    CostEntryFactory(city=clinic.city, treatment=clinic.treatments.first())
    client.force_login(editor)
    for url in [
        "/admin/directory/clinic/",
        "/admin/directory/clinic/?q=kestrel&kind__exact=hospital&accreditation=JCI",
        f"/admin/directory/clinic/{clinic.pk}/change/",
        "/admin/directory/clinic/add/",
        "/admin/directory/costentry/",
        "/admin/directory/costentry/?q=stem&source_kind__exact=clinic_quote",
        "/admin/directory/costentry/add/",
    ]:
        assert client.get(url).status_code == 200, url


def test_accreditation_filter(client, staff, mumbai):
    ClinicFactory(name="Has JCI", city=mumbai, accreditations=["JCI"])
    ClinicFactory(name="Has none", city=mumbai)
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    page = client.get("/admin/directory/clinic/?accreditation=JCI").content.decode()
    assert "Has JCI" in page and "Has none" not in page


def test_admin_cost_entry_form_fills_in_the_place(client, staff, clinic, stem_cells):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    response = client.post(
        "/admin/directory/costentry/add/",
        {
            "treatment": stem_cells.pk,
            "clinic": clinic.pk,
            "city": "",
            "country": "",
            "low_price": "100000",
            "high_price": "90000",
            "currency": "",
            "source_kind": "clinic_quote",
            "source_name": "Quote",
            "checked_on": "2026-10-01",
        },
    )
    assert response.status_code == 200
    assert HIGH_BELOW_LOW in response.content.decode()
    response = client.post(
        "/admin/directory/costentry/add/",
        {
            "treatment": stem_cells.pk,
            "clinic": clinic.pk,
            "city": "",
            "country": "",
            "low_price": "100000",
            "high_price": "190000",
            "currency": "",
            "source_kind": "clinic_quote",
            "source_name": "Quote",
            "checked_on": "2026-10-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = CostEntry.objects.get(source_name="Quote")
    assert (entry.city, entry.country.slug, entry.currency) == (clinic.city, "india", "INR")
    assert entry.checked_on == datetime.date(2026, 10, 1)


def test_patients_cannot_reach_the_directory_admin(client, patient):
    client.force_login(patient)
    assert client.get("/admin/directory/clinic/").status_code == 302
    assert Clinic.objects.count() == 0


def test_editors_search_doctors_for_clinics_but_cannot_read_applications(
    client, editor, clinic, applicant
):
    client.force_login(editor)

    assert client.get("/admin/doctors/doctorprofile/").status_code == 403
    assert client.get(f"/admin/doctors/doctorprofile/{applicant.pk}/change/").status_code == 403
    search = client.get(
        "/admin/autocomplete/",
        {"app_label": "directory", "model_name": "clinic", "field_name": "doctors", "term": ""},
    )
    assert search.status_code == 200
