"""The directory's repeated blocks, each kept rendered in the shared cache under what it
shows (portal/pagecache.py: rendered_blocks): the rows of the hospitals and costs
indexes, the hospitals index's form, a cost page's price ranges and prices, clinic
cards, and a clinic page's head, treatments and doctors. Their templates (plural
blocktranslates, dates, prices, URLs) were most of a directory page's render.

Each tag has its identity function beside it: every value the block's template shows, as
plain values. A value shown in the template and missing here would stay as first drawn.
"""

from collections.abc import Callable

from django import template
from django.utils.safestring import mark_safe

from directory import selectors
from doctors.pagecache import badge_identity
from portal import pagecache

register = template.Library()

HOSPITAL_INDEX_ITEM = "directory/partials/hospitals_index_item.html"
COST_INDEX_ITEM = "directory/partials/cost_index_item.html"
COST_CITY_ROW = "directory/partials/cost_city_row.html"
COST_COUNTRY_ROW = "directory/partials/cost_country_row.html"
COST_ENTRY_ITEM = "directory/partials/cost_entry_item.html"
CLINIC_CARD = "directory/partials/clinic_card.html"
CLINIC_TREATMENT_ITEM = "directory/partials/clinic_treatment_item.html"
BROWSE_FORM = "directory/partials/hospital_browse_form.html"
CLINIC_PROFILE = "directory/partials/clinic_profile.html"
CLINIC_DOCTOR_ITEM = "directory/partials/clinic_doctor_item.html"


def _draw(template_name: str, blocks: list) -> list[str]:
    return pagecache.rendered_blocks(template_name, blocks)


def price_identity(entry) -> tuple:
    """What partials/price.html (and cost_source.html) show of a cost entry."""
    return (
        entry.low_price,
        entry.high_price,
        entry.currency,
        entry.includes,
        entry.source_kind,
        entry.source_name,
        entry.source_url,
        entry.checked_on,
    )


def _clinic_label(clinic) -> tuple:
    """A clinic as a link with its "Sponsored" label (partials/sponsored.html)."""
    return (clinic.pk, clinic.slug, clinic.name, clinic.is_sponsored)


# --- The hospitals index ---------------------------------------------------------------------
def hospital_index_identity(treatment, cities) -> tuple:
    """What partials/hospitals_index_item.html shows."""
    return (
        treatment.pk,
        treatment.slug,
        treatment.name,
        treatment.description,
        treatment.clinic_count,
        tuple((city["name"], city["slug"], city["clinic_count"]) for city in cities),
    )


@register.simple_tag
def hospital_index_items(rows):
    """The hospitals index's treatments: ``rows`` of (treatment, cities)."""
    return _draw(
        HOSPITAL_INDEX_ITEM,
        [
            (hospital_index_identity(t, cities), {"treatment": t, "cities": cities})
            for t, cities in rows
        ],
    )


# --- The costs index -------------------------------------------------------------------------
def cost_index_identity(treatment, countries) -> tuple:
    """What partials/cost_index_item.html shows."""
    return (
        treatment.pk,
        treatment.slug,
        treatment.name,
        treatment.description,
        tuple((c["name"], c["slug"], c["entry_count"]) for c in countries),
    )


@register.simple_tag
def cost_index_items(rows):
    """The costs index's treatments: ``rows`` of (treatment, countries)."""
    return _draw(
        COST_INDEX_ITEM,
        [
            (cost_index_identity(t, countries), {"treatment": t, "countries": countries})
            for t, countries in rows
        ],
    )


# --- A cost page ----------------------------------------------------------------------------
def cost_city_row_identity(row: dict, treatment, country) -> tuple:
    """What partials/cost_city_row.html (and range_basis.html) shows: the whole row, a
    dict of plain values from selectors.cost_by_city."""
    return (treatment.slug, country.name, tuple(sorted(row.items())))


def _kept_drawn(name: str, template_name: str, blocks: Callable[[], list]) -> list[str]:
    """The blocks ``blocks()`` gives, drawn through ``template_name`` and, for a visitor's
    page, kept drawn as one part under ``name`` (pagecache.captured) with the versions of
    the tags and fragments ``blocks()`` names or reads: the page drawn again reads them in
    one value, not a block each."""

    def draw() -> list[str]:
        return [str(item) for item in _draw(template_name, blocks())]

    return [mark_safe(item) for item in pagecache.captured(name, draw)]  # noqa: S308 - our own template's output


@register.simple_tag
def cost_city_rows(treatment, country):
    """A cost page's price ranges by city (selectors.cost_by_city), drawn."""

    def blocks() -> list:
        return [
            (
                cost_city_row_identity(row, treatment, country),
                {"row": row, "treatment": treatment, "country": country},
            )
            for row in selectors.cost_by_city(treatment=treatment, country=country)
        ]

    name = selectors.cost_city_rows_part(treatment=treatment, country=country)
    return _kept_drawn(name, COST_CITY_ROW, blocks)


def cost_country_row_identity(row: dict, treatment, country) -> tuple:
    """What partials/cost_country_row.html (and range_basis.html) shows: the whole row,
    from selectors.cost_by_country, and whether it is the page's own country."""
    return (treatment.slug, country.slug, tuple(sorted(row.items())))


@register.simple_tag
def cost_country_rows(treatment, country):
    """A cost page's price ranges by country (selectors.cost_by_country_from), drawn."""

    def blocks() -> list:
        return [
            (
                cost_country_row_identity(row, treatment, country),
                {"row": row, "treatment": treatment, "country": country},
            )
            for row in selectors.cost_by_country_from(treatment=treatment, country=country)
        ]

    name = selectors.cost_country_rows_part(treatment=treatment, country=country)
    return _kept_drawn(name, COST_COUNTRY_ROW, blocks)


def cost_entry_identity(entry, country) -> tuple:
    """What partials/cost_entry_item.html shows: the place and the price."""
    clinic = entry.clinic
    return (
        entry.pk,
        _clinic_label(clinic) if clinic is not None else None,
        entry.city.name if entry.city_id else None,
        country.name,
        price_identity(entry),
    )


@register.simple_tag
def cost_entry_items(page, treatment, country) -> list[str]:
    """A cost page's prices on ``page`` (a page of selectors.cost_page_entries), each
    drawn as a block. For a visitor's page they are kept, drawn, as one part
    (pagecache.captured, selectors.cost_entries_part) until the directory or the taxonomy
    moves on: the page drawn again at another address reads them with its fragments and
    neither queries its prices nor reads twenty blocks."""

    def blocks() -> list:
        pagecache.depends_on("directory", "taxonomy")  # before the rows are read
        entries = selectors.cost_page_entries_on(
            treatment=treatment, country=country, number=page.number, per_page=per_page
        )
        return [
            (cost_entry_identity(entry, country), {"entry": entry, "country": country})
            for entry in entries
        ]

    per_page = page.paginator.per_page
    name = selectors.cost_entries_part(
        treatment=treatment, country=country, number=page.number, per_page=per_page
    )
    return _kept_drawn(name, COST_ENTRY_ITEM, blocks)


# --- Clinics ----------------------------------------------------------------------------------
def clinic_card_identity(clinic, heading: str, treatment=None) -> tuple:
    """What partials/clinic_card.html (and accreditations.html, sponsored.html,
    price.html) shows: with a treatment, the clinic's prices for it."""
    city = clinic.city
    return (
        _clinic_label(clinic),
        clinic.kind,
        city.name,
        city.country.name,
        clinic.verified_doctor_count,
        tuple(clinic.accreditations),
        heading,
        (treatment.pk, treatment.name) if treatment is not None else None,
        tuple(price_identity(entry) for entry in clinic.treatment_costs)
        if treatment is not None
        else (),
    )


@register.simple_tag
def clinic_cards(clinics, heading="h3", treatment=None):
    """Clinic cards for ``clinics`` (from directory.selectors, with city, its country and
    verified_doctor_count; with ``treatment``, their ``treatment_costs``), one after
    another."""
    blocks = [
        (
            clinic_card_identity(clinic, heading, treatment),
            {"clinic": clinic, "heading": heading, "treatment": treatment},
        )
        for clinic in clinics
    ]
    return pagecache.mark_joined(_draw(CLINIC_CARD, blocks))


def clinic_treatment_identity(treatment, entries, city) -> tuple:
    """What partials/clinic_treatment_item.html shows: the treatment, its prices at the
    clinic and the links to its city's and country's pages."""
    country = city.country
    return (
        treatment.pk,
        treatment.slug,
        treatment.name,
        tuple(price_identity(entry) for entry in entries),
        city.slug,
        city.name,
        country.slug,
        country.name,
    )


@register.simple_tag
def clinic_treatment_items(treatment_rows, city):
    """A clinic page's treatments: ``treatment_rows`` of (treatment, entries)."""
    return _draw(
        CLINIC_TREATMENT_ITEM,
        [
            (
                clinic_treatment_identity(treatment, entries, city),
                {"treatment": treatment, "entries": entries, "city": city},
            )
            for treatment, entries in treatment_rows
        ],
    )


def clinic_profile_identity(clinic, city, specialties) -> tuple:
    """What partials/clinic_profile.html (and accreditations.html, sponsored.html, its
    report link) shows: the clinic's own record."""
    return (
        _clinic_label(clinic),
        clinic.kind,
        city.name,
        city.country.name,
        tuple(clinic.accreditations),
        clinic.photo.name if clinic.photo else "",
        clinic.description,
        clinic.address,
        clinic.postcode,
        clinic.phone,
        clinic.website,
        tuple(s.name for s in specialties),
    )


@register.simple_tag
def clinic_profile(clinic, city, specialties):
    """The head of a clinic's page: name, labels, accreditations, photo, address,
    contacts."""
    context = {"clinic": clinic, "city": city, "specialties": specialties}
    return _draw(CLINIC_PROFILE, [(clinic_profile_identity(clinic, city, specialties), context)])[0]


def clinic_doctor_identity(doctor) -> tuple:
    """What partials/clinic_doctor_item.html shows: the doctor's badge
    (partials/doctor_badge.html, with specialties) and qualifications. Verification is
    read as ``is_verified``, which time alone ends."""
    return (
        *badge_identity(doctor),
        tuple(s.name for s in doctor.specialties.all()),
        doctor.qualifications,
    )


@register.simple_tag
def clinic_doctor_items(doctors):
    """A clinic page's verified doctors (with specialties prefetched)."""
    return _draw(
        CLINIC_DOCTOR_ITEM,
        [(clinic_doctor_identity(doctor), {"doctor": doctor}) for doctor in doctors],
    )


# --- The hospitals index's form ----------------------------------------------------------------
def browse_form_identity(treatments, cities) -> tuple:
    """What partials/hospital_browse_form.html shows: the treatments and the cities (by
    country) it offers."""
    return (
        tuple((t.slug, t.name) for t in treatments),
        tuple((c.country_id, c.country.name, c.slug, c.name) for c in cities),
    )


@register.simple_tag
def hospital_browse_form(treatment_options, city_options):
    """The "Find a hospital" form (a GET form: no CSRF token, nothing of the visitor)."""
    cities = list(city_options)
    context = {"treatment_options": treatment_options, "city_options": cities}
    block = (browse_form_identity(treatment_options, cities), context)
    return _draw(BROWSE_FORM, [block])[0]
