"""The main flows in Hindi on a 320 px phone, in headless Chromium: a visitor asks from
/hi/, signs up, verifies their email (which comes in Hindi), a doctor answers, and the
patient reads the answer in Hindi. No page is wider than the phone.

Fields and buttons are found by name and type, not by their (translated) labels."""

import re

import pytest

from questions.models import Question
from questions.services import answer_create
from tests.browser.helpers import DESKTOP, PHONE, link_in, shot
from tests.conftest import message_text
from tests.factories import PASSWORD
from tests.questions.helpers import answered_question

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 720}
QUESTION = (
    "पिछले तीन महीनों से मेरी कोहनियों और सिर की त्वचा पर मोटे, चाँदी जैसे, खुजली वाले "
    "चकत्ते हैं। क्या यह सोरायसिस है, और मैं क्या कर सकता हूँ?"
)
ANSWER = (
    "Thick silvery patches on elbows and scalp are typical of plaque psoriasis. Use a thick "
    "moisturiser daily and see a dermatologist to confirm it."
)


def _fits(page, width: int) -> None:
    """No sideways scroll: the document is exactly as wide as the viewport."""
    assert page.evaluate("document.documentElement.scrollWidth") == width, page.url


def _submit(page, form: str) -> None:
    page.locator(f"{form} button[type=submit]").last.click()


def test_a_patient_asks_signs_up_and_reads_the_answer_in_hindi_at_320px(
    browser, live_server, celery_worker, smtp_sink, doctor, settings
):
    settings.SITE_URL = live_server.url
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()

    # The home page in Hindi, then the ask form.
    page.goto(f"{live_server.url}/hi/")
    assert page.locator("html").get_attribute("lang") == "hi"
    assert "मुफ़्त सवाल पूछें" in page.inner_text("header")
    _fits(page, NARROW["width"])
    shot(page, "hi-01-home-320")
    page.goto(f"{live_server.url}/hi/ask/")
    _fits(page, NARROW["width"])
    page.locator("[name=text]").fill(QUESTION)
    # The character counter (static/js/ask.js) takes its words from the page.
    counter = page.locator("#text-counter").inner_text()
    assert f"{settings.QUESTION_MAX_LENGTH} में से {len(QUESTION.strip())} अक्षर" in counter, counter
    page.locator("[name=age]").fill("34")
    page.locator("[name=gender]").select_option("male")
    page.locator("[name=consent]").check()
    _submit(page, "form:has([name=text])")

    # Sign up, in Hindi; the draft waits.
    page.wait_for_url(re.compile(r"/hi/accounts/signup/"))
    _fits(page, NARROW["width"])
    shot(page, "hi-02-signup-320")
    page.locator("[name=email]").fill("hindi.patient@example.org")
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    page.locator("[name=consent]").check()
    _submit(page, "form:has([name=password1])")
    page.wait_for_url(re.compile(r"/hi/accounts/confirm-email/"))
    _fits(page, NARROW["width"])

    # The verification email opens the Hindi page; confirming posts the question.
    verification = smtp_sink.wait_for(1)[0]
    page.goto(link_in(verification, r"https?://\S+/hi/accounts/confirm-email/\S+/"))
    _fits(page, NARROW["width"])
    _submit(page, "main form")
    page.wait_for_url(re.compile(r"/hi/questions/\d+/"))
    question = Question.objects.get()
    assert question.author.language == "hi"
    _fits(page, NARROW["width"])
    shot(page, "hi-03-question-posted-320")

    # A doctor answers (with English active, as from an English page); the worker emails.
    answer_create(user=doctor.user, question=question, body=ANSWER)

    # The patient's email is in Hindi and opens the Hindi page.
    email = smtp_sink.wait_for(2)[1]
    body = message_text(email)
    assert "यहाँ पढ़ें" in body
    page.goto(link_in(email, re.escape(live_server.url) + r"/hi/notifications/\d+/"))
    page.wait_for_url(re.compile(rf"/hi/questions/{question.pk}/"))
    assert "typical of plaque psoriasis" in page.inner_text("main")
    _fits(page, NARROW["width"])
    shot(page, "hi-04-answer-320")

    # Back to English from the switcher: the same page.
    page.locator("a.nav-language").click()
    page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/questions/{question.pk}/"))
    assert page.locator("html").get_attribute("lang") == "en-gb"
    context.close()


@pytest.mark.parametrize("viewport", [NARROW, PHONE, DESKTOP], ids=lambda v: str(v["width"]))
def test_hindi_pages_fit_the_screen(browser, live_server, doctor, patient, viewport):
    question = answered_question(doctors=[doctor], author=patient)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()

    for name, path in [
        ("home", "/hi/"),
        ("question", f"/hi{question.get_absolute_url()}"),
        ("questions", "/hi/questions/"),
        ("login", "/hi/accounts/login/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("lang") == "hi"
        _fits(page, viewport["width"])
        shot(page, f"hi-{name}-{viewport['width']}")
    # The English home page, whose header links to Hindi, fits too.
    page.goto(live_server.url)
    assert page.locator("a.nav-language").inner_text() == "हिंदी"
    _fits(page, viewport["width"])
    shot(page, f"en-home-{viewport['width']}")
    context.close()
