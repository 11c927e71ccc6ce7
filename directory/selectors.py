"""Reads for the directory pages. Each list is one queryset (plus a fixed number of
prefetches), so a page costs the same number of queries with 3 rows as with 50 000."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchRank
from django.core.validators import slug_re
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from doctors.models import DoctorProfile
from portal import pagecache
from portal.queries import KeptQuery
from portal.search import Search, headline
from portal.taxonomy.models import City, Country, Specialty, Treatment
from portal.visibility import Visibility
from questions.models import Answer, Question

from .models import Clinic, CostEntry

CLINIC_ORDERING_RULE = gettext_lazy(
    "Ordered by number of accreditations (such as JCI or NABH), then by verified doctors "
    "on this portal who practise there, then by name. Sponsored clinics are labelled and "
    "follow the same rule: payment never moves a clinic up."
)
DOCTOR_ORDERING_RULE = gettext_lazy(
    "Verified doctors only, ordered by questions answered on this portal, then thanks "
    "from patients, then years of experience, then name. No doctor can pay for a place. "
    'A clinic labelled "Sponsored clinic" paid for that label only: it changes no order '
    "and says nothing about its doctors."
)
COST_ENTRY_ORDERING_RULE = gettext_lazy(
    "Listed by city (country-wide figures first), then from the lowest price up. Each "
    "price shows where it comes from and when we last checked it."
)


def _home_code() -> str:
    return settings.DIRECTORY_HOME_COUNTRY


def _abroad(country_code_field: str):
    """0 for places in the portal's home country, 1 elsewhere: lists put home first."""
    return Case(
        When(**{country_code_field: _home_code()}, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


# --- Doctors -------------------------------------------------------------------------------
def verified_doctor_list(now=None):
    """The doctors the directory may show: verified ones (now, or at ``now``). Every
    directory page asks this function, so a change to what "verified" means (e.g.
    verification that expires) is made here once."""
    return DoctorProfile.objects.public(now=now)


class _CountOf(Subquery):
    """``(SELECT count(*) FROM (rows) AS counted)``: PostgreSQL folds the rows into a
    plain aggregate, with no GROUP BY, sort or LIMIT to run for each outer row (a cost
    page at 1M questions counted 561 clinics' doctors that way: 6 of its 9 ms)."""

    template = "(SELECT count(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def _count(queryset):
    """A correlated COUNT subquery: the rows of ``queryset``, already filtered by
    OuterRef."""
    return _CountOf(queryset.order_by().values("pk"))


def top_doctor_list(*, specialty: Specialty, city: City):
    """Verified doctors of ``specialty`` in ``city``, in the order DOCTOR_ORDERING_RULE
    states, with their specialties and their clinics (and those clinics' cities)."""
    answers = Answer.objects.public().filter(
        doctor=OuterRef("pk"), question__in=Question.objects.public()
    )
    thanks = Coalesce(
        Subquery(
            answers.order_by().values("doctor").annotate(n=Sum("thanks_count")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )
    return (
        verified_doctor_list()
        .filter(specialties=specialty, city=city)
        .annotate(answer_total=_count(answers), thanks_total=thanks)
        .prefetch_related(
            "specialties",
            Prefetch(
                "clinics", queryset=Clinic.objects.public().select_related("city").order_by("name")
            ),
        )
        .order_by(
            "-answer_total",
            "-thanks_total",
            F("years_of_experience").desc(nulls_last=True),
            "full_name",
            "id",
        )
    )


def city_list_with_doctors(*, specialty: Specialty):
    """Cities that have verified doctors of ``specialty``, with ``doctor_count``."""
    return (
        City.objects.filter(doctors__in=verified_doctor_list().filter(specialties=specialty))
        .annotate(doctor_count=Count("doctors", distinct=True))
        .select_related("country")
        .order_by("-doctor_count", "name")
    )


# --- Clinics -------------------------------------------------------------------------------
def _clinic_list(now=None):
    verified_here = verified_doctor_list(now).filter(clinics=OuterRef("pk"))
    return (
        Clinic.objects.public()
        .select_related("city", "city__country")
        .annotate(
            accreditation_count=Coalesce(
                Func(F("accreditations"), Value(1), function="array_length"),
                0,
                output_field=IntegerField(),
            ),
            verified_doctor_count=_count(verified_here),
        )
        .order_by("-accreditation_count", "-verified_doctor_count", "name", "id")
    )


def clinic_list_for_treatment(
    *, treatment: Treatment, city: City | None = None, country: Country | None = None, now=None
):
    """Clinics offering ``treatment`` (in ``city`` or ``country``; each may be given as
    its key), in the order CLINIC_ORDERING_RULE states, their doctors counted as verified
    now (or at ``now``), each with ``treatment_costs``: its cost entries for the
    treatment, lowest first."""
    qs = _clinic_list(now).filter(treatments=treatment)
    if city is not None:
        qs = qs.filter(city=city)
    if country is not None:
        qs = qs.filter(city__country=country)
    return qs.prefetch_related(
        Prefetch(
            "cost_entries",
            queryset=CostEntry.objects.filter(treatment=treatment).order_by("low_price", "id"),
            to_attr="treatment_costs",
        )
    )


def clinic_is_removed(*, slug: str) -> bool:
    """A clinic page moderators hid: the public gets "removed by moderators"."""
    return Clinic.objects.filter(slug=slug, visibility=Visibility.HIDDEN).exists()


def clinic_for_page(*, slug: str) -> Clinic | None:
    return (
        _clinic_list()
        .filter(slug=slug)
        .prefetch_related(
            "specialties",
            Prefetch("treatments", queryset=Treatment.objects.order_by("name")),
            Prefetch(
                "cost_entries",
                queryset=CostEntry.objects.select_related("treatment").order_by(
                    "treatment__name", "low_price", "id"
                ),
            ),
        )
        .first()
    )


def clinic_doctor_list(*, clinic: Clinic):
    """The verified doctors who practise at ``clinic``, by name."""
    return (
        verified_doctor_list()
        .filter(clinics=clinic)
        .prefetch_related("specialties")
        .order_by("full_name", "id")
    )


def city_list_with_clinics(*, treatment: Treatment):
    """Cities with clinics offering ``treatment``, with ``clinic_count``, by country."""
    return (
        City.objects.filter(clinics__treatments=treatment, clinics__visibility=Visibility.VISIBLE)
        .annotate(clinic_count=Count("clinics", distinct=True), abroad=_abroad("country__iso_code"))
        .select_related("country")
        .order_by("abroad", "country__name", "name")
    )


# The hospitals index reads the whole directory: each list below is a fragment of the page
# cache, read again only when the directory or the taxonomy changes (at a thousand clinics
# the two counts cost about 5 ms each).
def city_list_with_any_clinic() -> list[City]:
    return pagecache.fragment(
        "cities-with-clinics",
        ["directory", "taxonomy"],
        lambda: list(
            City.objects.filter(Exists(Clinic.objects.public().filter(city=OuterRef("pk"))))
            .select_related("country")
            .defer("search_vector")
            .order_by("country__name", "name")
        ),
    )


def treatment_list_with_clinics() -> list[Treatment]:
    """Treatments that at least one clinic offers, with ``clinic_count``, by name."""
    return pagecache.fragment(
        "treatments-with-clinics",
        ["directory", "taxonomy"],
        lambda: list(
            Treatment.objects.filter(clinics__visibility=Visibility.VISIBLE)
            .annotate(clinic_count=Count("clinics", distinct=True))
            .defer("search_vector")
            .order_by("name", "id")
        ),
    )


def treatment_city_pairs(*, treatment_ids: list[int]) -> dict[int, list[dict]]:
    """For each treatment id, the cities with clinics offering it (one query)."""
    ids = sorted(treatment_ids)
    digest = hashlib.blake2b(repr(ids).encode(), digest_size=12).hexdigest()
    return pagecache.fragment(
        f"treatment-cities:{digest}",
        ["directory", "taxonomy"],
        lambda: _treatment_city_pairs(treatment_ids),
    )


def _treatment_city_pairs(treatment_ids: list[int]) -> dict[int, list[dict]]:
    rows = (
        Clinic.treatments.through.objects.filter(
            treatment_id__in=treatment_ids, clinic__visibility=Visibility.VISIBLE
        )
        .values("treatment_id", "clinic__city__name", "clinic__city__slug")
        .annotate(
            clinic_count=Count("clinic_id", distinct=True),
            abroad=_abroad("clinic__city__country__iso_code"),
        )
        .order_by("treatment_id", "abroad", "-clinic_count", "clinic__city__name")
    )
    result: dict[int, list[dict]] = {pk: [] for pk in treatment_ids}
    for row in rows:
        result[row["treatment_id"]].append(
            {
                "name": row["clinic__city__name"],
                "slug": row["clinic__city__slug"],
                "clinic_count": row["clinic_count"],
            }
        )
    return result


# --- Costs ---------------------------------------------------------------------------------
def _range_aggregates():
    kinds = CostEntry.SourceKind
    return {
        "low": Min("low_price"),
        "high": Max("high_price"),
        "entry_count": Count("id"),
        "quotes": Count("id", filter=Q(source_kind=kinds.CLINIC_QUOTE)),
        "surveys": Count("id", filter=Q(source_kind=kinds.EDITOR_SURVEY)),
        "references": Count("id", filter=Q(source_kind=kinds.PUBLISHED_REFERENCE)),
        "first_checked": Min("checked_on"),
        "last_checked": Max("checked_on"),
    }


def _cost_by_city_name(treatment: Treatment, country: Country) -> str:
    return f"cost-by-city:{treatment.pk}:{country.pk}"


def _cost_by_country_name(treatment: Treatment) -> str:
    return f"cost-by-country:{treatment.pk}"


def _main_specialty_name(treatment: Treatment) -> str:
    return f"main-specialty:{treatment.pk}"


def cost_page_fragments(*, treatment: Treatment, country: Country) -> list[str]:
    """The fragments a cost page reads (cost_by_city, cost_by_country, main_specialty),
    by name, for pagecache.read_ahead."""
    return [
        _cost_by_city_name(treatment, country),
        _cost_by_country_name(treatment),
        _main_specialty_name(treatment),
    ]


def cost_by_city(*, treatment: Treatment, country: Country) -> list[dict]:
    """One row per city (and currency) with entries for ``treatment`` in ``country``:
    the lowest and highest price and what the figures rest on. Country-wide entries form
    a row with ``city__name`` None, first. A fragment of the page cache, read again when
    the directory or the taxonomy changes, as the cost page itself is (building its SQL
    costs more than a cold page may spend)."""
    return pagecache.fragment(
        _cost_by_city_name(treatment, country),
        ["directory", "taxonomy"],
        lambda: list(
            CostEntry.objects.public()
            .filter(treatment=treatment, country=country)
            .values("city__name", "city__slug", "currency")
            .annotate(**_range_aggregates())
            .order_by(F("city__name").asc(nulls_first=True), "currency")
        ),
    )


def cost_by_country_from(*, treatment: Treatment, country: Country) -> list[dict]:
    """cost_by_country as ``country``'s cost page shows it: that country first."""
    rows = cost_by_country(treatment=treatment)
    return sorted(rows, key=lambda row: row["country__slug"] != country.slug)


def cost_by_country(*, treatment: Treatment) -> list[dict]:
    """One row per country (and currency) with entries for ``treatment`` (a fragment of
    the page cache, as cost_by_city)."""
    return pagecache.fragment(
        _cost_by_country_name(treatment),
        ["directory", "taxonomy"],
        lambda: list(
            CostEntry.objects.public()
            .filter(treatment=treatment)
            .values("country__name", "country__slug", "currency")
            .annotate(**_range_aggregates())
            .order_by("country__name", "currency")
        ),
    )


def _cost_entries_query(treatment_id: int, country_id: int):
    """Every entry for the treatment in the country, in COST_ENTRY_ORDERING_RULE's order."""
    return (
        CostEntry.objects.public()
        .filter(treatment_id=treatment_id, country_id=country_id)
        .select_related("clinic", "city", "country")
        .order_by(F("city__name").asc(nulls_first=True), "low_price", "high_price", "id")
    )


def _cost_clinics_query(treatment_id: int, country_id: int, now: datetime):
    # Without the prices: the cost page lists every price above its clinics.
    return clinic_list_for_treatment(
        treatment=treatment_id, country=country_id, now=now
    ).prefetch_related(None)


def _treatment_query(slug: str):
    return Treatment.objects.filter(slug=slug)


def _country_query(slug: str):
    return Country.objects.filter(slug=slug)


# A cost page's own queries, compiled once per process (portal/queries.py): the clinic
# list's (its doctor counts and ordering) took longer to build than to run.
_COST_ENTRIES = KeptQuery(_cost_entries_query)
_COST_CLINICS = KeptQuery(_cost_clinics_query)
_TREATMENT = KeptQuery(_treatment_query)
_COUNTRY = KeptQuery(_country_query)


def cost_page_place(*, treatment_slug: str, country_slug: str) -> tuple[Treatment, Country]:
    """The treatment and the country a cost page is about, or Http404."""
    treatment = _TREATMENT.first(slug=treatment_slug)
    country = _COUNTRY.first(slug=country_slug) if treatment is not None else None
    if treatment is None or country is None:
        raise Http404("No such treatment or country")
    return treatment, country


def cost_page_entries(*, treatment: Treatment, country: Country):
    """Every entry for ``treatment`` in ``country``, in COST_ENTRY_ORDERING_RULE's order,
    for a paginator: its pages are read with the kept SQL."""
    return _COST_ENTRIES.rows(treatment_id=treatment.pk, country_id=country.pk)


def cost_page_parts(
    *, treatment: Treatment, country: Country, number: int, per_page: int, clinics: int
) -> list[str]:
    """The parts a cost page keeps for visitors, by name, for pagecache.read_ahead: its
    price ranges and its prices on page ``number``, drawn (directory_blocks), and
    cost_page_clinics for ``clinics``."""
    return [
        cost_city_rows_part(treatment=treatment, country=country),
        cost_country_rows_part(treatment=treatment, country=country),
        cost_entries_part(treatment=treatment, country=country, number=number, per_page=per_page),
        _cost_clinics_part(treatment, country, clinics),
    ]


def cost_body_part(*, treatment: Treatment, country: Country, number: int) -> str:
    """The name of a cost page's main column drawn, for page ``number`` of its prices
    (directory/views.py: cost_view keeps it for visitors)."""
    return f"cost-body:{treatment.pk}:{country.pk}:{number}"


def cost_city_rows_part(*, treatment: Treatment, country: Country) -> str:
    """The name of a cost page's price ranges by city, drawn (directory_blocks
    cost_city_rows keeps them)."""
    return f"cost-city-rows:{treatment.pk}:{country.pk}"


def cost_country_rows_part(*, treatment: Treatment, country: Country) -> str:
    """The name of a cost page's price ranges by country, drawn (cost_country_rows)."""
    return f"cost-country-rows:{treatment.pk}:{country.pk}"


def cost_entries_part(*, treatment: Treatment, country: Country, number: int, per_page: int):
    """The name of a cost page's prices drawn for page ``number``, ``per_page`` a page
    (directory_blocks.cost_entry_items keeps them)."""
    return f"cost-entries:{treatment.pk}:{country.pk}:{number}:{per_page}"


def _cost_clinics_part(treatment: Treatment, country: Country, limit: int) -> str:
    return f"cost-clinics:{treatment.pk}:{country.pk}:{limit}"


def cost_page_entries_on(
    *, treatment: Treatment, country: Country, number: int, per_page: int
) -> list:
    """Page ``number`` (from 1) of cost_page_entries, ``per_page`` entries a page."""
    start = (number - 1) * per_page
    return list(cost_page_entries(treatment=treatment, country=country)[start : start + per_page])


def cost_page_clinics(*, treatment: Treatment, country: Country, limit: int) -> list:
    """The first ``limit`` clinics of clinic_list_for_treatment in ``country``, without
    their prices (the cost page lists every price above them). For a visitor's page, kept
    (pagecache.captured) until the directory, the taxonomy or a doctor changes, and no
    longer than a stored page (PAGE_CACHE_SECONDS): their counts of verified doctors also
    change when a verification runs out, which nothing writes. Their query counts every
    clinic's doctors: at a million questions, 3 ms of PostgreSQL for India's clinics."""

    def compute() -> list:
        now = timezone.now()
        pagecache.depends_on("directory", "taxonomy", "doctors")
        pagecache.expires_at(now + timedelta(seconds=settings.PAGE_CACHE_SECONDS))
        rows = _COST_CLINICS.rows(treatment_id=treatment.pk, country_id=country.pk, now=now)
        return list(rows[:limit])

    return pagecache.captured(_cost_clinics_part(treatment, country, limit), compute)


def treatment_list_with_costs():
    """Treatments with at least one cost entry, by name."""
    return Treatment.objects.filter(
        Exists(CostEntry.objects.public().filter(treatment=OuterRef("pk")))
    ).order_by("name", "id")


def treatment_country_pairs(*, treatment_ids: list[int]) -> dict[int, list[dict]]:
    """For each treatment id, the countries with cost entries for it (one query)."""
    rows = (
        CostEntry.objects.public()
        .filter(treatment_id__in=treatment_ids)
        .values("treatment_id", "country__name", "country__slug")
        .annotate(entry_count=Count("id"), abroad=_abroad("country__iso_code"))
        .order_by("treatment_id", "abroad", "country__name")
    )
    result: dict[int, list[dict]] = {pk: [] for pk in treatment_ids}
    for row in rows:
        result[row["treatment_id"]].append(
            {
                "name": row["country__name"],
                "slug": row["country__slug"],
                "entry_count": row["entry_count"],
            }
        )
    return result


# --- Cross-links ---------------------------------------------------------------------------
def home_country() -> Country | None:
    """The country whose costs a page without a place links to (the portal's own; a
    fragment of the page cache)."""
    return pagecache.fragment(
        f"home-country:{_home_code()}",
        ["taxonomy"],
        lambda: Country.objects.filter(iso_code=_home_code()).first(),
    )


def related_link_rows(
    *,
    specialty: Specialty | None = None,
    treatment: Treatment | None = None,
    city: City | None = None,
    country: Country | None = None,
    limit: int = 8,
) -> dict:
    """The rows behind "hospitals in other cities", "top doctors in other cities" and
    "cost of related treatments in <country>": at most five queries, whatever the data,
    and none while they are a fragment of the page cache.

    ``country`` defaults to the city's, then to the portal's home country; cities in it
    come first. Returns {"specialty", "treatment", "country", "hospitals", "doctors",
    "costs"}, each list holding dicts of slugs, names and counts.

    The fragment is kept per specialty or treatment and country, not per city: a city's
    own rows are left out here, from a list long enough to still hold ``limit`` without
    them. So the thousand doctors' pages of a specialty share one fragment, not one per
    city (read again only when the directory, the taxonomy or the specialty's doctors
    change; computing it costs about 20 ms)."""
    if specialty is None and treatment is None:
        return {"specialty": None, "treatment": None, "country": country, "hospitals": [],
                "doctors": [], "costs": []}  # fmt: skip
    if country is None and city is not None:
        country_id = city.country_id
    else:
        country_id = country.pk if country is not None else None
    doctors = f"doctors-in:{specialty.pk}" if specialty is not None else "doctors"
    ids = [getattr(item, "pk", None) for item in (specialty, treatment)]
    rows = pagecache.fragment(
        "related-links:{}:{}:{}:{}".format(*ids, country_id, limit),
        ["directory", "taxonomy", doctors],
        lambda: _related_link_rows(
            specialty=specialty,
            treatment=treatment,
            country=country if country is not None else (city.country if city else None),
            limit=limit,
        ),
    )
    here = city.slug if city is not None else None
    return {
        **rows,
        "hospitals": [r for r in rows["hospitals"] if r["clinic__city__slug"] != here][:limit],
        "doctors": [r for r in rows["doctors"] if r["slug"] != here][:limit],
    }


def _related_link_rows(
    *,
    specialty: Specialty | None,
    treatment: Treatment | None,
    country: Country | None,
    limit: int,
) -> dict:
    """related_link_rows for every city: each list holds enough rows that ``limit`` are
    left once any one city's rows are taken out (a city has at most one hospitals row per
    treatment and one doctors row)."""
    if specialty is None:
        specialty = treatment.specialties.order_by("name").first()

    if treatment is not None:
        shared = Treatment.specialties.through.objects.filter(treatment=treatment).values(
            "specialty_id"
        )
        related = Treatment.objects.filter(Q(pk=treatment.pk) | Q(specialties__in=shared))
        listed = [treatment.pk]
    else:
        related = Treatment.objects.filter(specialties=specialty)
        listed = list(related.values_list("pk", flat=True).distinct())

    if country is None:
        country = home_country()
    country_id = country.pk if country is not None else None

    hospitals = list(
        Clinic.treatments.through.objects.filter(
            treatment__in=listed, clinic__visibility=Visibility.VISIBLE
        )
        .values("treatment__name", "treatment__slug", "clinic__city__name", "clinic__city__slug")
        .annotate(
            clinic_count=Count("clinic_id", distinct=True),
            elsewhere=Case(
                When(clinic__city__country_id=country_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("elsewhere", "-clinic_count", "clinic__city__name", "treatment__name")[
            : limit + len(listed)
        ]
    )

    doctors: list[dict] = []
    if specialty is not None:
        cities = city_list_with_doctors(specialty=specialty).annotate(
            elsewhere=Case(
                When(country_id=country_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        doctors = list(
            cities.order_by("elsewhere", "-doctor_count", "name").values(
                "name", "slug", "doctor_count"
            )[: limit + 1]
        )

    costs: list[dict] = []
    if country is not None:
        costs = list(
            CostEntry.objects.filter(country=country, treatment__in=related.values("pk"))
            .values("treatment__name", "treatment__slug")
            .annotate(entry_count=Count("id"))
            .order_by("treatment__name")[:limit]
        )
    return {
        "specialty": specialty,
        "treatment": treatment,
        "country": country,
        "hospitals": hospitals,
        "doctors": doctors,
        "costs": costs,
    }


def city_for_page(*, slug: str) -> City:
    """The city of a directory URL, with its country, or Http404."""
    return get_object_or_404(City.objects.select_related("country"), slug=slug)


def by_typed_slug(model, slug: str):
    """A lookup by a slug typed into a query string, where the URL converter has not
    already ruled out anything that cannot be one (PostgreSQL refuses a NUL byte)."""
    if not slug_re.match(slug):
        raise Http404(f"No such {model._meta.verbose_name}")
    return get_object_or_404(model, slug=slug)


def main_specialty(*, treatment: Treatment) -> Specialty | None:
    """The specialty a treatment's pages link to: the first of its specialties by name
    (a fragment of the page cache, read again after a taxonomy change)."""
    return pagecache.fragment(
        _main_specialty_name(treatment),
        ["taxonomy"],
        lambda: treatment.specialties.order_by("name").first(),
    )


def city_cost_list(*, treatment: Treatment, city: City, limit: int):
    """Price ranges for a treatment across a city (not one clinic's), lowest first."""
    return list(
        CostEntry.objects.filter(treatment=treatment, city=city, clinic__isnull=True)
        .select_related("city", "country")
        .order_by("low_price", "id")[:limit]
    )


def clinic_treatment_rows(*, clinic: Clinic) -> list[tuple[Treatment, list[CostEntry]]]:
    """(treatment, its cost entries) for a clinic page, from what clinic_for_page loaded.
    Prices for a treatment no longer listed as offered still show, with their source."""
    entries_by_treatment: dict[int, list[CostEntry]] = {}
    for entry in clinic.cost_entries.all():
        entries_by_treatment.setdefault(entry.treatment_id, []).append(entry)
    treatments = list(clinic.treatments.all())
    offered = {t.pk for t in treatments}
    treatments += [
        entries[0].treatment for pk, entries in entries_by_treatment.items() if pk not in offered
    ]
    return [(t, entries_by_treatment.get(t.pk, [])) for t in treatments]


# --- Search --------------------------------------------------------------------------------
# The directory is small next to the questions (thousands of rows), so every match is
# ranked. A doctor or clinic matches on its own text or through the taxonomy: a query
# naming a specialty, treatment or city finds the doctors and clinics filed under it.
def _taxonomy_match(model, search: Search):
    return model.objects.filter(search.matches()).values("pk")


def doctor_search_list(*, search: Search, specialty=None, city=None):
    """Verified doctors matching ``search`` by name, qualifications, clinic, specialty or
    city; best first, with ``specialty_names``."""
    matching_specialties = _taxonomy_match(Specialty, search)
    qs = verified_doctor_list().filter(
        search.matches()
        | Q(city__in=_taxonomy_match(City, search))
        | Exists(
            DoctorProfile.specialties.through.objects.filter(
                doctorprofile_id=OuterRef("pk"), specialty_id__in=matching_specialties
            )
        )
    )
    if specialty is not None:
        qs = qs.filter(
            Exists(
                DoctorProfile.specialties.through.objects.filter(
                    doctorprofile_id=OuterRef("pk"), specialty_id=specialty.pk
                )
            )
        )
    if city is not None:
        qs = qs.filter(city=city)
    return (
        qs.select_related("city")
        .annotate(
            rank=SearchRank(F("search_vector"), search.query),
            specialty_names=StringAgg(
                "specialties__name", delimiter=", ", order_by="specialties__name"
            ),
        )
        .order_by("-rank", "full_name", "id")
    )


def clinic_search_list(*, search: Search, specialty=None, city=None):
    """Clinics and hospitals matching ``search`` by name, description, address, city,
    treatment or specialty; best first."""
    through = Clinic.treatments.through
    qs = Clinic.objects.public().filter(
        search.matches()
        | Q(city__in=_taxonomy_match(City, search))
        | Exists(
            through.objects.filter(
                clinic_id=OuterRef("pk"), treatment_id__in=_taxonomy_match(Treatment, search)
            )
        )
        | Exists(
            Clinic.specialties.through.objects.filter(
                clinic_id=OuterRef("pk"), specialty_id__in=_taxonomy_match(Specialty, search)
            )
        )
    )
    if specialty is not None:
        qs = qs.filter(
            Exists(
                Clinic.specialties.through.objects.filter(
                    clinic_id=OuterRef("pk"), specialty_id=specialty.pk
                )
            )
        )
    if city is not None:
        qs = qs.filter(city=city)
    return (
        qs.select_related("city", "city__country")
        .annotate(
            rank=SearchRank(F("search_vector"), search.query),
            snippet=headline("description", search, words=25),
        )
        .order_by("-rank", "name", "id")
    )


def cost_page_search_list(*, search: Search, specialty=None, city=None):
    """Treatment cost pages (a treatment in a country) whose treatment matches
    ``search``: one row per page with the price range, best match first."""
    treatments = Treatment.objects.filter(search.matches())
    if specialty is not None:
        treatments = treatments.filter(specialties=specialty)
    qs = CostEntry.objects.public().filter(treatment__in=treatments.values("pk"))
    if city is not None:
        qs = qs.filter(city=city)
    return (
        qs.values(
            "treatment__name", "treatment__slug", "country__name", "country__slug", "currency"
        )
        .annotate(
            low=Min("low_price"),
            high=Max("high_price"),
            rank=Max(SearchRank(F("treatment__search_vector"), search.query)),
            abroad=_abroad("country__iso_code"),
        )
        .order_by("-rank", "abroad", "treatment__name", "country__name")
    )
