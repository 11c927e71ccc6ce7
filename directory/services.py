"""Writes for the directory: clinics and cost entries. The admin and the CSV import both
come through here, so the rules (a cost entry's place is consistent, its source and date
are present, its currency defaults to the country's) live in one place."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.taxonomy.models import City, Country, Specialty, Treatment

from .models import (
    HIGH_BELOW_LOW,
    PRICE_NEGATIVE,
    REFERENCE_NEEDS_URL,
    Clinic,
    CostEntry,
)

CURRENCY_CODE = "Use a three-letter currency code such as INR or USD."
CHECKED_IN_FUTURE = "The date it was checked cannot be in the future."


def clinic_slug_for(*, name: str, city: City) -> str:
    """``<name>-<city>`` unless the name already ends with the city, e.g. a clinic named
    "Banyan Court Hospital" in Delhi gets ``banyan-court-hospital-delhi``."""
    base = slugify(name)[:150] or "clinic"
    return base if base.endswith(city.slug) else f"{base}-{city.slug}"[:180]


def clinic_unsaved(
    *,
    name: str,
    city: City,
    address: str,
    kind: str | None = None,
    slug: str = "",
    postcode: str | None = None,
    phone: str | None = None,
    website: str | None = None,
    accreditations: list[str] | None = None,
    description: str | None = None,
    is_sponsored: bool | None = None,
    instance: Clinic | None = None,
) -> Clinic:
    """A validated, unsaved clinic (new, or ``instance`` with these values). Raises
    ValidationError. The CSV import validates a whole file this way before writing.

    An optional field left as None keeps the clinic's current value (the model's default
    for a new clinic), so an update that does not mention a field does not erase it."""
    clinic = instance or Clinic()
    clinic.name = name.strip()
    clinic.slug = slug.strip() or clinic.slug or clinic_slug_for(name=name, city=city)
    clinic.city = city
    clinic.address = address.strip()
    if kind is not None:
        clinic.kind = kind
    for attr, value in (
        ("postcode", postcode),
        ("phone", phone),
        ("website", website),
        ("description", description),
    ):
        if value is not None:
            setattr(clinic, attr, value.strip())
    if accreditations is not None:
        clinic.accreditations = list(dict.fromkeys(accreditations))
    if is_sponsored is not None:
        clinic.is_sponsored = is_sponsored
    clinic.full_clean()
    return clinic


@transaction.atomic
def clinic_save(
    *,
    clinic: Clinic,
    specialties: list[Specialty] | None = None,
    treatments: list[Treatment] | None = None,
    doctors: list | None = None,
) -> Clinic:
    """Save a clinic from ``clinic_unsaved`` and set the relations that are given."""
    clinic.save()
    if specialties is not None:
        clinic.specialties.set(specialties)
    if treatments is not None:
        clinic.treatments.set(treatments)
    if doctors is not None:
        clinic.doctors.set(doctors)
    return clinic


def clinic_create(
    *,
    specialties: list[Specialty] | None = None,
    treatments: list[Treatment] | None = None,
    doctors: list | None = None,
    **fields,
) -> Clinic:
    return clinic_save(
        clinic=clinic_unsaved(**fields),
        specialties=specialties,
        treatments=treatments,
        doctors=doctors,
    )


def cost_entry_place_resolve(
    *, clinic: Clinic | None, city: City | None, country: Country | None
) -> tuple[Clinic | None, City | None, Country]:
    """The full place of a cost entry from whichever part was given: a clinic fixes its
    city and country, a city fixes its country. Parts that were given must agree."""
    if clinic is not None:
        if city is not None and city.pk != clinic.city_id:
            raise ValidationError({"city": f"{clinic.name} is not in {city.name}."})
        city = clinic.city
    if city is not None:
        if country is not None and country.pk != city.country_id:
            raise ValidationError({"country": f"{city.name} is not in {country.name}."})
        country = city.country
    if country is None:
        raise ValidationError("Give the place the price is for: a clinic, a city or a country.")
    return clinic, city, country


def cost_entry_unsaved(
    *,
    treatment: Treatment,
    low_price: Decimal,
    high_price: Decimal,
    source_kind: str,
    source_name: str,
    checked_on: date,
    clinic: Clinic | None = None,
    city: City | None = None,
    country: Country | None = None,
    currency: str = "",
    includes: str = "",
    source_url: str = "",
    instance: CostEntry | None = None,
) -> CostEntry:
    """A validated, unsaved cost entry. Raises ValidationError."""
    clinic, city, country = cost_entry_place_resolve(clinic=clinic, city=city, country=country)
    entry = instance or CostEntry()
    entry.treatment = treatment
    entry.clinic, entry.city, entry.country = clinic, city, country
    entry.low_price = low_price
    entry.high_price = high_price
    entry.currency = (currency.strip() or country.currency).upper()
    entry.includes = includes.strip()
    entry.source_kind = source_kind
    entry.source_name = source_name.strip()
    entry.source_url = source_url.strip()
    entry.checked_on = checked_on
    errors = cost_entry_rule_errors(entry)
    if errors:
        raise ValidationError(errors)
    entry.full_clean()
    return entry


def cost_entry_rule_errors(entry: CostEntry) -> dict[str, str]:
    """The rules a field-by-field check cannot see. Also used by the admin form."""
    errors = {}
    if entry.low_price is not None and entry.low_price < 0:
        errors["low_price"] = PRICE_NEGATIVE
    if (
        entry.low_price is not None
        and entry.high_price is not None
        and entry.high_price < entry.low_price
    ):
        errors["high_price"] = HIGH_BELOW_LOW
    if entry.currency and (len(entry.currency) != 3 or not entry.currency.isalpha()):
        errors["currency"] = CURRENCY_CODE
    if entry.source_kind == CostEntry.SourceKind.PUBLISHED_REFERENCE and not entry.source_url:
        errors["source_url"] = REFERENCE_NEEDS_URL
    if entry.checked_on and entry.checked_on > timezone.localdate():
        errors["checked_on"] = CHECKED_IN_FUTURE
    return errors


def cost_entry_create(**fields) -> CostEntry:
    entry = cost_entry_unsaved(**fields)
    entry.save()
    return entry


# What makes two cost entries the same: treatment, place, prices, source and date.
_SAME_ENTRY_FIELDS = (
    "treatment_id",
    "clinic_id",
    "city_id",
    "country_id",
    "low_price",
    "high_price",
    "currency",
    "source_kind",
    "source_name",
    "checked_on",
)


def cost_entry_identity(entry: CostEntry) -> tuple:
    """The values that make ``entry`` the same as another (see cost_entry_same_exists)."""
    return tuple(getattr(entry, name) for name in _SAME_ENTRY_FIELDS)


def cost_entry_same_exists(entry: CostEntry) -> bool:
    """An identical entry (same treatment, place, prices, source and date) is already
    stored: importing the same file twice adds nothing."""
    return CostEntry.objects.filter(
        **dict(zip(_SAME_ENTRY_FIELDS, cost_entry_identity(entry), strict=True))
    ).exists()
