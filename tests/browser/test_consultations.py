"""On a phone (360 px, headless Chromium): a patient books a chat consultation, the doctor
confirms it from the dashboard, and both chat in the consultation's window; a patient asks
two hospitals for a quote, the care coordinator enters both, and the patient compares and
accepts one."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import Booking, Mode
from portal.accounts.roles import CARE_COORDINATORS_GROUP
from tests.browser.helpers import PHONE, log_in, no_sideways_scroll, shot
from tests.consultations.conftest import set_hours, weekdays
from tests.directory.factories import CityFactory, ClinicFactory, CountryFactory, TreatmentFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser, zone: str):
    return browser.new_context(viewport=PHONE, timezone_id=zone).new_page()


def test_book_a_chat_consult_doctor_confirms_and_both_chat(browser, live_server, doctor, patient):
    set_hours(
        doctor, hours=weekdays(Mode.CHAT, "00:00", "23:50"), slot_minutes=10, min_notice_hours=0
    )
    base = live_server.url

    me = phone(browser, "Asia/Kolkata")
    log_in(me, base, patient.email)
    me.goto(f"{base}{doctor.get_absolute_url()}")
    me.get_by_role("link", name="Book a consultation").click()
    me.wait_for_url(re.compile(r"/consult/doctors/asha-rao/$"))
    # timezone.js posts the browser's zone (Chromium names India's "Asia/Calcutta", not the
    # portal's "Asia/Kolkata") and reloads once: wait for the page that knows it, so
    # nothing below reads a page that is being replaced.
    me.wait_for_selector('.zone-form[data-zone-known="1"]', state="attached")
    assert "Chat in the portal" in me.locator("main").inner_text()
    assert "INR 300" in me.locator("main").inner_text()
    no_sideways_scroll(me)
    shot(me, "consult-01-slots")
    me.locator(".slot").first.click()
    me.wait_for_url(re.compile(r"/consult/bookings/\d+/$"))
    assert "We hold this time for you" in me.locator("main").inner_text()
    me.get_by_label("Why do you want to consult the doctor?").fill(
        "My eczema flared up again on both hands."
    )
    shot(me, "consult-02-confirm")
    me.get_by_role("button", name="Send the request").click()
    assert "Your consultation request is sent." in me.locator(".messages").inner_text()
    assert "Waiting for the doctor" in me.locator("main").inner_text()
    no_sideways_scroll(me)
    shot(me, "consult-03-requested")
    booking = Booking.objects.get()

    dr = phone(browser, "Asia/Dubai")
    log_in(dr, base, doctor.user.email)
    dr.goto(f"{base}/doctors/dashboard/")
    assert "1 request waiting" in dr.locator("main").inner_text()
    dr.get_by_role("link", name="Open the consultation desk").click()
    # timezone.js posts the browser's zone and reloads once on the portal's clock.
    dr.wait_for_selector('.zone-form[data-zone="Asia/Dubai"]')
    dr.get_by_role("link", name="Read and decide").click()
    assert "My eczema flared up" in dr.locator("main").inner_text()
    dr.get_by_role("button", name="Confirm").click()
    assert "The consultation is confirmed." in dr.locator(".messages").inner_text()
    assert "+04" in dr.locator("main").inner_text()  # Dubai's clock
    no_sideways_scroll(dr)
    shot(dr, "consult-04-doctor-confirmed")

    # The slot's start arrives (moved, rather than waited for).
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=timezone.now() - timedelta(minutes=1),
        ends_at=timezone.now() + timedelta(minutes=9),
    )
    me.reload()
    me.get_by_label("Message").fill("Hello doctor, the itch is worse at night.")
    me.get_by_role("button", name="Send").click()
    assert "the itch is worse at night" in me.locator(".chat__list").inner_text()
    dr.reload()
    assert "the itch is worse at night" in dr.locator(".chat__list").inner_text()
    dr.get_by_label("Message").fill("Use the **emollient** twice a day and after washing.")
    dr.get_by_role("button", name="Send").click()
    me.reload()
    chat = me.locator(".chat__list")
    assert "emollient" in chat.inner_text() and chat.locator("strong").inner_text() == "emollient"
    assert "IST" in me.locator("main").inner_text()
    no_sideways_scroll(me)
    shot(me, "consult-05-chat")


def test_request_and_compare_two_hospital_quotes(browser, live_server, patient):
    india = CountryFactory(name="India", slug="india", iso_code="IN", currency="INR")
    knee = TreatmentFactory(name="Knee Replacement", slug="knee-replacement")
    mumbai = CityFactory(name="Mumbai", slug="mumbai", country=india)
    ClinicFactory(name="Kestrel Bay Hospital", city=mumbai, treatments=[knee])
    ClinicFactory(name="Banyan Court Hospital", city=mumbai, treatments=[knee])
    coordinator = UserFactory(email="coordinator@example.org", is_staff=True)
    coordinator.groups.add(Group.objects.get(name=CARE_COORDINATORS_GROUP))
    base = live_server.url

    me = phone(browser, "Asia/Kolkata")
    log_in(me, base, patient.email)
    me.goto(f"{base}/hospitals/knee-replacement/")
    me.get_by_role("link", name="Ask hospitals for a quote").first.click()
    me.wait_for_url(re.compile(r"/consult/quotes/new/"))
    assert me.get_by_label("Kestrel Bay Hospital").is_checked()
    me.get_by_label("Your city").fill("Nairobi")
    me.get_by_label("Your country").select_option(label="India")
    start = timezone.localdate() + timedelta(days=20)
    me.get_by_label("Preferred dates: from").fill(start.isoformat())
    me.get_by_label("to", exact=True).fill((start + timedelta(days=14)).isoformat())
    no_sideways_scroll(me)
    shot(me, "quote-01-enquiry")
    me.get_by_role("button", name="Send the enquiry").click()
    assert "Your enquiry is sent" in me.locator(".messages").inner_text()

    desk = phone(browser, "Asia/Kolkata")
    log_in(desk, base, coordinator.email)
    desk.locator("summary", has_text="Desks").click()  # the header's staff menu
    desk.get_by_role("link", name="Quote desk").click()
    desk.get_by_role("link", name=re.compile("Knee Replacement")).click()
    for index, (low, high) in enumerate((("300000", "360000"), ("260000", "320000"))):
        card = desk.locator("li.card").nth(index)
        card.get_by_label("Low price").fill(low)
        card.get_by_label("High price").fill(high)
        card.get_by_label("Includes").fill("Implant and 4 nights")
        card.get_by_label("Valid until").fill(
            (timezone.localdate() + timedelta(days=30)).isoformat()
        )
        card.get_by_role("button", name="Save and send to the patient").click()
        assert "saved" in desk.locator(".messages").inner_text()
    no_sideways_scroll(desk)
    shot(desk, "quote-02-desk")

    me.goto(f"{base}/consult/quotes/")
    me.get_by_role("link", name="Knee Replacement").click()
    rows = me.locator("table tbody tr")
    # count() does not wait for the page the click opens: expect() does.
    expect(rows).to_have_count(2)
    assert "260,000" in rows.nth(0).inner_text()  # the lower quote first
    assert "300,000" in rows.nth(1).inner_text()
    shot(me, "quote-03-compare")
    rows.nth(0).get_by_role("button", name=re.compile("Accept")).click()
    assert "You accepted the quote" in me.locator(".messages").inner_text()
    assert "Accepted" in me.locator("table").inner_text()
    shot(me, "quote-04-accepted")
