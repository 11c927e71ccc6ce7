"""The whole loop as people do it, in headless Chromium at phone width: a visitor asks,
signs up, verifies their email, the question is posted; a verified doctor answers from the
dashboard; the worker emails the patient; the patient follows the link and reads it."""

import re

import pytest

from portal.notifications.models import Notification
from questions.models import Answer, Question
from tests.browser.helpers import PHONE, link_in, log_in, shot
from tests.conftest import message_text
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

QUESTION = (
    "For three months I have had thick, silvery, itchy patches on both elbows and my scalp. "
    "Is this psoriasis, and what can I do?"
)
ANSWER = (
    "Thick silvery patches on elbows and scalp are **typical of plaque psoriasis**.\n\n"
    "- Use a thick moisturiser daily\n- A coal-tar shampoo helps the scalp\n\n"
    "Please see a dermatologist to confirm it and discuss creams."
)


def test_visitor_asks_doctor_answers_patient_reads(
    browser, live_server, celery_worker, smtp_sink, doctor, settings
):
    settings.SITE_URL = live_server.url

    # A visitor asks from a phone.
    patient_ctx = browser.new_context(viewport=PHONE)
    page = patient_ctx.new_page()
    page.goto(f"{live_server.url}/ask/")
    shot(page, "01-ask-form")
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_label("Age").fill("29")
    page.get_by_label("Gender").select_option("female")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name=re.compile("post|ask|submit", re.I)).first.click()

    # Asked to sign up; the draft waits in the session.
    page.wait_for_url(re.compile(r"/accounts/signup/"))
    assert not Question.objects.exists()
    shot(page, "02-signup")
    page.get_by_label("Email").fill("new.patient@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile("Password \\(again\\)|Confirm", re.I)).fill(PASSWORD)
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    shot(page, "03-verify-your-email")

    # The verification email reaches the SMTP sink; its link confirms and signs in.
    verification = smtp_sink.wait_for(1)[0]
    page.goto(link_in(verification, r"https?://\S+/accounts/confirm-email/\S+/"))
    shot(page, "04-confirm-email")
    page.get_by_role("button", name=re.compile("confirm|verify", re.I)).click()
    page.wait_for_url(re.compile(r"/questions/\d+/"))
    question = Question.objects.get()
    assert question.author.email == "new.patient@example.org"
    assert "silvery" in page.content()
    assert "Female | 29" in page.inner_text("main")
    shot(page, "05-question-posted")

    # A verified doctor answers from the dashboard.
    doctor_ctx = browser.new_context(viewport=PHONE)
    dpage = doctor_ctx.new_page()
    log_in(dpage, live_server.url, doctor.user.email)
    dpage.goto(f"{live_server.url}/doctors/dashboard/")
    card = dpage.locator(f"#question-{question.pk}")
    card.get_by_label("Your answer").fill(ANSWER)
    shot(dpage, "06-doctor-dashboard")
    card.get_by_role("button", name=re.compile("answer", re.I)).click()
    dpage.wait_for_load_state()
    assert Answer.objects.filter(question=question, doctor=doctor).exists()
    shot(dpage, "07-doctor-answered")

    # The worker emails the patient a link, and the patient reads the answer.
    emails = smtp_sink.wait_for(2)
    assert len(emails) == 2
    notification = Notification.objects.get(recipient=question.author)
    link = link_in(emails[1], re.escape(live_server.url) + r"/notifications/\d+/")
    assert link == f"{live_server.url}/notifications/{notification.pk}/"
    assert "silvery" not in message_text(emails[1])
    page.goto(link)
    page.wait_for_url(re.compile(rf"/questions/{question.pk}/"))
    assert "typical of plaque psoriasis" in page.inner_text("main")
    assert "Asha Rao" in page.inner_text("main")
    shot(page, "08-patient-reads-answer")

    patient_ctx.close()
    doctor_ctx.close()
