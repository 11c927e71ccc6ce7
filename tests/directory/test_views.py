"""Every directory page: content, honesty rules (sources, sponsored labels, verified
doctors only), canonical URLs, empty states, and hostile input (never a 500)."""

import datetime
import re

import pytest
from django.urls import reverse

from directory.models import CostEntry
from tests.factories import DoctorFactory

from .factories import ClinicFactory, CostEntryFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def canonical(response) -> str:
    match = re.search(r'<link rel="canonical" href="([^"]+)"', response.content.decode())
    assert match, "no canonical link"
    return match.group(1)


def assert_page_basics(response, *, canonical_path: str, crumbs: list[str]):
    assert response.status_code == 200
    html = response.content.decode()
    assert canonical(response).endswith(canonical_path)
    assert re.search(r'<meta name="description" content="[^"]{40,}">', html)
    breadcrumb = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    for crumb in crumbs:
        assert crumb in breadcrumb
    assert '"@type": "BreadcrumbList"' in html or '"@type":"BreadcrumbList"' in html
    assert "Ask a free question" in html
    assert reverse("questions:ask") in html


# --- /hospitals/ ---------------------------------------------------------------------------
def test_hospitals_index_lists_treatments_with_their_cities(client, clinic, stem_cells):
    response = client.get(reverse("directory:hospitals"))
    assert_page_basics(response, canonical_path="/hospitals/", crumbs=["Home", "Hospitals"])
    assert "Stem Cell Therapy hospitals" in text(response)
    assert reverse("directory:hospitals_treatment_city", args=["stem-cell-therapy", "mumbai"]) in (
        response.content.decode()
    )


def test_hospitals_index_empty(client, db):
    response = client.get(reverse("directory:hospitals"))
    assert response.status_code == 200
    assert "No hospitals are listed yet" in text(response)


def test_hospitals_browse_form_redirects_to_the_canonical_page(client, clinic):
    url = reverse("directory:hospitals")
    response = client.get(url, {"treatment": "stem-cell-therapy", "city": "mumbai"})
    assert response.status_code == 302
    assert response["Location"] == "/hospitals/stem-cell-therapy/mumbai/"
    response = client.get(url, {"treatment": "stem-cell-therapy"})
    assert response["Location"] == "/hospitals/stem-cell-therapy/"


@pytest.mark.parametrize(
    "params",
    [
        {"treatment": "no-such-thing"},
        {"treatment": "stem-cell-therapy", "city": "atlantis"},
        {"treatment": "<script>alert(1)</script>"},
        {"treatment": "x" * 5000},
        {"treatment": "\x00"},
        {"treatment": "stem-cell-therapy", "city": "mum\x00bai"},
    ],
)
def test_hospitals_browse_form_with_unknown_values_is_404(client, clinic, params):
    assert client.get(reverse("directory:hospitals"), params).status_code == 404


# --- /hospitals/<treatment>/ and /hospitals/<treatment>/<city>/ ----------------------------
def test_treatment_city_page_shows_clinics_accreditations_and_sourced_prices(
    client, clinic, stem_cells, mumbai
):
    url = reverse("directory:hospitals_treatment_city", args=["stem-cell-therapy", "mumbai"])
    response = client.get(url)
    assert_page_basics(
        response,
        canonical_path=url,
        crumbs=["Home", "Hospitals", "Stem Cell Therapy", "Mumbai"],
    )
    page = text(response)
    assert "Stem Cell Therapy hospitals in Mumbai" in page
    assert "Kestrel Bay Hospital" in page
    assert "JCI" in page and "NABH" in page
    assert "₹3,20,000 – ₹5,50,000" in page
    assert "Clinic quote: Written quote from Kestrel Bay Hospital" in page
    assert "Last checked 8 Oct 2026" in page
    assert "How this list is ordered" not in page  # the rule is stated, not headlined
    assert "Ordered by number of accreditations" in page


def test_treatment_page_lists_clinics_in_every_city_with_city_links(
    client, clinic, stem_cells, delhi
):
    ClinicFactory(name="Banyan Court", city=delhi, treatments=[stem_cells])
    url = reverse("directory:hospitals_treatment", args=["stem-cell-therapy"])
    response = client.get(url)
    assert_page_basics(
        response, canonical_path=url, crumbs=["Home", "Hospitals", "Stem Cell Therapy"]
    )
    page = text(response)
    assert "Kestrel Bay Hospital" in page and "Banyan Court" in page
    html = response.content.decode()
    assert "/hospitals/stem-cell-therapy/delhi/" in html
    assert "/hospitals/stem-cell-therapy/mumbai/" in html


def test_city_with_no_clinics_is_an_empty_page_not_a_404(client, clinic, pune):
    url = reverse("directory:hospitals_treatment_city", args=["stem-cell-therapy", "pune"])
    response = client.get(url)
    assert response.status_code == 200
    page = text(response)
    assert "We have not listed a hospital for Stem Cell Therapy in Pune yet" in page
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    # ... and it still links to the cities that do have some.
    assert "/hospitals/stem-cell-therapy/mumbai/" in response.content.decode()


def test_a_clinic_without_a_checked_price_shows_no_price(client, stem_cells, mumbai):
    ClinicFactory(name="Quiet Clinic", city=mumbai, treatments=[stem_cells])
    url = reverse("directory:hospitals_treatment_city", args=["stem-cell-therapy", "mumbai"])
    page = text(client.get(url))
    assert "Quiet Clinic" in page
    assert "No checked price yet" in page
    assert "₹" not in page.split("Quiet Clinic", 1)[1].split("What Stem Cell Therapy costs")[0]


def test_sponsored_clinic_is_labelled_and_does_not_jump_the_order(client, stem_cells, mumbai):
    ClinicFactory(name="Zeta Accredited", city=mumbai, treatments=[stem_cells],
                  accreditations=["JCI", "NABH"])  # fmt: skip
    ClinicFactory(name="Alpha Sponsored", city=mumbai, treatments=[stem_cells],
                  is_sponsored=True)  # fmt: skip
    url = reverse("directory:hospitals_treatment_city", args=["stem-cell-therapy", "mumbai"])
    page = text(client.get(url))
    # More accreditations first, whatever the name or the sponsorship.
    assert page.index("Zeta Accredited") < page.index("Alpha Sponsored")
    assert re.search(r"Alpha Sponsored\s+Sponsored", page)
    assert not re.search(r"Zeta Accredited\s+Sponsored", page)


@pytest.mark.parametrize(
    "path",
    [
        "/hospitals/no-such-treatment/",
        "/hospitals/no-such-treatment/mumbai/",
        "/hospitals/stem-cell-therapy/atlantis/",
        "/hospitals/stem-cell-therapy/mumbai/extra/",
        "/hospitals/stem%20cell/",
        "/hospitals/%3Cscript%3E/",
        "/clinics/no-such-clinic/",
        "/top-doctors/dermatology/atlantis/",
        "/top-doctors/no-such-specialty/mumbai/",
        "/top-doctors/dermatology/",
        "/cost/stem-cell-therapy/atlantis/",
        "/cost/no-such-treatment/india/",
        "/cost/stem-cell-therapy/",
    ],
)
def test_unknown_slugs_are_404(client, clinic, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "999999999999999999999999", "1e9", "", "2%00", "<b>"]
)
def test_bad_page_numbers_give_a_real_page(client, clinic, page):
    for url in [
        "/hospitals/",
        "/hospitals/stem-cell-therapy/",
        "/hospitals/stem-cell-therapy/mumbai/",
        "/clinics/kestrel-bay-hospital-mumbai/",
        "/top-doctors/dermatology/mumbai/",
        "/cost/",
        "/cost/stem-cell-therapy/india/",
    ]:
        response = client.get(url, {"page": page})
        if url.startswith("/top-doctors/") and page == "999999999999999999999999":
            # A bounded list (LIST_MAX_PAGES): past the bound is a 404 that says why.
            assert response.status_code == 404
            assert "no further" in response.content.decode()
            continue
        assert response.status_code == 200, (url, page)
        assert "?page=" not in canonical(response)


def test_pagination_and_canonical_of_a_later_page(client, stem_cells, mumbai):
    for i in range(25):
        ClinicFactory(name=f"Clinic {i:02d}", city=mumbai, treatments=[stem_cells])
    url = reverse("directory:hospitals_treatment_city", args=["stem-cell-therapy", "mumbai"])
    first = client.get(url)
    assert "Page 1 of 2" in text(first)
    second = client.get(url, {"page": 2})
    assert "Page 2 of 2" in text(second)
    assert canonical(second).endswith(f"{url}?page=2")
    assert "Clinic 24" in text(second) and "Clinic 24" not in text(first)


def test_a_cost_page_counts_its_pages_from_the_public_prices(client, stem_cells, mumbai, india):
    """The page total is the by-city rows' sum (no COUNT of its own): a hidden clinic's
    price counts in neither."""
    for i in range(20):
        clinic = ClinicFactory(name=f"Clinic {i:02d}", city=mumbai, treatments=[stem_cells])
        CostEntryFactory(clinic=clinic, treatment=stem_cells, low_price=1000 + i)
    CostEntryFactory(treatment=stem_cells, city=None, country=india, low_price=5000)
    hidden = ClinicFactory(name="Hidden Clinic", city=mumbai, visibility="hidden")
    CostEntryFactory(clinic=hidden, treatment=stem_cells, low_price=999)
    url = reverse("directory:cost", args=["stem-cell-therapy", "india"])

    assert "Page 1 of 2" in text(client.get(url))
    second = text(client.get(url, {"page": 2}))
    assert "Page 2 of 2" in second
    assert "Clinic 19" in second
    assert "Hidden Clinic" not in second
    assert "Page 2 of 2" in text(client.get(url, {"page": 9}))
    # What the paginator cannot read as a number (more digits than int() takes from a
    # string, 4,300, or none): the first page; a number before the first: the last.
    for nonsense in ("9" * 5000, "abc", "\x00"):
        assert "Page 1 of 2" in text(client.get(url, {"page": nonsense})), nonsense
    for before in ("0", "-1"):
        assert "Page 2 of 2" in text(client.get(url, {"page": before})), before


# --- /clinics/<slug>/ ----------------------------------------------------------------------
def test_clinic_page(client, clinic, derm_doctor):
    url = clinic.get_absolute_url()
    response = client.get(url)
    assert_page_basics(response, canonical_path=url, crumbs=["Home", "Hospitals", clinic.name])
    page = text(response)
    assert "1 Test Road" in page and "Mumbai" in page and "India" in page
    assert "+91 22 0100 0114" in page
    assert "kestrel-bay.example" in page
    assert "Stem Cell Therapy" in page
    assert "₹3,20,000 – ₹5,50,000" in page and "Last checked 8 Oct 2026" in page
    assert "Dr. Asha Rao" in page
    html = response.content.decode()
    assert derm_doctor.get_absolute_url() in html
    assert '"@type":"Hospital"' in html.replace(": ", ":")
    assert 'rel="nofollow noopener noreferrer external"' in html
    assert "Sponsored" not in page


def test_clinic_page_shows_only_verified_doctors(client, clinic, dermatology, mumbai):
    applicant = DoctorFactory(full_name="Unverified Person", verified_at=None)
    clinic.doctors.add(applicant)
    page = text(client.get(clinic.get_absolute_url()))
    assert "Unverified Person" not in page
    assert "Asha Rao" in page


def test_sponsored_clinic_page_says_so(client, mumbai):
    sponsored = ClinicFactory(name="Tamarind Clinic", city=mumbai, is_sponsored=True)
    page = text(client.get(sponsored.get_absolute_url()))
    assert "Sponsored" in page
    assert "does not change where it appears in any list" in page


def test_clinic_page_empty_states(client, mumbai):
    bare = ClinicFactory(name="Bare Clinic", city=mumbai)
    response = client.get(bare.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert "We have not listed this clinic's treatments yet" in page
    assert "No verified doctor on this portal has listed this clinic yet" in page


def test_clinic_text_is_escaped(client, mumbai):
    hostile = ClinicFactory(
        name="<script>alert(1)</script>", city=mumbai, description="<img src=x onerror=alert(1)>"
    )
    html = client.get(hostile.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html


# --- /top-doctors/<specialty>/<city>/ ------------------------------------------------------
def test_top_doctors_lists_verified_doctors_in_the_stated_order(
    client, derm_doctor, dermatology, mumbai, delhi, clinic
):
    DoctorFactory(full_name="Zara Senior", specialties=[dermatology], city=mumbai,
                  years_of_experience=30)  # fmt: skip
    DoctorFactory(full_name="Not Verified", specialties=[dermatology], city=mumbai,
                  verified_at=None)  # fmt: skip
    DoctorFactory(full_name="Delhi Doctor", specialties=[dermatology], city=delhi)
    # Asha Rao has answered questions, so she comes first despite less experience.
    from questions.models import Answer
    from tests.factories import QuestionFactory

    for i in range(2):
        question = QuestionFactory(slug=f"q{i}")
        Answer.objects.create(question=question, doctor=derm_doctor, body="x", body_html="x",
                              thanks_count=1)  # fmt: skip

    url = reverse("directory:top_doctors", args=["dermatology", "mumbai"])
    response = client.get(url)
    assert_page_basics(
        response, canonical_path=url, crumbs=["Home", "Dermatology doctors in Mumbai"]
    )
    page = text(response)
    assert "Top Dermatology doctors in Mumbai" in page
    assert page.index("Asha Rao") < page.index("Zara Senior")
    assert "Not Verified" not in page
    assert "Delhi Doctor" not in page
    assert "Verified doctors only" in page and "No doctor can pay for a place" in page
    assert "Kestrel Bay Hospital" in page  # where she practises
    # "In other cities" links
    assert "/top-doctors/dermatology/delhi/" in response.content.decode()


def test_top_doctors_empty_state(client, dermatology, pune):
    response = client.get(reverse("directory:top_doctors", args=["dermatology", "pune"]))
    assert response.status_code == 200
    assert "No verified Dermatology doctor in Pune has joined the portal yet" in text(response)


# --- /cost/ and /cost/<treatment>/<country>/ -----------------------------------------------
@pytest.fixture
def costs(clinic, stem_cells, mumbai, delhi, india, turkey, istanbul):
    CostEntryFactory(treatment=stem_cells, city=delhi, low_price=150000, high_price=500000,
                     source_kind=CostEntry.SourceKind.EDITOR_SURVEY,
                     source_name="Editors' survey of 5 Delhi centres",
                     checked_on=datetime.date(2026, 10, 12))  # fmt: skip
    CostEntryFactory(treatment=stem_cells, city=None, country=india, low_price=150000,
                     high_price=600000, source_kind=CostEntry.SourceKind.PUBLISHED_REFERENCE,
                     source_name="Indian Medical Travel Cost Review 2026",
                     source_url="https://review.example/2026/stem-cells",
                     checked_on=datetime.date(2026, 7, 30))  # fmt: skip
    CostEntryFactory(treatment=stem_cells, city=istanbul, low_price=6000, high_price=15000,
                     currency="USD", source_name="Quote from an Istanbul hospital",
                     checked_on=datetime.date(2026, 8, 2))  # fmt: skip


def test_cost_page_tables_with_sources_and_dates(client, costs):
    url = reverse("directory:cost", args=["stem-cell-therapy", "india"])
    response = client.get(url)
    assert_page_basics(
        response,
        canonical_path=url,
        crumbs=["Home", "Treatment costs", "Stem Cell Therapy in India"],
    )
    page = text(response)
    assert "Cost of Stem Cell Therapy in India" in page
    # By city, with the country-wide figure first.
    by_city = page.split("cost by city in India", 1)[1].split("compared with other countries")[0]
    assert by_city.index("All of India") < by_city.index("Delhi") < by_city.index("Mumbai")
    assert "₹1,50,000 – ₹5,00,000" in by_city
    assert "1 editor survey. Checked 12 Oct 2026" in by_city
    # Other countries, in their own currency.
    compare = page.split("compared with other countries", 1)[1]
    assert "Turkey" in compare and "US$6,000 – US$15,000" in compare
    assert "/cost/stem-cell-therapy/turkey/" in response.content.decode()
    # Every single price with its source and date.
    entries = page.split("Every price and its source", 1)[1]
    assert "Published reference: Indian Medical Travel Cost Review 2026" in entries
    assert "Last checked 30 Jul 2026" in entries
    assert "https://review.example/2026/stem-cells" in response.content.decode()
    # The clinics offering it.
    assert "Hospitals offering Stem Cell Therapy in India" in page
    assert "Kestrel Bay Hospital" in page


def test_every_price_on_the_cost_page_carries_a_source_and_a_date(client, costs):
    html = client.get("/cost/stem-cell-therapy/india/").content.decode()
    for block in re.findall(r'<div class="dir-price">.*?</div>', html, re.S):
        assert "dir-source__kind" in block and "Last checked" in block, block


def test_cost_page_for_a_country_without_prices(client, costs, turkey):
    response = client.get(reverse("directory:cost", args=["stem-cell-therapy", "turkey"]))
    assert response.status_code == 200
    CostEntry.objects.filter(country=turkey).delete()
    response = client.get(reverse("directory:cost", args=["stem-cell-therapy", "turkey"]))
    assert response.status_code == 200
    page = text(response)
    assert "We have no checked price for Stem Cell Therapy in Turkey yet" in page
    assert "What Stem Cell Therapy costs in other countries" in page  # India's still show
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_cost_index(client, costs):
    response = client.get(reverse("directory:cost_index"))
    assert_page_basics(response, canonical_path="/cost/", crumbs=["Home", "Treatment costs"])
    html = response.content.decode()
    assert "/cost/stem-cell-therapy/india/" in html
    assert "/cost/stem-cell-therapy/turkey/" in html
    assert "₹" not in text(response)  # no price without its source on an index


def test_cost_index_empty(client, db):
    assert "No treatment costs are listed yet" in text(client.get("/cost/"))


# --- Cross-links on pages that other apps own ----------------------------------------------
def test_question_page_shows_directory_links(client, clinic, derm_doctor, dermatology, india):
    from questions.models import Answer
    from tests.factories import QuestionFactory

    question = QuestionFactory(specialty=dermatology, slug="rash")
    Answer.objects.create(question=question, doctor=derm_doctor, body="x", body_html="x")
    page = text(client.get(question.get_absolute_url()))
    assert "Stem Cell Therapy hospitals in Mumbai" in page
    assert "Top Dermatology doctors in Mumbai" in page


def test_doctor_profile_shows_directory_links(client, clinic, derm_doctor, dermatology, delhi):
    DoctorFactory(full_name="Delhi Derm", specialties=[dermatology], city=delhi)
    page = text(client.get(derm_doctor.get_absolute_url()))
    assert "Top Dermatology doctors in other cities" in page
    assert "Top Dermatology doctors in Delhi" in page
    assert "Top Dermatology doctors in Mumbai" not in page  # her own city is not "other"


def test_pages_are_read_only(client, clinic):
    for url in ["/hospitals/", "/clinics/kestrel-bay-hospital-mumbai/", "/cost/"]:
        assert client.post(url).status_code == 405
        assert client.head(url).status_code == 200
