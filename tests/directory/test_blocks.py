"""The directory's blocks kept rendered in the shared cache under what they show
(directory/templatetags/directory_blocks.py, portal/pagecache.py: rendered_blocks): each
is drawn once and reused by the next render of any page showing it, a language gets its
own, and a change to anything a block shows is a new key, so it shows on the next
render."""

import datetime
import time
from itertools import count

import pytest
from django.test import Client
from django.utils import timezone

from directory.templatetags import directory_blocks as blocks
from directory.templatetags.directory_links import RELATED_LINKS
from tests.factories import QuestionFactory
from tests.helpers import drawn, redis_commands

from .factories import CityFactory, ClinicFactory, CostEntryFactory

pytestmark = pytest.mark.django_db

_fresh = count()

HOSPITALS = "/hospitals/"
TREATMENT_HOSPITALS = "/hospitals/stem-cell-therapy/"
COSTS = "/cost/"
COST = "/cost/stem-cell-therapy/india/"
CLINIC = "/clinics/kestrel-bay-hospital-mumbai/"


def page(path: str, prefix: str = "", fresh: int | None = None) -> str:
    """``path`` at an address no stored page has: rendered now."""
    response = Client().get(f"{prefix}{path}?v={next(_fresh) if fresh is None else fresh}")
    assert response.status_code == 200, path
    return response.content.decode()


def part(html: str, opening: str, text: str, closing: str) -> str:
    """The element starting with ``opening`` (up to ``closing``) that holds ``text``."""
    start = html.rindex(opening, 0, html.index(text))
    return html[start : html.index(closing, start) + len(closing)]


def hospital_row(html: str) -> str:
    name = "Stem Cell Therapy hospitals</a>"
    return part(html, '<li class="card dir-index__item">', name, "\n    </li>")


def browse_form(html: str) -> str:
    return part(html, "<form", "Find a hospital", "</form>")


def clinic_card(html: str) -> str:
    name = 'dir-clinic__name"><a href="/clinics/kestrel-bay-hospital-mumbai/">'
    return part(html, '<article class="card dir-clinic', name, "</article>")


def city_row(html: str) -> str:
    return part(html, "<tr>", '<th scope="row"><a href="/hospitals/stem-cell', "</tr>")


def country_row(html: str) -> str:
    return part(html, "<tr", "(this page)", "</tr>")


def entry_item(html: str) -> str:
    return part(html, '<li class="card dir-entry">', "Written quote", "\n    </li>")


def related_links(html: str) -> str:
    return part(html, '<section class="dir-links"', "dir-links__group", "</section>")


def profile(html: str) -> str:
    return part(html, '<article class="card dir-profile"', "clinic-title", "</article>")


def doctor_item(html: str) -> str:
    return part(html, '<li class="card dir-doctor">', 'class="doctor__name"', "\n    </li>")


def treatment_item(html: str) -> str:
    name = '<h3 class="dir-treatment__name">'
    return part(html, '<li class="card dir-treatment">', name, "\n    </li>")


KINDS = [
    (HOSPITALS, blocks.HOSPITAL_INDEX_ITEM, 1),
    (HOSPITALS, blocks.BROWSE_FORM, 1),
    (COSTS, blocks.COST_INDEX_ITEM, 1),
    (COST, blocks.COST_CITY_ROW, 1),
    (COST, blocks.COST_COUNTRY_ROW, 1),
    (COST, blocks.COST_ENTRY_ITEM, 1),
    (COST, blocks.CLINIC_CARD, 1),
    (TREATMENT_HOSPITALS, blocks.CLINIC_CARD, 1),
    (CLINIC, blocks.CLINIC_TREATMENT_ITEM, 1),
    (CLINIC, blocks.CLINIC_PROFILE, 1),
    (CLINIC, blocks.CLINIC_DOCTOR_ITEM, 1),
    (COST, RELATED_LINKS, 1),
    (CLINIC, RELATED_LINKS, 1),
]


@pytest.mark.parametrize(("path", "template_name", "n"), KINDS)
def test_a_block_is_drawn_once_then_reused(redis_page_cache, clinic, path, template_name, n):
    with drawn(template_name) as first:
        html = page(path, fresh=0)
    with drawn(template_name) as second:
        again = page(path, fresh=1)

    assert len(first) == n
    assert second == []
    assert again.replace("v=1", "v=0") == html  # the address is in the page


@pytest.mark.parametrize(("path", "template_name", "n"), KINDS)
def test_hindi_gets_blocks_of_its_own(redis_page_cache, clinic, path, template_name, n):
    page(path)
    with drawn(template_name) as hindi:
        page(path, "/hi")

    assert len(hindi) == n


def test_renaming_the_clinic_changes_its_cards_and_prices(redis_page_cache, clinic):
    for path in (COST, TREATMENT_HOSPITALS):
        page(path)

    clinic.name = "Kestrel Bay Heart Hospital"
    clinic.save()

    assert "Kestrel Bay Heart Hospital" in clinic_card(page(COST))
    assert "Kestrel Bay Heart Hospital" in clinic_card(page(TREATMENT_HOSPITALS))
    assert "Kestrel Bay Heart Hospital" in entry_item(page(COST))
    assert '<h1 id="clinic-title" class="dir-profile__name">Kestrel Bay Heart' in page(CLINIC)


def test_an_added_accreditation_shows_on_the_card(redis_page_cache, clinic):
    assert "TEMOS" not in clinic_card(page(COST))

    clinic.accreditations = [*clinic.accreditations, "TEMOS"]
    clinic.save()

    assert "TEMOS" in clinic_card(page(COST))
    assert "TEMOS" in clinic_card(page(TREATMENT_HOSPITALS))
    assert "TEMOS" in profile(page(CLINIC))


def test_a_new_phone_number_shows_on_the_clinic_page(redis_page_cache, clinic):
    assert "+91 22 0100 0114" in profile(page(CLINIC))

    clinic.phone = "+91 22 0100 0999"
    clinic.save()

    assert 'href="tel:+912201000999"' in profile(page(CLINIC))


def test_a_doctor_renamed_or_newly_qualified_shows_on_the_clinic_page(
    redis_page_cache, clinic, derm_doctor
):
    assert "Dr. Asha Rao" in doctor_item(page(CLINIC))

    derm_doctor.full_name = "Asha Rao-Menon"
    derm_doctor.qualifications = "MBBS, MD (Dermatology)"
    derm_doctor.save()

    item = doctor_item(page(CLINIC))
    assert "Dr. Asha Rao-Menon" in item
    assert "MBBS, MD (Dermatology)" in item


def test_sponsoring_labels_the_card(redis_page_cache, clinic):
    assert "Sponsored clinic" not in clinic_card(page(TREATMENT_HOSPITALS))

    clinic.is_sponsored = True
    clinic.save()

    assert "Sponsored clinic" in clinic_card(page(TREATMENT_HOSPITALS))
    assert "Sponsored clinic" in entry_item(page(COST))


def test_an_edited_price_shows_everywhere_it_is_drawn(redis_page_cache, clinic):
    html = page(COST)
    assert "₹3,20,000 – ₹5,50,000" in city_row(html)
    page(TREATMENT_HOSPITALS)
    page(CLINIC)

    entry = clinic.cost_entries.get()
    entry.high_price = 600000
    entry.source_name = "Revised quote from Kestrel Bay Hospital"
    entry.checked_on = datetime.date(2026, 11, 2)
    entry.save()

    html = page(COST)
    assert "₹3,20,000 – ₹6,00,000" in city_row(html)
    assert "₹3,20,000 – ₹6,00,000" in country_row(html)
    item = part(html, '<li class="card dir-entry">', "Revised quote", "\n    </li>")
    assert "₹6,00,000" in item
    assert "2026-11-02" in item
    card = clinic_card(page(TREATMENT_HOSPITALS))
    assert "Revised quote" in card
    assert "₹6,00,000" in card
    assert "Revised quote" in treatment_item(page(CLINIC))


def test_a_second_source_changes_the_range_basis(redis_page_cache, clinic, stem_cells):
    assert "1 clinic quote" in city_row(page(COST))

    CostEntryFactory(
        clinic=clinic,
        treatment=stem_cells,
        low_price=300000,
        high_price=500000,
        source_kind="editor_survey",
        source_name="Our survey",
        checked_on=datetime.date(2026, 9, 1),
    )

    row = city_row(page(COST))
    assert "2 sources:" in row
    assert "₹3,00,000 – ₹5,50,000" in row


def test_a_clinic_in_another_city_shows_on_the_index_and_the_form(
    redis_page_cache, clinic, stem_cells, india
):
    html = page(HOSPITALS)
    assert "Delhi" not in hospital_row(html)
    assert "Delhi" not in browse_form(html)

    delhi = CityFactory(name="Delhi", slug="delhi", country=india)
    ClinicFactory(name="Lotus Clinic", city=delhi, treatments=[stem_cells])

    html = page(HOSPITALS)
    row = hospital_row(html)
    assert "/hospitals/stem-cell-therapy/delhi/" in row
    assert "2 clinics" in row
    assert '<option value="delhi">Delhi</option>' in browse_form(html)


def test_a_clinic_in_another_city_shows_in_the_related_links(
    redis_page_cache, clinic, stem_cells, india
):
    assert "Stem Cell Therapy hospitals in Delhi" not in page(COST)

    delhi = CityFactory(name="Delhi", slug="delhi", country=india)
    ClinicFactory(name="Lotus Clinic", city=delhi, treatments=[stem_cells])

    assert '<a href="/hospitals/stem-cell-therapy/delhi/">' in related_links(page(COST))


def test_a_doctors_related_links_are_kept_then_follow_a_clinic_in_another_city(
    redis_page_cache, clinic, derm_doctor, stem_cells, india
):
    """On a page the links cannot point at (a doctor's), they are one kept part per
    specialty and city (pagecache.captured): drawn once, and redrawn when the directory
    changes."""
    url = derm_doctor.get_absolute_url()
    with drawn(RELATED_LINKS) as drawings:
        first, second = page(url), page(url)
    assert len(drawings) == 1
    assert related_links(first) == related_links(second)
    assert "/hospitals/stem-cell-therapy/delhi/" not in related_links(second)

    delhi = CityFactory(name="Delhi", slug="delhi", country=india)
    ClinicFactory(name="Lotus Clinic", city=delhi, treatments=[stem_cells])

    assert '<a href="/hospitals/stem-cell-therapy/delhi/">' in related_links(page(url))


def test_a_cost_page_leaves_its_own_link_out_of_the_related_links(
    redis_page_cache, clinic, stem_cells, hair_transplant
):
    CostEntryFactory(clinic=clinic, treatment=hair_transplant)

    for _ in range(2):  # drawn, then reused
        stem = related_links(page(COST))
        hair = related_links(page("/cost/hair-transplant/india/"))
        assert "/cost/hair-transplant/india/" in stem
        assert "/cost/stem-cell-therapy/india/" not in stem
        assert "/cost/stem-cell-therapy/india/" in hair
        assert "/cost/hair-transplant/india/" not in hair


def test_pages_the_links_cannot_point_at_share_one_related_links_block(
    redis_page_cache, clinic, dermatology
):
    """A question page's related links leave no link of its own out, so every question of
    a specialty reads the same kept block: a cold question page does not draw it again."""
    first, second = (
        QuestionFactory(specialty=dermatology, slug=f"rash-{n}", text=f"Rash question {n}")
        for n in range(2)
    )
    with drawn(RELATED_LINKS) as drawings:
        pages = [page(question.get_absolute_url()) for question in (first, second)]

    assert len(drawings) == 1
    assert related_links(pages[0]) == related_links(pages[1])
    assert "/hospitals/stem-cell-therapy/mumbai/" in related_links(pages[1])


def test_renaming_the_treatment_changes_the_index_rows(redis_page_cache, clinic, stem_cells):
    page(HOSPITALS)
    page(COSTS)
    page(CLINIC)

    stem_cells.name = "Stem Cell Treatment"
    stem_cells.save()

    assert "Stem Cell Treatment hospitals" in page(HOSPITALS)
    assert "Cost of Stem Cell Treatment by country" in page(COSTS)
    assert '<h3 class="dir-treatment__name">Stem Cell Treatment</h3>' in page(CLINIC)


def test_a_price_in_another_country_shows_on_the_costs_index(
    redis_page_cache, clinic, stem_cells, turkey
):
    assert "/cost/stem-cell-therapy/turkey/" not in page(COSTS)

    CostEntryFactory(country=turkey, treatment=stem_cells, currency="TRY", source_name="Survey")

    assert "/cost/stem-cell-therapy/turkey/" in page(COSTS)
    assert "/cost/stem-cell-therapy/turkey/" in page(COST)


def test_a_cost_page_reads_its_kept_body_with_its_fragments(redis_page_cache, clinic, monkeypatch):
    """Its main column, kept drawn by an earlier render (pagecache.captured), comes with
    the page's fragments in one round trip: it is not drawn again, and none of its
    parts, fragments or blocks is read on its own."""
    from portal import pagecache

    first = page(COST)
    pagecache._READ_AHEAD.clear()  # nothing learned from that render: every read is asked
    sent = redis_commands(monkeypatch)
    with drawn("directory/partials/cost_body.html") as bodies:
        again = page(COST)

    assert bodies == []
    for piece in (city_row, country_row, entry_item, clinic_card):
        assert piece(again) == piece(first)
    assert related_links(again) == related_links(first)
    assert not [args for args in sent if args[0] == "MGET"], sent
    # What the layout keeps (the header, the footer) is read on its own when nothing was
    # learned; no part or fragment is.
    alone = [args[1] for args in sent if args[0] == "GET"]
    assert not [key for key in alone if ":pc:fv:" in key], alone


def test_a_cost_page_drawn_again_reads_its_kept_blocks_in_one_round_trip(
    redis_page_cache, clinic, monkeypatch
):
    """With its main column gone from the cache (evicted, or stale), its price ranges,
    prices and clinic cards, kept by an earlier render, come in two round trips
    (pagecache.read_ahead), however many there are: no read of one of them goes to Redis
    on its own."""
    from portal import pagecache

    first = page(COST)
    client, prefix = redis_page_cache
    bodies = list(client.scan_iter(f"{prefix}:*cost-body:*"))
    assert bodies
    client.delete(*bodies)
    pagecache._READ_AHEAD.clear()  # nothing learned from that render: every read is asked
    sent = redis_commands(monkeypatch)
    again = page(COST)

    for piece in (city_row, country_row, entry_item, clinic_card):
        assert piece(again) == piece(first)
    assert related_links(again) == related_links(first)
    # Blocks drawn through rendered_blocks are read with MGET when not read ahead. The
    # cost page's price ranges, prices and related links are kept drawn, as parts read
    # together; its clinic cards were read ahead in one MGET: no other MGET.
    block_reads = [args[1:] for args in sent if args[0] == "MGET"]
    assert len(block_reads) == 1, sent


def test_a_cost_page_at_another_address_runs_no_query_for_its_prices_or_clinics(
    redis_page_cache, clinic, django_assert_num_queries
):
    """Its page of prices, its clinics and its related links are parts kept for visitors
    (pagecache.captured): drawn again at another address (a campaign's parameter, a
    share link), it reads them from the cache; its treatment and country, from the
    address, are its only queries."""
    first = page(COST)
    with django_assert_num_queries(2):
        again = page(COST)

    for piece in (entry_item, clinic_card, related_links):
        assert piece(again) == piece(first)


def test_a_cost_pages_kept_parts_follow_a_new_price_and_a_clinics_doctors(
    redis_page_cache, clinic, stem_cells, derm_doctor
):
    first = page(COST)
    assert "1 verified doctor on this portal" in clinic_card(first)

    CostEntryFactory(clinic=clinic, treatment=stem_cells, source_name="Spring price list")
    clinic.doctors.remove(derm_doctor)

    again = page(COST)
    assert "Spring price list" in again
    assert "verified doctor" not in clinic_card(again)
    assert city_row(again) != city_row(first)  # the city's range rests on one more price


def test_a_cost_pages_clinics_are_kept_no_longer_than_a_stored_page(
    redis_page_cache, clinic, derm_doctor, settings
):
    """A verification that runs out changes a clinic's count of verified doctors with no
    write to follow: the kept clinics last no longer than a stored page would."""
    settings.PAGE_CACHE_SECONDS = 1
    derm_doctor.verified_until = timezone.now() + datetime.timedelta(seconds=1)
    derm_doctor.save(update_fields=["verified_until"])
    assert "1 verified doctor on this portal" in clinic_card(page(COST))

    time.sleep(1.1)

    assert "verified doctor" not in clinic_card(page(COST))
