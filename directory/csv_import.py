"""Import clinics and cost entries from CSV files.

All or nothing: every row is parsed and validated (through the same services the admin
uses) before anything is written, and the writes run in one transaction. A file with any
bad row imports nothing and reports each bad row by its line number in the file (the
header is line 1).

Lists inside a cell (accreditations, specialties, treatments, doctors) are separated by
semicolons; people and places are given by their slugs.

Updating a clinic changes only the columns the file has: a column left out of the header
keeps each clinic's stored value, while an empty cell in a column that is there clears it.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from doctors.models import DoctorProfile
from portal.taxonomy.models import City, Country, Specialty, Treatment

from .models import Accreditation, Clinic, CostEntry
from .services import (
    clinic_save,
    clinic_slug_for,
    clinic_unsaved,
    cost_entry_identity,
    cost_entry_same_exists,
    cost_entry_unsaved,
)

CLINIC_REQUIRED = ("name", "kind", "city", "address")
CLINIC_OPTIONAL = (
    "slug",
    "postcode",
    "phone",
    "website",
    "accreditations",
    "specialties",
    "treatments",
    "doctors",
    "description",
    "sponsored",
)
COST_REQUIRED = ("treatment", "low_price", "high_price", "source_kind", "source_name", "checked_on")
COST_OPTIONAL = ("clinic", "city", "country", "currency", "includes", "source_url")

_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0", ""}


@dataclass
class ImportReport:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def header_failed(self) -> bool:
        return any(line == 1 for line, _ in self.errors)

    def error(self, line: int, message: str) -> None:
        self.errors.append((line, message))


class RowError(Exception):
    pass


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
            for name, errors in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def _rows(stream: Iterable[str], required, optional, report: ImportReport):
    """(line number, row dict) for each data row, or nothing if the header is wrong."""
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        report.error(1, "The file is empty: it needs a header row.")
        return
    except csv.Error as exc:
        report.error(1, f"Not a readable CSV file ({exc}).")
        return
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    missing = [c for c in required if c not in names]
    unknown = [n for n in names if n not in required and n not in optional]
    repeated = sorted({n for n in names if names.count(n) > 1})
    problems = []
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    if repeated:
        problems.append(f"repeated column(s): {', '.join(repeated)}")
    if problems:
        expected = ", ".join([*required, *(f"[{c}]" for c in optional)])
        report.error(1, f"Wrong columns ({'; '.join(problems)}). Expected: {expected}.")
        return
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.error(start, f"Not a readable CSV row ({exc}).")
            return
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(names):
            report.error(start, f"Expected {len(names)} fields, found {len(cells)}.")
            continue
        yield start, {name: cell.strip() for name, cell in zip(names, cells, strict=True)}


def _lookup(model, slugs: set[str], **related) -> dict:
    qs = model.objects.filter(slug__in=slugs)
    if related.get("select"):
        qs = qs.select_related(*related["select"])
    return {obj.slug: obj for obj in qs}


def _many(slugs: list[str], found: dict, what: str) -> list:
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise RowError(f"unknown {what}: {', '.join(unknown)}")
    return [found[s] for s in slugs]


def _save_all(report: ImportReport, planned: list[tuple], save) -> None:
    """Save every planned ``(line, *row)`` with ``save(*row)``, which counts it on the
    report, in one transaction: a database error on any line undoes all of them and is
    reported against that line."""
    line = 0
    try:
        with transaction.atomic():
            for planned_line, *row in planned:
                line = planned_line
                save(*row)
    except DatabaseError as exc:
        report.created = report.updated = report.unchanged = 0
        report.error(line, f"Could not be saved ({exc.__class__.__name__}); nothing was imported.")


# --- Clinics -------------------------------------------------------------------------------
def clinics_import(stream: Iterable[str]) -> ImportReport:
    """Create or update (by slug) the clinics in a CSV file."""
    report = ImportReport(kind="clinics")
    rows = list(_rows(stream, CLINIC_REQUIRED, CLINIC_OPTIONAL, report))
    if report.header_failed:
        return report

    wanted = {"city": set(), "specialties": set(), "treatments": set(), "doctors": set()}
    for _, row in rows:
        wanted["city"].add(row["city"])
        for key in ("specialties", "treatments", "doctors"):
            wanted[key].update(_split(row.get(key, "")))
    cities = _lookup(City, wanted["city"], select=["country"])
    specialties = _lookup(Specialty, wanted["specialties"])
    treatments = _lookup(Treatment, wanted["treatments"])
    doctors = _lookup(DoctorProfile, wanted["doctors"])
    existing = {c.slug: c for c in Clinic.objects.filter(slug__in=_candidate_slugs(rows, cities))}

    planned = []
    seen_slugs: dict[str, int] = {}
    for line, row in rows:
        try:
            clinic, relations = _clinic_from_row(
                row, cities, specialties, treatments, doctors, existing
            )
        except RowError as exc:
            report.error(line, str(exc))
            continue
        except ValidationError as exc:
            report.error(line, _messages(exc))
            continue
        if clinic.slug in seen_slugs:
            first = seen_slugs[clinic.slug]
            report.error(line, f"Same clinic (slug {clinic.slug}) as line {first}.")
            continue
        seen_slugs[clinic.slug] = line
        planned.append((line, clinic, relations))
    if not report.ok:
        report.errors.sort()
        return report

    def save(clinic, relations) -> None:
        is_new = clinic.pk is None
        clinic_save(clinic=clinic, **relations)
        if is_new:
            report.created += 1
        else:
            report.updated += 1

    _save_all(report, planned, save)
    return report


def _candidate_slugs(rows, cities) -> set[str]:
    slugs = set()
    for _, row in rows:
        if row.get("slug"):
            slugs.add(row["slug"])
        elif row["city"] in cities:
            city = cities[row["city"]]
            base = slugify(row["name"])[:150]
            slugs.update({base, f"{base}-{city.slug}"[:180]})
    return slugs


def _clinic_from_row(row, cities, specialties, treatments, doctors, existing):
    """The unsaved clinic and its relations for one row. A column the file leaves out
    is None here, so updating a clinic keeps what it already has for that column."""
    city = cities.get(row["city"])
    if city is None:
        raise RowError(f"unknown city: {row['city'] or '(empty)'}")
    kind = row["kind"].lower()
    if kind not in Clinic.Kind.values:
        raise RowError(f"kind must be one of {', '.join(Clinic.Kind.values)}, not {row['kind']!r}")
    accreditations = None
    if "accreditations" in row:
        codes = {code.upper(): code for code in Accreditation.values}
        given = _split(row["accreditations"])
        unknown = [value for value in given if value.upper() not in codes]
        if unknown:
            raise RowError(
                f"unknown accreditation: {', '.join(unknown)} "
                f"(known: {', '.join(Accreditation.values)})"
            )
        accreditations = [codes[value.upper()] for value in given]
    is_sponsored = None
    if "sponsored" in row:
        sponsored = row["sponsored"].lower()
        if sponsored not in _TRUE | _FALSE:
            raise RowError(f"sponsored must be yes or no, not {row['sponsored']!r}")
        is_sponsored = sponsored in _TRUE
    relations = {
        key: _many(_split(row[key]), found, what) if key in row else None
        for key, found, what in (
            ("specialties", specialties, "specialty"),
            ("treatments", treatments, "treatment"),
            ("doctors", doctors, "doctor"),
        )
    }
    slug = row.get("slug", "") or clinic_slug_for(name=row["name"], city=city)
    clinic = clinic_unsaved(
        instance=existing.get(slug),
        slug=slug,
        name=row["name"],
        kind=kind,
        city=city,
        address=row["address"].replace("\\n", "\n"),
        postcode=row.get("postcode"),
        phone=row.get("phone"),
        website=row.get("website"),
        accreditations=accreditations,
        description=row.get("description"),
        is_sponsored=is_sponsored,
    )
    return clinic, relations


# --- Cost entries --------------------------------------------------------------------------
def cost_entries_import(stream: Iterable[str]) -> ImportReport:
    """Add the cost entries in a CSV file; rows identical to a stored entry are skipped."""
    report = ImportReport(kind="cost entries")
    rows = list(_rows(stream, COST_REQUIRED, COST_OPTIONAL, report))
    if report.header_failed:
        return report

    treatments = _lookup(Treatment, {row["treatment"] for _, row in rows})
    clinics = _lookup(
        Clinic, {row.get("clinic", "") for _, row in rows}, select=["city", "city__country"]
    )
    cities = _lookup(City, {row.get("city", "") for _, row in rows}, select=["country"])
    countries = _lookup(Country, {row.get("country", "") for _, row in rows})

    planned = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        try:
            entry = _cost_from_row(row, treatments, clinics, cities, countries)
        except RowError as exc:
            report.error(line, str(exc))
            continue
        except ValidationError as exc:
            report.error(line, _messages(exc))
            continue
        key = cost_entry_identity(entry)
        if key in seen:
            report.error(line, f"Same entry as line {seen[key]}.")
            continue
        seen[key] = line
        planned.append((line, entry))
    if not report.ok:
        report.errors.sort()
        return report

    def save(entry) -> None:
        if cost_entry_same_exists(entry):
            report.unchanged += 1
        else:
            entry.save()
            report.created += 1

    _save_all(report, planned, save)
    return report


def _price(value: str, name: str) -> Decimal:
    cleaned = value.replace(",", "").replace(" ", "")
    try:
        price = Decimal(cleaned)
    except InvalidOperation:
        raise RowError(f"{name} is not a number: {value!r}") from None
    if not price.is_finite():
        raise RowError(f"{name} is not a number: {value!r}")
    return price


def _cost_from_row(row, treatments, clinics, cities, countries) -> CostEntry:
    treatment = treatments.get(row["treatment"])
    if treatment is None:
        raise RowError(f"unknown treatment: {row['treatment'] or '(empty)'}")
    place = {}
    for key, found in (("clinic", clinics), ("city", cities), ("country", countries)):
        value = row.get(key, "")
        if value:
            if value not in found:
                raise RowError(f"unknown {key}: {value}")
            place[key] = found[value]
    if not place:
        raise RowError("give the place: a clinic, a city or a country")
    kind = row["source_kind"].lower().replace(" ", "_")
    if kind not in CostEntry.SourceKind.values:
        raise RowError(
            f"source_kind must be one of {', '.join(CostEntry.SourceKind.values)}, "
            f"not {row['source_kind']!r}"
        )
    try:
        checked_on = date.fromisoformat(row["checked_on"])
    except ValueError:
        raise RowError(
            f"checked_on must be a date like 2026-03-31, not {row['checked_on']!r}"
        ) from None
    return cost_entry_unsaved(
        treatment=treatment,
        low_price=_price(row["low_price"], "low_price"),
        high_price=_price(row["high_price"], "high_price"),
        currency=row.get("currency", ""),
        includes=row.get("includes", ""),
        source_kind=kind,
        source_name=row["source_name"],
        source_url=row.get("source_url", ""),
        checked_on=checked_on,
        **place,
    )
