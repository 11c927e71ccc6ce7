import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory.models import Clinic, CostEntry
from directory.services import (
    clinic_create,
    clinic_slug_for,
    cost_entry_create,
    cost_entry_place_resolve,
)

from .factories import ClinicFactory, CostEntryFactory

pytestmark = pytest.mark.django_db


def entry_fields(treatment, **overrides):
    fields = {
        "treatment": treatment,
        "low_price": Decimal("100000"),
        "high_price": Decimal("200000"),
        "source_kind": CostEntry.SourceKind.CLINIC_QUOTE,
        "source_name": "Written quote",
        "checked_on": datetime.date(2026, 10, 1),
    }
    return {**fields, **overrides}


def test_a_clinic_price_takes_the_clinic_city_country_and_currency(stem_cells, mumbai, india):
    clinic = ClinicFactory(city=mumbai)
    entry = cost_entry_create(**entry_fields(stem_cells, clinic=clinic))
    assert (entry.clinic, entry.city, entry.country, entry.currency) == (
        clinic,
        mumbai,
        india,
        "INR",
    )


def test_a_city_price_takes_its_country(stem_cells, istanbul, turkey):
    entry = cost_entry_create(**entry_fields(stem_cells, city=istanbul, currency="usd"))
    assert (entry.city, entry.country, entry.currency) == (istanbul, turkey, "USD")


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ({}, "Give the place"),
        ({"city": "delhi", "clinic": True}, "is not in Delhi"),
        ({"city": "mumbai", "country": "turkey"}, "Mumbai is not in Turkey"),
    ],
)
def test_place_must_be_given_and_consistent(mumbai, delhi, turkey, place, message):
    objects = {"mumbai": mumbai, "delhi": delhi, "turkey": turkey}
    kwargs = {"clinic": None, "city": None, "country": None}
    if place.get("clinic"):
        kwargs["clinic"] = ClinicFactory(city=mumbai)
    if "city" in place:
        kwargs["city"] = objects[place["city"]]
    if "country" in place:
        kwargs["country"] = objects[place["country"]]
    with pytest.raises(ValidationError, match=message):
        cost_entry_place_resolve(**kwargs)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"low_price": Decimal("-1")}, "low_price"),
        ({"high_price": Decimal("1")}, "high_price"),
        ({"currency": "RUPEES"}, "currency"),
        ({"source_name": ""}, "source_name"),
        ({"source_kind": "gossip"}, "source_kind"),
        ({"source_kind": CostEntry.SourceKind.PUBLISHED_REFERENCE}, "source_url"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"checked_on": datetime.date(2999, 1, 1)}, "checked_on"),
    ],
)
def test_cost_entry_rules(stem_cells, mumbai, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        cost_entry_create(**entry_fields(stem_cells, city=mumbai, **overrides))
    assert field in excinfo.value.message_dict
    assert not CostEntry.objects.exists()


def test_the_database_refuses_a_price_without_source_or_with_high_below_low(stem_cells, mumbai):
    for bad in ({"source_name": ""}, {"low_price": 5, "high_price": 1}):
        with pytest.raises(IntegrityError), transaction.atomic():
            CostEntryFactory(treatment=stem_cells, city=mumbai, **bad)


def test_clinic_create_validates_and_makes_a_slug(mumbai, stem_cells):
    clinic = clinic_create(
        name="Banyan Court Hospital",
        city=mumbai,
        address="Sector B",
        accreditations=["JCI", "JCI", "NABH"],
        treatments=[stem_cells],
    )
    assert clinic.slug == "banyan-court-hospital-mumbai"
    assert clinic.accreditations == ["JCI", "NABH"]
    assert list(clinic.treatments.all()) == [stem_cells]
    with pytest.raises(ValidationError) as excinfo:
        clinic_create(name="Bad", city=mumbai, address="x", accreditations=["GOLD"])
    assert "accreditations" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        clinic_create(name="Bad", city=mumbai, address="x", website="ftp:/nope")
    assert Clinic.objects.count() == 1


def test_clinic_slug_does_not_repeat_the_city(mumbai):
    assert clinic_slug_for(name="Mumbai Eye Care Mumbai", city=mumbai) == "mumbai-eye-care-mumbai"
    assert clinic_slug_for(name="Lotus Clinic", city=mumbai) == "lotus-clinic-mumbai"


def test_the_cost_constraints_say_what_the_service_says():
    from directory.models import HIGH_BELOW_LOW, PRICE_NEGATIVE, REFERENCE_NEEDS_URL

    messages = {c.name: c.violation_error_message for c in CostEntry._meta.constraints}
    assert messages["cost_low_not_negative"] == PRICE_NEGATIVE
    assert messages["cost_high_not_below_low"] == HIGH_BELOW_LOW
    assert messages["cost_reference_has_url"] == REFERENCE_NEEDS_URL
