"""The public directory pages. Every slug is looked up (unknown -> 404) and every page
number goes through Paginator.get_page (nonsense -> a real page), so no input makes a 500."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from doctors.pagecache import declare_doctor, declare_doctors
from doctors.selectors import doctor_for_profile_page
from doctors.structured_data import doctor_breadcrumbs, doctor_jsonld
from portal import pagecache
from portal.pagecache import public_page
from portal.pagination import CachedCountPaginator, check_page_bound, page_of
from portal.seo import absolute, breadcrumb_list
from portal.taxonomy.models import City, Specialty, Treatment
from portal.visibility import may_see_moderated, removed_response
from questions.pagecache import declare_question_cards, may_keep_question
from questions.selectors import (
    card_answers_attach,
    doctor_answered_question_rows,
    doctor_public_stats,
)
from questions.templatetags.question_cards import CARD_TEMPLATE, card_identity

from . import selectors
from .structured_data import clinic_jsonld
from .templatetags.directory_blocks import (
    CLINIC_CARD,
    clinic_card_identity,
)
from .templatetags.directory_links import related_links_part
from .text import in_country

PAGE_SIZE = 20
DOCTOR_PAGE_SIZE = 12
PROFILE_QUESTIONS_PER_PAGE = 10
COST_CLINICS_SHOWN = 6
CITY_COSTS_SHOWN = 5


def _render(
    request,
    template: str,
    *,
    title: str,
    description: str,
    breadcrumbs: list[tuple[str, str]],
    page_obj=None,
    noindex: bool = False,
    structured: list[dict] | None = None,
    **context,
):
    """Render a directory page with what every one of them has: title, meta description,
    canonical URL (with ?page=N past page 1), breadcrumbs and their JSON-LD."""
    canonical = request.path
    if page_obj is not None and page_obj.number > 1:
        canonical += f"?page={page_obj.number}"
    crumbs = [(_("Home"), reverse("home")), *breadcrumbs]
    return render(
        request,
        template,
        {
            "page_title": title,
            "meta_description": description,
            "canonical_url": absolute(canonical),
            "breadcrumbs": crumbs,
            "jsonld": [breadcrumb_list(crumbs), *(structured or [])],
            "page_obj": page_obj,
            "noindex": noindex,
            **context,
        },
    )


@require_safe
@public_page("directory", "taxonomy")
def hospitals_index_view(request):
    treatment_slug = request.GET.get("treatment", "").strip()
    if treatment_slug:
        # The "browse" form: send the visitor to the page's own canonical URL.
        treatment = selectors.by_typed_slug(Treatment, treatment_slug)
        city_slug = request.GET.get("city", "").strip()
        if city_slug:
            city = selectors.by_typed_slug(City, city_slug)
            return redirect("directory:hospitals_treatment_city", treatment.slug, city.slug)
        return redirect("directory:hospitals_treatment", treatment.slug)

    # As many as the taxonomy has treatments: read once, for the form and the page.
    treatments = selectors.treatment_list_with_clinics()
    page = page_of(request, treatments, PAGE_SIZE)
    cities_by_treatment = selectors.treatment_city_pairs(treatment_ids=[t.pk for t in page])
    rows = [(t, cities_by_treatment[t.pk]) for t in page]
    return _render(
        request,
        "directory/hospitals_index.html",
        title=_("Hospitals and clinics by treatment and city"),
        description=_(
            "Find hospitals and clinics by treatment and city, with their "
            "accreditations, the doctors who practise there and prices with their sources."
        ),
        breadcrumbs=[(_("Hospitals"), reverse("directory:hospitals"))],
        page_obj=page,
        rows=rows,
        treatment_options=treatments,
        city_options=selectors.city_list_with_any_clinic(),
    )


@require_safe
@public_page("directory", "taxonomy", "doctors")
def hospitals_treatment_view(request, treatment_slug: str):
    treatment = get_object_or_404(Treatment, slug=treatment_slug)
    page = page_of(request, selectors.clinic_list_for_treatment(treatment=treatment), PAGE_SIZE)
    cost_countries = selectors.treatment_country_pairs(treatment_ids=[treatment.pk])[treatment.pk]
    return _render(
        request,
        "directory/hospitals_list.html",
        title=_("%(treatment)s hospitals and clinics") % {"treatment": treatment.name},
        description=_(
            "Hospitals and clinics offering %(treatment)s, by city: "
            "accreditations, doctors and price ranges with their sources and dates."
        )
        % {"treatment": treatment.name},
        breadcrumbs=[
            (_("Hospitals"), reverse("directory:hospitals")),
            (treatment.name, reverse("directory:hospitals_treatment", args=[treatment.slug])),
        ],
        page_obj=page,
        noindex=not page.object_list,
        treatment=treatment,
        specialty=selectors.main_specialty(treatment=treatment),
        city=None,
        cities=selectors.city_list_with_clinics(treatment=treatment),
        cost_countries=cost_countries,
        ordering_rule=selectors.CLINIC_ORDERING_RULE,
    )


@require_safe
@public_page("directory", "taxonomy", "doctors")
def hospitals_treatment_city_view(request, treatment_slug: str, city_slug: str):
    treatment = get_object_or_404(Treatment, slug=treatment_slug)
    city = selectors.city_for_page(slug=city_slug)
    page = page_of(
        request, selectors.clinic_list_for_treatment(treatment=treatment, city=city), PAGE_SIZE
    )
    city_costs = selectors.city_cost_list(treatment=treatment, city=city, limit=CITY_COSTS_SHOWN)
    return _render(
        request,
        "directory/hospitals_list.html",
        title=_("%(treatment)s hospitals in %(city)s")
        % {"treatment": treatment.name, "city": city.name},
        description=_(
            "%(treatment)s hospitals and clinics in %(city)s, %(country)s: "
            "accreditations, doctors and price ranges with their sources."
        )
        % {"treatment": treatment.name, "city": city.name, "country": city.country.name},
        breadcrumbs=[
            (_("Hospitals"), reverse("directory:hospitals")),
            (treatment.name, reverse("directory:hospitals_treatment", args=[treatment.slug])),
            (
                city.name,
                reverse("directory:hospitals_treatment_city", args=[treatment.slug, city.slug]),
            ),
        ],
        page_obj=page,
        noindex=not page.object_list,
        treatment=treatment,
        specialty=selectors.main_specialty(treatment=treatment),
        city=city,
        city_costs=city_costs,
        ordering_rule=selectors.CLINIC_ORDERING_RULE,
    )


@require_safe
@public_page("directory", "taxonomy", "doctors")
def clinic_view(request, slug: str):
    clinic = selectors.clinic_for_page(slug=slug)
    if clinic is None:
        if selectors.clinic_is_removed(slug=slug):
            return removed_response(request)
        raise Http404("No such clinic")
    doctors = page_of(request, selectors.clinic_doctor_list(clinic=clinic), DOCTOR_PAGE_SIZE)
    # Their badges: the stored page goes when one changes or their verification ends.
    declare_doctors(doctors.object_list)
    treatment_rows = selectors.clinic_treatment_rows(clinic=clinic)
    specialties = list(clinic.specialties.all())
    city = clinic.city
    structured = clinic_jsonld(
        clinic, specialties=specialties, treatments=[t for t, _ in treatment_rows]
    )
    place = {"clinic": clinic.name, "city": city.name, "country": city.country.name}
    if clinic.kind == clinic.Kind.CLINIC:
        description = _(
            "%(clinic)s, a clinic in %(city)s, %(country)s: address, accreditations, "
            "doctors, and treatments with price ranges and sources."
        )
    else:
        description = _(
            "%(clinic)s, a hospital in %(city)s, %(country)s: address, accreditations, "
            "doctors, and treatments with price ranges and sources."
        )
    return _render(
        request,
        "directory/clinic_detail.html",
        title=f"{clinic.name}, {city.name}",
        description=description % place,
        breadcrumbs=[
            (_("Hospitals"), reverse("directory:hospitals")),
            (clinic.name, clinic.get_absolute_url()),
        ],
        page_obj=doctors,
        structured=[structured],
        clinic=clinic,
        city=city,
        specialties=specialties,
        treatment_rows=treatment_rows,
        first_specialty=specialties[0] if specialties else None,
    )


@require_safe
@public_page("taxonomy")
def top_doctors_view(request, specialty_slug: str, city_slug: str):
    specialty = get_object_or_404(Specialty, slug=specialty_slug)
    pagecache.depends_on(f"doctors-in:{specialty.pk}")
    city = selectors.city_for_page(slug=city_slug)
    page = page_of(
        request,
        selectors.top_doctor_list(specialty=specialty, city=city),
        PAGE_SIZE,
        paginator_class=CachedCountPaginator,
        bounded=True,
    )
    place = {"specialty": specialty.name, "city": city.name}
    for doctor in page.object_list:  # ranked by their figures
        declare_doctor(doctor)
        pagecache.depends_on(f"doctor-answers:{doctor.pk}")
    return _render(
        request,
        "directory/top_doctors.html",
        title=_("Top %(specialty)s doctors in %(city)s") % place,
        description=_(
            "Verified %(specialty)s doctors in %(city)s, ranked by answers "
            "given to patients and thanks received. Ask them a question for free."
        )
        % place,
        breadcrumbs=[
            (
                _("%(specialty)s doctors in %(city)s") % place,
                reverse("directory:top_doctors", args=[specialty.slug, city.slug]),
            ),
        ],
        page_obj=page,
        noindex=not page.object_list,
        specialty=specialty,
        city=city,
        ordering_rule=selectors.DOCTOR_ORDERING_RULE,
    )


@require_safe
@public_page("directory", "taxonomy")
def cost_index_view(request):
    page = page_of(request, selectors.treatment_list_with_costs(), PAGE_SIZE)
    countries = selectors.treatment_country_pairs(treatment_ids=[t.pk for t in page])
    return _render(
        request,
        "directory/cost_index.html",
        title=_("Treatment costs by country"),
        description=_(
            "What treatments cost in India and abroad, by city and country, "
            "with the source and date of every figure."
        ),
        breadcrumbs=[(_("Treatment costs"), reverse("directory:cost_index"))],
        page_obj=page,
        rows=[(t, countries[t.pk]) for t in page],
    )


@require_safe
@public_page("directory", "taxonomy", "doctors")  # clinic cards count verified doctors
def cost_view(request, treatment_slug: str, country_slug: str):
    treatment, country = selectors.cost_page_place(
        treatment_slug=treatment_slug, country_slug=country_slug
    )
    # For a visitor, the page's fragments and its kept body (pagecache.captured: no query
    # once kept) come in one round trip (pagecache.read_ahead).
    number = request.GET.get("page", "").strip()
    # The page whose body is read ahead (a wrong guess costs only a read of its own).
    guess = int(number) if number.isascii() and number.isdigit() and len(number) < 10 else 1
    pagecache.read_ahead(
        fragments=selectors.cost_page_fragments(treatment=treatment, country=country),
        captured=[selectors.cost_body_part(treatment=treatment, country=country, number=guess)],
    )
    by_city = selectors.cost_by_city(treatment=treatment, country=country)
    entries = Paginator(
        selectors.cost_page_entries(treatment=treatment, country=country), PAGE_SIZE
    )
    # The same entries, counted city by city: no COUNT query of their own. Their rows are
    # read only where they are drawn (cost_entry_items, kept drawn for visitors).
    entries.count = sum(row["entry_count"] for row in by_city)
    page = entries.get_page(number or None)
    place = {"treatment": treatment.name, "in_country": in_country(country.name)}
    title = _("Cost of %(treatment)s %(in_country)s") % place
    body = pagecache.captured(
        selectors.cost_body_part(treatment=treatment, country=country, number=page.number),
        lambda: _cost_body(request, treatment, country, title=title, page=page, by_city=by_city),
    )
    return _render(
        request,
        "directory/cost_detail.html",
        title=title,
        description=_(
            "What %(treatment)s costs %(in_country)s, city by city, compared "
            "with other countries. Every price shows its source and the date it was checked."
        )
        % place,
        breadcrumbs=[
            (_("Treatment costs"), reverse("directory:cost_index")),
            (
                _("%(treatment)s %(in_country)s") % place,
                reverse("directory:cost", args=[treatment.slug, country.slug]),
            ),
        ],
        page_obj=page,
        noindex=not by_city,
        cost_body=mark_safe(body),  # noqa: S308 - our own template's output
    )


def _cost_body(request, treatment, country, *, title: str, page, by_city: list[dict]) -> str:
    """directory/partials/cost_body.html: the page's price ranges, prices, hospitals and
    links, for the view's ``page`` of prices and its ``by_city`` rows. Drawn for
    pagecache.captured, so it names every tag it shows itself (the page's own names them
    too; by_city's fragment follows directory and taxonomy), and the part is stale when
    one moves on; its kept parts bring their own tags and their end (the clinics')."""
    pagecache.depends_on("directory", "taxonomy", "doctors")
    # Its kept parts (price ranges and prices, drawn; clinics; related links) in one
    # round trip, and its clinic cards in another, not one round trip each.
    pagecache.read_ahead(
        captured=[
            *selectors.cost_page_parts(
                treatment=treatment,
                country=country,
                number=page.number,
                per_page=PAGE_SIZE,
                clinics=COST_CLINICS_SHOWN + 1,
            ),
            related_links_part(here=request.path),
        ],
    )
    by_country = selectors.cost_by_country_from(treatment=treatment, country=country)
    # Their cards here show no prices (the page lists them all above).
    clinics = selectors.cost_page_clinics(
        treatment=treatment, country=country, limit=COST_CLINICS_SHOWN + 1
    )
    pagecache.read_ahead(
        blocks=[
            (CLINIC_CARD, clinic_card_identity(clinic, "h3"))
            for clinic in clinics[:COST_CLINICS_SHOWN]
        ]
    )
    return render_to_string(
        "directory/partials/cost_body.html",
        {
            "page_title": title,
            "page_obj": page,
            "treatment": treatment,
            "specialty": selectors.main_specialty(treatment=treatment),
            "country": country,
            "by_city": by_city,
            "by_country": by_country,
            "clinics": clinics[:COST_CLINICS_SHOWN],
            "more_clinics": len(clinics) > COST_CLINICS_SHOWN,
            "ordering_rule": selectors.COST_ENTRY_ORDERING_RULE,
            "clinic_ordering_rule": selectors.CLINIC_ORDERING_RULE,
        },
        request=request,
    )


@public_page("directory", "taxonomy")
def doctor_view(request, slug: str):
    """A doctor's public page: the verification record, where they practise, their figures
    and the public questions they answered."""
    doctor = doctor_for_profile_page(slug=slug)
    if doctor is None:
        raise Http404("No such doctor")
    # Their record and their answers, in one round trip.
    declare_doctors([doctor], f"doctor-answers:{doctor.pk}")
    if not doctor.is_public and not may_see_moderated(request.user, author_id=doctor.user_id):
        return removed_response(request)
    specialty = next(iter(doctor.specialties.all()), None)
    body = doctor_profile_part(doctor, request)
    # The kept body and related links come in one round trip (pagecache.read_ahead).
    pagecache.read_ahead(captured=[body, related_links_part(specialty=specialty, city=doctor.city)])
    profile_body = pagecache.captured(body, lambda: _doctor_profile_body(request, doctor))
    return render(
        request,
        "doctors/profile.html",
        {
            "doctor": doctor,
            "profile_body": mark_safe(profile_body),  # noqa: S308 - our own template's output
            "breadcrumbs": doctor_breadcrumbs(doctor),
            "jsonld": doctor_jsonld(doctor),
            "photo_url": absolute(doctor.photo.url) if doctor.photo else "",
        },
    )


def doctor_profile_part(doctor, request) -> str:
    """The name the body of ``doctor``'s page is kept under, for the page ``?page=`` asks
    for: one part for every address that asks for the same page (a campaign's parameter,
    ``?page=01``). Read as Paginator.get_page reads it: a number below 1 or past the
    bound is the doctor's last page, anything that is not a number their first. An ASCII
    number past LIST_MAX_PAGES is a 404 here already, before any part is read."""
    check_page_bound(request, PROFILE_QUESTIONS_PER_PAGE)
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        number = 1
    if not 1 <= number <= settings.LIST_MAX_PAGES:
        number = "last"
    return f"doctor-profile:{doctor.pk}:{number}"


def _doctor_profile_body(request, doctor) -> str:
    """doctors/partials/profile_body.html: the doctor's record, figures and a page of the
    questions they answered. Drawn for pagecache.captured, so it names every tag it shows
    itself (the page's own names them too), and the part is stale when one moves on."""
    declare_doctors([doctor], f"doctor-answers:{doctor.pk}")
    pagecache.depends_on("directory", "taxonomy")
    questions = doctor_answered_question_rows(doctor=doctor)
    stats = doctor_public_stats(doctor=doctor)
    # The figures count exactly the answers the list shows: the list's total needs no
    # count, and no cached one.
    page = page_of(
        request,
        questions,
        PROFILE_QUESTIONS_PER_PAGE,
        paginator_class=CachedCountPaginator,
        bounded=True,
        count=stats["total"],
    )
    # Each card counts its question's answers, which another doctor's answer moves
    # without touching this doctor's tags: the part follows the cards' questions too.
    # Their versions, the cards' doctors' and the cards come in one round trip.
    cards = card_answers_attach(page.object_list)
    pagecache.read_ahead(
        tags=[
            *(f"question:{question.pk}" for question in cards),
            *(
                f"doctor:{answer.doctor_id}"
                for question in cards
                for answer in question.card_answers
            ),
        ],
        blocks=[
            (CARD_TEMPLATE, card_identity(question, doctor))
            for question in cards
            if may_keep_question(question)
        ],
    )
    declare_question_cards(cards, *(f"question:{question.pk}" for question in cards))
    return render_to_string(
        "doctors/partials/profile_body.html",
        {"doctor": doctor, "page_obj": page, "stats": stats},
    )
