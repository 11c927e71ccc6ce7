"""Doctor onboarding as people do it, in headless Chromium at phone width: a signed-in
user applies with a proof document; a verifier approves from the staff queue; the worker
emails the doctor; the doctor follows the link, answers a question from the dashboard; the
public profile shows the verification record."""

import re

import pytest

from doctors.models import DoctorProfile
from questions.models import Answer
from tests.browser.helpers import PHONE, link_in, log_in, shot
from tests.doctors.files import minimal_pdf
from tests.factories import QuestionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ANSWER = (
    "Itchy blisters on the fingers after a new detergent suggest **hand eczema**.\n\n"
    "- Wear cotton-lined gloves for washing up\n- Use a thick fragrance-free moisturiser\n\n"
    "See a dermatologist if it does not settle in two weeks."
)


def test_apply_verify_answer_and_show_the_record(
    browser, live_server, celery_worker, smtp_sink, settings, tmp_path, specialty, verifier, patient
):
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    question = QuestionFactory(
        author=patient,
        specialty=specialty,
        text="For three weeks both my hands have had an itchy rash with tiny blisters.",
    )
    UserFactory(email="meera.joshi@example.org")
    certificate = tmp_path / "mmc-certificate.pdf"
    certificate.write_bytes(minimal_pdf(["Maharashtra Medical Council", "MMC 2015/02/1234"]))

    # A signed-in user applies from a phone.
    applicant_ctx = browser.new_context(viewport=PHONE)
    page = applicant_ctx.new_page()
    log_in(page, live_server.url, "meera.joshi@example.org")
    page.get_by_role("link", name="Apply as a doctor").click()
    page.wait_for_url(re.compile(r"/doctors/apply/"))
    page.get_by_label("Full name").fill("Meera Joshi")
    page.get_by_label("Registration number").fill("MMC 2015/02/1234")
    page.get_by_label("Licensing council").select_option("mmc")
    page.get_by_label("Year of registration").fill("2015")
    first = page.locator("fieldset.qual-row").first
    first.get_by_label("Degree").fill("MBBS")
    first.get_by_label("College or university").fill("Grant Medical College, Mumbai")
    first.get_by_label("Year").fill("2014")
    page.get_by_role("button", name="Add another qualification").click()
    second = page.locator("fieldset.qual-row").nth(2)
    second.get_by_label("Degree").fill("MD (Dermatology)")
    second.get_by_label("Year").fill("2018")
    page.get_by_label("Dermatology").check()
    page.get_by_label("Years of experience").fill("9")
    page.get_by_label("Languages you consult in").fill("English, Marathi, Hindi")
    page.get_by_label("Clinic or hospital").fill("Sunrise Skin Clinic, Andheri West")
    page.get_by_label("Fee in ₹ (optional)").fill("700")
    page.get_by_label("Short bio").fill("Dermatologist in Mumbai: acne, eczema, psoriasis.")
    page.get_by_label("Add documents").set_input_files(str(certificate))
    shot(page, "doctor-01-application-form")
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_url(re.compile(r"/doctors/dashboard/"))
    assert "Your application is waiting for review" in page.inner_text("main")
    shot(page, "doctor-02-application-sent")
    doctor = DoctorProfile.objects.get(user__email="meera.joshi@example.org")
    assert [q.degree for q in doctor.qualification_set.all()] == ["MBBS", "MD (Dermatology)"]
    assert doctor.documents.get().kind == "pdf"

    # A verifier approves from the queue.
    staff_ctx = browser.new_context(viewport=PHONE)
    spage = staff_ctx.new_page()
    log_in(spage, live_server.url, verifier.email)
    spage.locator("summary", has_text="Desks").click()  # the header's staff menu
    spage.get_by_role("link", name="Verify doctors").click()
    card = spage.locator(f"#application-{doctor.pk}")
    assert "mmc-certificate.pdf" in card.inner_text()
    shot(spage, "doctor-03-verification-queue")
    card.get_by_label("Approve").check()
    card.get_by_role("button", name="Record decision").click()
    spage.wait_for_load_state()
    assert "approved" in spage.inner_text(".messages")
    doctor.refresh_from_db()
    assert doctor.is_verified

    # The worker emails the doctor; the link leads to the dashboard with questions.
    email = smtp_sink.wait_for(1)[0]
    assert email["To"] == "meera.joshi@example.org"
    assert email["Subject"].startswith("Your doctor profile is approved")
    link = link_in(email, re.escape(live_server.url) + r"/notifications/\d+/")
    page.goto(link)
    page.wait_for_url(re.compile(r"/doctors/dashboard/"))
    shot(page, "doctor-04-dashboard-after-approval")

    # The new doctor answers from the dashboard.
    item = page.locator(f"#question-{question.pk}")
    item.get_by_label("Your answer").fill(ANSWER)
    item.get_by_role("button", name="Publish answer").click()
    page.wait_for_load_state()
    assert Answer.objects.filter(question=question, doctor=doctor).exists()
    assert smtp_sink.wait_for(2)[1]["To"] == patient.email

    # Anyone can read the verification record on the public profile.
    visitor_ctx = browser.new_context(viewport=PHONE)
    vpage = visitor_ctx.new_page()
    vpage.goto(f"{live_server.url}{doctor.get_absolute_url()}")
    record = vpage.locator(".record").inner_text()
    for text in ("Maharashtra Medical Council", "MMC 2015/02/1234", "Verified on", "Valid until"):
        assert text in record
    main = vpage.inner_text("main")
    assert "Dr. Meera Joshi" in main and "Grant Medical College, Mumbai" in main
    assert "meera.joshi@example.org" not in vpage.content()
    shot(vpage, "doctor-05-public-profile")

    for context in (applicant_ctx, staff_ctx, visitor_ctx):
        context.close()
