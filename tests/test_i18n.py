"""Hindi and English (portal/i18n.py): the catalogues, the URL that decides the language,
the switcher and hreflang alternates, the account's language and emails in it, and the
formats of each language."""

import gettext
from datetime import date
from email.header import decode_header, make_header
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Context, Template
from django.utils import translation

from portal.notifications.models import Notification
from portal.notifications.services import notification_create, notification_email_send
from tests.conftest import message_text
from tests.factories import UserFactory
from tests.questions.helpers import answered_question

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


@pytest.fixture(autouse=True)
def _default_language_after():
    """A request to /hi/ leaves Hindi active in this thread (LocaleMiddleware activates,
    nothing deactivates): tests after this one reverse URLs in the default language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _loaded(path: Path) -> dict:
    """The entries of a compiled catalogue, without its header (msgfmt leaves some of the
    .po's header lines out)."""
    with path.open("rb") as handle:
        catalogue = dict(gettext.GNUTranslations(handle)._catalog)
    catalogue.pop("", None)
    return catalogue


# --- The catalogues ---------------------------------------------------------------------
def test_every_language_with_a_catalogue_is_offered_in_its_own_name():
    assert CATALOGUES, "no catalogue under locale/"
    assert settings.LANGUAGES[0] == (settings.LANGUAGE_CODE, "English")
    assert ("hi", "हिंदी") in settings.LANGUAGES
    assert len(settings.LANGUAGES) == 1 + len(CATALOGUES)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_entry_of_the_catalogue_is_translated_and_checked(po_path):
    catalogue = polib.pofile(str(po_path))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert not catalogue.metadata_is_fuzzy
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_the_committed_mo_file_is_the_compiled_po_file(po_path, tmp_path):
    """`make messages` was run after the last change to the .po (compilemessages)."""
    compiled = tmp_path / "django.mo"
    polib.pofile(str(po_path)).save_as_mofile(str(compiled))

    assert _loaded(po_path.with_suffix(".mo")) == _loaded(compiled)


# --- The URL decides ----------------------------------------------------------------------
@pytest.mark.django_db
def test_hindi_pages_live_under_hi_and_english_ones_at_the_root(client):
    english = client.get("/")
    hindi = client.get("/hi/")

    assert english.status_code == hindi.status_code == 200
    english_html, hindi_html = english.content.decode(), hindi.content.decode()
    assert '<html lang="en-gb">' in english_html
    assert ">Ask a free question</a>" in english_html
    assert '<html lang="hi">' in hindi_html
    assert ">मुफ़्त सवाल पूछें</a>" in hindi_html
    assert ">सवाल</a>" in hindi_html  # the header's "Questions"
    assert "Ask a free question" not in hindi_html


@pytest.mark.django_db
def test_neither_a_cookie_nor_accept_language_changes_an_english_url(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="hi")

    assert '<html lang="en-gb">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")
    assert response["Content-Language"] == "en-gb"


@pytest.mark.django_db
def test_health_checks_admin_and_csrf_stay_outside_the_language_prefix(client):
    assert client.get("/hi/csrf/").status_code == 404
    assert client.get("/csrf/").status_code == 200
    assert client.get("/hi/admin/").status_code == 404


@pytest.mark.django_db
def test_the_page_cache_keeps_each_language_apart(client, redis_page_cache):
    english = client.get("/questions/")
    hindi = client.get("/hi/questions/")
    hindi_again = client.get("/hi/questions/")
    english_again = client.get("/questions/")

    assert (english["X-Cache"], hindi["X-Cache"]) == ("miss", "miss")
    assert (hindi_again["X-Cache"], english_again["X-Cache"]) == ("hit", "hit")
    assert '<html lang="hi">' in hindi_again.content.decode()
    assert '<html lang="en-gb">' in english_again.content.decode()
    assert "Accept-Language" not in english_again.get("Vary", "")


# --- The switcher and the alternates ------------------------------------------------------
@pytest.mark.django_db
def test_the_switcher_links_the_same_page_in_the_other_language(client, doctor, patient):
    question = answered_question(doctors=[doctor], author=patient)
    path = question.get_absolute_url()

    english = client.get(path).content.decode()
    hindi = client.get(f"/hi{path}").content.decode()

    assert f'<a class="nav-language" href="/hi{path}" hreflang="hi" lang="hi">हिंदी</a>' in english
    assert f'<a class="nav-language" href="{path}" hreflang="en-gb" lang="en-gb">English</a>' in (
        hindi
    )
    # The footer lists every language, the current one marked.
    assert f'href="/hi{path}" hreflang="hi" lang="hi" aria-current="true">हिंदी</a>' in hindi


@pytest.mark.django_db
def test_the_switcher_keeps_the_query_string(client):
    html = client.get("/questions/?page=1").content.decode()

    assert 'href="/hi/questions/?page=1" hreflang="hi"' in html


@pytest.mark.django_db
def test_public_pages_name_each_language_and_x_default_absolutely(client):
    html = client.get("/hi/questions/").content.decode()

    site = settings.SITE_URL
    assert f'<link rel="alternate" hreflang="en-gb" href="{site}/questions/">' in html
    assert f'<link rel="alternate" hreflang="hi" href="{site}/hi/questions/">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{site}/questions/">' in html


@pytest.mark.django_db
def test_a_missing_page_has_no_alternates_and_switches_to_the_home_page(client):
    response = client.get("/hi/no-such-page/here/")

    html = response.content.decode()
    assert response.status_code == 404
    assert 'rel="alternate" hreflang' not in html
    assert '<a class="nav-language" href="/" hreflang="en-gb"' in html


@pytest.mark.django_db
def test_a_question_carries_the_language_it_was_written_in(client, doctor, patient):
    question = answered_question(doctors=[doctor], author=patient)
    type(question).objects.filter(pk=question.pk).update(language="tr")

    html = client.get("/hi/questions/").content.decode()

    assert 'class="qcard__question" lang="tr">' in html


@pytest.mark.django_db
def test_the_sitemap_lists_each_language_with_alternates(client, doctor, patient):
    question = answered_question(doctors=[doctor], author=patient)
    path = question.get_absolute_url()

    xml = client.get("/sitemap-questions.xml").content.decode()

    assert f"<loc>http://testserver/hi{path}</loc>" in xml
    assert f'hreflang="hi" href="http://testserver/hi{path}"' in xml
    assert f'hreflang="x-default" href="http://testserver{path}"' in xml


@pytest.mark.django_db
def test_robots_keeps_private_areas_out_in_every_language(client):
    body = client.get("/robots.txt").content.decode()

    assert "Disallow: /accounts/\n" in body
    assert "Disallow: /hi/accounts/\n" in body


# --- The account's language ---------------------------------------------------------------
@pytest.mark.django_db
def test_an_account_takes_the_language_of_the_page_it_was_made_on(client):
    data = {"email": "new@example.org", "password1": "a-long-pass-42!", "consent": "on"}
    data["password2"] = data["password1"]

    client.post("/hi/accounts/signup/", data)

    assert get_user_model().objects.get(email="new@example.org").language == "hi"


@pytest.mark.django_db
def test_the_account_follows_the_language_the_person_reads_in(client, patient):
    client.force_login(patient)
    assert patient.language == "en-gb"

    client.get("/hi/questions/")
    patient.refresh_from_db()
    assert patient.language == "hi"

    client.get("/csrf/")  # not a page in a language: no change
    patient.refresh_from_db()
    assert patient.language == "hi"

    client.get("/questions/")
    patient.refresh_from_db()
    assert patient.language == "en-gb"


@pytest.mark.django_db
def test_the_language_is_written_only_when_it_changes(
    client, patient, django_assert_max_num_queries
):
    client.force_login(patient)
    client.get("/questions/")
    with django_assert_max_num_queries(50) as captured:
        client.get("/questions/")
    assert not [
        q for q in captured.captured_queries if "UPDATE" in q["sql"] and "language" in q["sql"]
    ]


# --- Emails in the recipient's language ---------------------------------------------------
def _email_for(user, smtp_sink):
    notification = notification_create(
        recipient=user,
        kind=Notification.Kind.DATA_EXPORT,
        title=Notification.Kind.DATA_EXPORT.label,
        target_path="/account/",
    )
    assert notification_email_send(notification_id=notification.pk)
    return smtp_sink.messages[-1]


def _subject(email) -> str:
    return str(make_header(decode_header(email["Subject"])))


@pytest.mark.django_db
def test_a_hindi_reader_gets_a_hindi_email_in_the_portals_name(smtp_sink, settings):
    settings.SITE_NAME = "Sehat Portal"
    reader = UserFactory(language="hi")

    with translation.override("en-gb"):  # triggered from an English page
        email = _email_for(reader, smtp_sink)

    body = message_text(email)
    assert _subject(email) == "आपके डेटा की कॉपी तैयार है"
    assert "Sehat Portal पर: आपके डेटा की कॉपी तैयार है।" in body
    assert "यहाँ पढ़ें" in body
    assert f"{settings.SITE_URL}/hi/notifications/" in body  # the link opens Hindi pages
    assert "Read it here" not in body


@pytest.mark.django_db
def test_an_english_reader_gets_an_english_email_whoever_triggered_it(smtp_sink, settings):
    settings.SITE_NAME = "Sehat Portal"
    reader = UserFactory(language="en-gb")

    with translation.override("hi"):  # triggered from a Hindi page
        email = _email_for(reader, smtp_sink)

    body = message_text(email)
    assert _subject(email) == "Your data export is ready"
    assert "Your data export is ready on Sehat Portal." in body
    assert "Read it here (you may need to log in):" in body
    assert "/hi/" not in body


@pytest.mark.django_db
def test_a_title_built_by_a_function_is_built_in_the_recipients_language():
    reader = UserFactory(language="hi")

    notification = notification_create(
        recipient=reader,
        kind=Notification.Kind.ANSWER,
        title=lambda: translation.gettext("New answer"),
        target_path="/",
    )

    assert notification.title == "नया जवाब"


# --- Formats ------------------------------------------------------------------------------
def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_dates_use_the_languages_month_names():
    when = date(2026, 11, 26)
    template = "{% qa_date when %}"

    with translation.override("en-gb"):
        assert _render(template, when=when) == '<time datetime="2026-11-26">26 Nov 2026</time>'
    with translation.override("hi"):
        assert _render(template, when=when) == '<time datetime="2026-11-26">26 नवंबर 2026</time>'


def test_numbers_are_grouped_in_lakhs_in_hindi():
    with translation.override("en-gb"):
        assert intcomma(10000000) == "10,000,000"
    with translation.override("hi"):
        assert intcomma(100000) == "1,00,000"
        assert intcomma(10000000) == "1,00,00,000"


def test_the_emergency_notice_reads_in_both_languages():
    template = '{% include "partials/emergency_notice.html" %}'
    numbers = [("Ambulance", "108")]

    with translation.override("en-gb"):
        assert "If this is an emergency, call now" in _render(template, emergency_numbers=numbers)
    with translation.override("hi"):
        assert "अगर यह इमरजेंसी है, तो अभी कॉल करें" in _render(template, emergency_numbers=numbers)


@pytest.mark.django_db
def test_a_notification_opens_its_page_in_the_language_of_the_link(client, patient):
    notification = notification_create(
        recipient=patient, kind=Notification.Kind.ANSWER, title="x", target_path="/questions/"
    )
    client.force_login(patient)

    assert client.get(f"/hi/notifications/{notification.pk}/")["Location"] == "/hi/questions/"
    assert client.get(f"/notifications/{notification.pk}/")["Location"] == "/questions/"


@pytest.mark.django_db
def test_a_title_stored_in_english_from_the_catalogue_is_sent_in_the_readers_language(
    smtp_sink, client
):
    """Apps may store a title as its English catalogue entry (gettext_noop): the email
    and the portal's list translate it for the reader."""
    reader = UserFactory(language="hi")
    notification = notification_create(
        recipient=reader, kind=Notification.Kind.ANSWER, title="New answer", target_path="/"
    )

    assert notification_email_send(notification_id=notification.pk)
    assert _subject(smtp_sink.messages[-1]) == "नया जवाब"
    client.force_login(reader)
    assert "नया जवाब" in client.get("/hi/notifications/").content.decode()
    assert "New answer" in client.get("/notifications/").content.decode()


def test_month_and_day_names_are_spelt_as_hindi_readers_write_them():
    with translation.override("hi"):
        assert _render('{{ when|date:"l j F Y" }}', when=date(2026, 11, 26)) == (
            "गुरुवार 26 नवंबर 2026"
        )
        assert _render('{{ when|date:"l F" }}', when=date(2026, 9, 7)) == "सोमवार सितंबर"


def _chain(translations) -> list:
    chain = []
    while translations is not None:
        chain.append(translations)
        translations = getattr(translations, "_fallback", None)
    return chain


@pytest.mark.django_db
def test_no_word_is_looked_up_in_an_empty_catalogue_and_none_changes(client):
    """The English catalogue chained six header-only ``en`` catalogues behind it (one per
    app that ships one): every English word of the portal's own went through all six.
    Serving a page loads the catalogues without them, and every word reads as before."""
    from django.utils.translation import trans_real

    trans_real._translations.clear()
    untouched = {code: trans_real.DjangoTranslation(code) for code, _name in settings.LANGUAGES}
    assert any(
        isinstance(getattr(node, "_catalog", None), dict) and set(node._catalog) <= {""}
        for node in _chain(untouched[settings.LANGUAGE_CODE])
    ), "the empty catalogues this test is about are gone: drop catalogues_load"

    assert client.get("/").status_code == 200
    words = {entry.msgid for path in CATALOGUES for entry in polib.pofile(str(path))}
    words |= {"This field is required.", "Enter a valid email address.", "January"}
    for code, _name in settings.LANGUAGES:
        served = trans_real.translation(code)
        assert not [
            node
            for node in _chain(served)[1:]
            if isinstance(getattr(node, "_catalog", None), dict) and set(node._catalog) <= {""}
        ]
        for word in words:
            assert served.gettext(word) == untouched[code].gettext(word), (code, word)
            for n in (1, 2, 5):
                assert served.ngettext(word, word + "s", n) == untouched[code].ngettext(
                    word, word + "s", n
                )
    assert trans_real.translation("hi").gettext("Report") != "Report"
