"""Consultation, blog, search and report pages read in Hindi when Hindi is the active
language (issue 16): their words come from locale/hi, and the English ones are gone."""

import pytest
from django.urls import reverse
from django.utils import translation

from consultations import messages as consult_messages
from consultations.models import Mode
from moderation import messages as moderation_messages
from tests.blog.conftest import live_article, make_editor
from tests.consultations.conftest import set_hours, weekdays
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db


def hindi_page(client, name, *, kwargs=None, params=None) -> str:
    """The page as a Hindi reader gets it. The address is reversed with Hindi active, so
    it carries the /hi/ prefix once URLs name their language."""
    with translation.override("hi"):
        response = client.get(reverse(name, kwargs=kwargs), params or {})
    assert response.status_code == 200
    return response.content.decode()


def assert_hindi(page: str, *, hindi: list[str], english: list[str]) -> None:
    missing = [text for text in hindi if text not in page]
    left = [text for text in english if text in page]
    assert not missing, f"Hindi missing: {missing}"
    assert not left, f"English left: {left}"


def test_blog_index_in_hindi(client, specialty):
    publisher = make_editor("publisher@example.org", name="Kavya Menon", can_publish=True)
    live_article(publisher, title="Sleep and the skin", specialty=specialty)
    page = hindi_page(client, "blog:index")
    assert_hindi(
        page,
        hindi=["सेहत के लेख", "लेख खोजें", "RSS फ़ीड", "सभी लेख", "पढ़ने में 1 मिनट", "लेखक: Kavya Menon"],
        english=[
            "Search articles",
            "<h1>Health articles</h1>",
            "All articles",
            "min read",
            "By Kavya",
        ],
    )
    assert "Sleep and the skin" in page  # the article itself is data, never translated


def test_consultation_slot_page_in_hindi(client, doctor):
    set_hours(doctor, hours=weekdays(Mode.VIDEO, "14:00", "16:00"))
    page = hindi_page(client, "consultations:slots", kwargs={"slug": doctor.slug})
    assert_hindi(
        page,
        hindi=[
            "Asha Rao के साथ परामर्श बुक करें",
            "फ़ीस सीधे डॉक्टर या क्लिनिक को दी जाती है, इस पोर्टल के ज़रिए नहीं।",
            "हर स्लॉट 30 मिनट का है।",
            "समय इस ज़ोन में दिखाया गया है",
            "बुक करने के लिए लॉग इन करें या साइन अप करें",
            "वीडियो",
        ],
        english=[
            "Book a consultation with",
            "Fees are paid to the doctor",
            "Each slot is",
            "Times are shown in",
            "Log in or sign up to book",
            "free time",
        ],
    )


def test_search_page_in_hindi(client):
    page = hindi_page(client, "search:search", params={"q": "zzqx"})
    assert_hindi(
        page,
        hindi=[
            "“zzqx” के नतीजे",
            "पोर्टल पर आपकी खोज से मिलता-जुलता कुछ नहीं मिला।",
            "विशेषज्ञता या शहर से छाँटें",
            "इसे सवाल के रूप में पूछें",
        ],
        english=[
            "Results for",
            "Nothing on the portal matches your search.",
            "Filter by specialty or city",
            "Ask this as a question",
        ],
    )


def test_report_page_in_hindi(client, patient, doctor):
    question = answered_question(doctors=[doctor], author=patient, text="A rash on my arms.")
    page = hindi_page(client, "moderation:report", kwargs={"kind": "question", "pk": question.pk})
    assert_hindi(
        page,
        hindi=["इस सवाल की रिपोर्ट करें", "क्या ग़लत है?", "स्पैम या विज्ञापन", "रिपोर्ट भेजें"],
        english=["Report this question", "What is wrong?", "Spam or advertising", "Send report"],
    )


def test_message_modules_speak_the_active_language():
    assert consult_messages.SLOT_NOT_FREE.startswith("That time is not free")
    assert moderation_messages.DONE["hide"] == "Hidden. The author has been told why."
    with translation.override("hi"):
        assert consult_messages.SLOT_NOT_FREE.startswith("यह समय ख़ाली नहीं है")
        assert consult_messages.HOLD_EXPIRED.format(minutes=10).startswith(
            "हमने यह समय आपके लिए 10 मिनट तक"
        )
        assert moderation_messages.REPORT_NOTE_TOO_LONG == "नोट 1000 अक्षरों से कम रखें।"
        assert moderation_messages.DONE["hide"] == "छिपा दिया गया। लिखने वाले को वजह बता दी गई है।"
