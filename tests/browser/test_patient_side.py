"""The patient's side at phone width (360 px), in headless Chromium with the real worker:
ask with a photo, a doctor sees the thumbnail and answers, the patient sends a follow-up,
the doctor replies, the patient marks it resolved, exports their data and deletes the
account."""

import re

import pytest

from patients.models import AccountDeletion, DataExport
from questions.models import Answer, FollowUp, Question
from tests.browser.helpers import DESKTOP, PHONE, log_in, no_sideways_scroll, shot
from tests.doctors.files import image_bytes
from tests.factories import PASSWORD
from tests.helpers import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

QUESTION = "A red, scaly rash on my elbows for six weeks; the photo shows it after a shower."
ANSWER = "This looks like **plaque psoriasis**. Use a thick moisturiser twice a day."
FOLLOW_UP = "Can I use the moisturiser on my scalp as well?"
REPLY = "Yes, and a coal-tar shampoo twice a week helps the scalp."


def test_patient_side_at_phone_width(
    browser, live_server, celery_worker, smtp_sink, patient, doctor, settings
):
    settings.SITE_URL = live_server.url
    url = live_server.url
    patient_ctx = browser.new_context(viewport=PHONE)
    page = patient_ctx.new_page()
    log_in(page, url, patient.email)

    # Ask with a photo.
    page.goto(f"{url}/ask/")
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_label("Age").fill("41")
    page.get_by_label("Gender").select_option("male")
    page.get_by_label(re.compile("Photos or reports")).set_input_files(
        {"name": "elbow.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG")}
    )
    shot(page, "patient-01-ask-with-photo")
    no_sideways_scroll(page)
    page.get_by_role("button", name=re.compile("post my question", re.I)).click()
    page.wait_for_url(re.compile(r"/questions/\d+/"))
    question = Question.objects.get()
    assert question.attachments.count() == 1
    assert page.locator(".attachments img").count() == 1
    shot(page, "patient-02-posted")

    # The doctor sees the thumbnail on the dashboard and answers.
    doctor_ctx = browser.new_context(viewport=PHONE)
    dpage = doctor_ctx.new_page()
    log_in(dpage, url, doctor.user.email)
    dpage.goto(f"{url}/doctors/dashboard/")
    card = dpage.locator(f"#question-{question.pk}")
    thumb = card.locator(".attachments img")
    thumb.scroll_into_view_if_needed()
    # Lazy-loaded: wait until the browser has fetched and decoded it (a 404 never is).
    dpage.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
    )
    shot(dpage, "patient-03-doctor-sees-thumbnail")
    no_sideways_scroll(dpage)
    card.get_by_label("Your answer").fill(ANSWER)
    card.get_by_role("button", name=re.compile("publish answer", re.I)).click()
    dpage.wait_for_load_state()
    answer = Answer.objects.get(question=question)

    # The patient sends a follow-up.
    page.goto(f"{url}{question.get_absolute_url()}")
    assert "plaque psoriasis" in page.inner_text("main")
    page.get_by_text(re.compile("follow-up", re.I)).first.click()
    page.get_by_label(re.compile("Your follow-up")).fill(FOLLOW_UP)
    page.get_by_role("button", name="Send follow-up").click()
    page.wait_for_load_state()
    assert FollowUp.objects.filter(answer=answer).exists()
    shot(page, "patient-04-follow-up-sent")
    no_sideways_scroll(page)

    # The doctor finds it at the top of the dashboard and replies.
    dpage.goto(f"{url}/doctors/dashboard/")
    waiting = dpage.locator("section", has_text="Follow-ups waiting for your reply")
    assert FOLLOW_UP in waiting.inner_text()
    shot(dpage, "patient-05-doctor-follow-ups")
    waiting.get_by_label(re.compile("Your reply")).fill(REPLY)
    waiting.get_by_role("button", name="Send reply").click()
    dpage.wait_for_load_state()
    assert FollowUp.objects.get().reply == REPLY
    dpage.set_viewport_size(DESKTOP)
    dpage.goto(f"{url}{question.get_absolute_url()}")
    shot(dpage, "patient-desktop-question-as-doctor")

    # The patient reads the reply and says it was resolved.
    page.goto(f"{url}{question.get_absolute_url()}")
    assert REPLY in page.inner_text("main")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert Question.objects.get().resolution == "yes"
    shot(page, "patient-06-resolved")

    # Export from "Your account".
    page.locator("summary", has_text="Account").click()  # the header's account menu
    page.get_by_role("link", name="Your account").click()
    shot(page, "patient-07-account")
    no_sideways_scroll(page)
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Emails").click()
    shot(page, "patient-desktop-email-preferences")
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Your data").click()
    page.get_by_role("button", name="Prepare my data").click()
    assert wait_until(
        lambda: DataExport.objects.filter(status=DataExport.Status.READY).exists(), 20
    )
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download")).click()
    assert download.value.suggested_filename.endswith(".zip")
    shot(page, "patient-08-export")

    # Delete the account: password, then logged out with the date.
    page.get_by_role("link", name="Delete account").click()
    page.get_by_label(re.compile("Your password")).fill(PASSWORD)
    shot(page, "patient-09-delete")
    no_sideways_scroll(page)
    page.get_by_role("button", name=re.compile("Delete my account")).click()
    page.wait_for_load_state()
    assert "will be deleted on" in page.inner_text("body")
    assert AccountDeletion.objects.filter(user=patient).exists()
    shot(page, "patient-10-deletion-scheduled")

    patient_ctx.close()
    doctor_ctx.close()
