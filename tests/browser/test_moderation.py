"""Reporting and moderation as people do it, in headless Chromium at phone width: a
patient reports an answer, a moderator hides it with a reason, the doctor sees why, a
moderator restores it."""

import re

import pytest

from moderation.models import ModerationAction, Report
from questions.models import Answer
from tests.browser.helpers import PHONE, log_in, no_sideways_scroll, shot
from tests.questions.helpers import answered_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Recommends a product sold by the answering doctor."


def test_patient_reports_moderator_hides_doctor_sees_why_moderator_restores(
    browser, live_server, patient, other_patient, doctor, staff
):
    question = answered_question(doctors=[doctor], author=patient)
    answer = question.answers.get()
    url = f"{live_server.url}{question.get_absolute_url()}"

    # A patient reports the answer from a phone.
    reporter = browser.new_context(viewport=PHONE).new_page()
    log_in(reporter, live_server.url, other_patient.email)
    reporter.goto(url)
    reporter.locator(f"#answer-{answer.pk}").get_by_role("link", name=re.compile("Report")).click()
    reporter.wait_for_url(re.compile(r"/report/answer/\d+/"))
    no_sideways_scroll(reporter)
    shot(reporter, "moderation-01-report-form")
    reporter.get_by_label("Spam or advertising").check()
    reporter.get_by_label(re.compile("Anything moderators should know")).fill("Selling a cream.")
    reporter.get_by_role("button", name="Send report").click()
    reporter.wait_for_url(re.compile(r"/questions/\d+/"))
    assert "A moderator will look at your report." in reporter.content()
    assert Report.objects.get().reason == "spam"

    # A moderator finds it in the queue and hides it with a reason.
    moderator = browser.new_context(viewport=PHONE).new_page()
    log_in(moderator, live_server.url, staff.email)
    moderator.goto(f"{live_server.url}/moderation/")
    no_sideways_scroll(moderator)
    shot(moderator, "moderation-02-queue")
    assert "Spam or advertising" in moderator.content()
    moderator.get_by_role("link", name=re.compile("Answer by")).click()
    moderator.wait_for_url(re.compile(r"/moderation/answer/\d+/$"))
    no_sideways_scroll(moderator)
    shot(moderator, "moderation-03-item")
    hide_form = moderator.locator("form", has=moderator.get_by_role("button", name="Hide"))
    hide_form.get_by_label(re.compile("Reason")).fill(REASON)
    hide_form.get_by_role("button", name="Hide").click()
    moderator.wait_for_load_state()
    assert "Hidden. The author has been told why." in moderator.content()
    assert Answer.objects.get().visibility == "hidden"

    # The public sees the placeholder; the doctor sees the answer with the reason.
    reporter.goto(url)
    assert "This answer was removed by moderators." in reporter.content()
    author = browser.new_context(viewport=PHONE).new_page()
    log_in(author, live_server.url, doctor.user.email)
    author.goto(f"{live_server.url}/notifications/")
    author.get_by_role("link", name=re.compile("Moderators hid your answer")).click()
    author.wait_for_url(re.compile(r"/questions/\d+/"))
    assert REASON in author.content()
    assert "Hidden by moderators." in author.content()
    no_sideways_scroll(author)
    shot(author, "moderation-04-doctor-sees-why")

    # A moderator restores it: public again, and the history shows both decisions.
    moderator.get_by_role("button", name="Restore").click()
    moderator.wait_for_load_state()
    assert "Restored." in moderator.content()
    shot(moderator, "moderation-05-restored")
    reporter.goto(url)
    assert "This answer was removed by moderators." not in reporter.content()
    assert list(ModerationAction.objects.values_list("kind", flat=True)) == ["hide", "restore"]
