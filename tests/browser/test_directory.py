"""A visitor on a phone compares costs, opens a clinic, then a doctor who practises there,
and asks that kind of doctor a question: the directory's path from a search engine to
the ask form, in headless Chromium at 360 px."""

import datetime
import re

import pytest

from directory.models import CostEntry
from tests.browser.helpers import PHONE, no_sideways_scroll, shot
from tests.directory.factories import (
    CityFactory,
    ClinicFactory,
    CostEntryFactory,
    CountryFactory,
    TreatmentFactory,
)
from tests.factories import DoctorFactory, SpecialtyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(db):
    india = CountryFactory(name="India", slug="india", iso_code="IN", currency="INR")
    turkey = CountryFactory(name="Turkey", slug="turkey", iso_code="TR", currency="TRY")
    mumbai = CityFactory(name="Mumbai", slug="mumbai", country=india)
    delhi = CityFactory(name="Delhi", slug="delhi", country=india)
    istanbul = CityFactory(name="Istanbul", slug="istanbul", country=turkey)
    dermatology = SpecialtyFactory(name="Dermatology", slug="dermatology")
    stem_cells = TreatmentFactory(
        name="Stem Cell Therapy", slug="stem-cell-therapy", specialties=[dermatology]
    )
    doctor = DoctorFactory(
        full_name="Asha Rao",
        slug="asha-rao",
        specialties=[dermatology],
        city=mumbai,
        qualifications="MBBS, MD (Dermatology)",
    )
    clinic = ClinicFactory(
        name="Tamarind Skin Clinic",
        slug="tamarind-skin-clinic-mumbai",
        city=mumbai,
        address="Hill Road, Bandra West",
        accreditations=["NABH"],
        treatments=[stem_cells],
        specialties=[dermatology],
        doctors=[doctor],
        is_sponsored=True,
    )
    CostEntryFactory(clinic=clinic, treatment=stem_cells, low_price=240000, high_price=400000,
                     source_name="Written quote from Tamarind Skin Clinic",
                     checked_on=datetime.date(2026, 10, 6))  # fmt: skip
    CostEntryFactory(city=delhi, treatment=stem_cells, low_price=150000, high_price=500000,
                     source_kind=CostEntry.SourceKind.EDITOR_SURVEY,
                     source_name="Editors' survey of 5 Delhi centres",
                     checked_on=datetime.date(2026, 10, 12))  # fmt: skip
    CostEntryFactory(city=istanbul, treatment=stem_cells, low_price=6000, high_price=15000,
                     currency="USD", source_name="Quote from an Istanbul hospital",
                     checked_on=datetime.date(2026, 9, 10))  # fmt: skip
    return {"clinic": clinic, "doctor": doctor}


def test_cost_page_to_clinic_to_doctor_to_the_ask_form(browser, live_server, directory):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    page.goto(f"{live_server.url}/cost/stem-cell-therapy/india/")
    main = page.locator("main")
    assert "Cost of Stem Cell Therapy in India" in main.inner_text()
    assert "₹1,50,000 – ₹5,00,000" in main.inner_text()  # Delhi, by city
    assert "US$6,000 – US$15,000" in main.inner_text()  # Turkey, compared
    assert "Last checked 6 Oct 2026" in main.inner_text()
    no_sideways_scroll(page)
    shot(page, "directory-01-cost")

    page.get_by_role("link", name="Tamarind Skin Clinic").first.click()
    page.wait_for_url(re.compile(r"/clinics/tamarind-skin-clinic-mumbai/$"))
    assert page.locator("h1").inner_text() == "Tamarind Skin Clinic"
    assert page.locator(".badge--sponsored", has_text="Sponsored clinic").first.is_visible()
    assert "Hill Road, Bandra West" in page.locator("address").inner_text()
    no_sideways_scroll(page)
    shot(page, "directory-02-clinic")

    page.get_by_role("link", name="Dr. Asha Rao").click()
    page.wait_for_url(re.compile(r"/doctors/asha-rao/$"))
    assert "Dr. Asha Rao" in page.locator("h1").inner_text()
    shot(page, "directory-03-doctor")

    page.locator("main").get_by_role("link", name="Ask a free question").first.click()
    page.wait_for_url(re.compile(r"/ask/"))
    assert page.get_by_label("Your question").is_visible()
    no_sideways_scroll(page)
    shot(page, "directory-04-ask-form")
    context.close()


def test_top_doctors_and_hospitals_pages_on_a_phone(browser, live_server, directory):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/hospitals/")
    page.get_by_label("Treatment", exact=True).select_option("stem-cell-therapy")
    page.get_by_label("City", exact=True).select_option("mumbai")
    page.get_by_role("button", name="Show hospitals").click()
    page.wait_for_url(re.compile(r"/hospitals/stem-cell-therapy/mumbai/$"))
    assert "Stem Cell Therapy hospitals in Mumbai" in page.locator("h1").inner_text()
    assert "₹2,40,000 – ₹4,00,000" in page.locator("main").inner_text()
    no_sideways_scroll(page)
    shot(page, "directory-05-hospitals-in-city")

    page.get_by_role("link", name="Top Dermatology doctors in Mumbai").click()
    page.wait_for_url(re.compile(r"/top-doctors/dermatology/mumbai/$"))
    assert "Dr. Asha Rao" in page.locator("main").inner_text()
    no_sideways_scroll(page)
    shot(page, "directory-06-top-doctors")
    context.close()
