"""The page cache (portal/pagecache.py) on the real Redis: visitors without a session get
stored pages, every action that changes what a page shows makes exactly those pages stale,
and nothing of a session ever reaches a stored page."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import timezone

from blog.services import article_publish, article_send_to_review
from directory.services import clinic_save
from doctors.services import doctor_application_approve, doctor_reconfirm
from moderation.services import item_hide
from moderation.targets import TARGETS
from portal import pagecache
from portal.policies.models import PolicyKind
from questions.services import answer_agree, answer_create, answer_thank
from tests.blog.conftest import make_editor, new_article, with_cover
from tests.directory.factories import (
    CityFactory,
    ClinicFactory,
    CountryFactory,
    TreatmentFactory,
)
from tests.factories import DoctorFactory, QuestionFactory, SpecialtyFactory
from tests.helpers import redis_commands
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db

ANSWER = "Keep the skin moisturised with a fragrance-free cream and avoid hot showers."


def stored_pages(redis_page_cache) -> list[bytes]:
    """Every stored page body, read straight from Redis."""
    import pickle

    client, prefix = redis_page_cache
    bodies = []
    for key in client.scan_iter(f"{prefix}:*{pagecache.PAGE_PREFIX}*"):
        # The names of the versions it was stored with, a NUL, the pickled entry
        # (portal/cache.py: set_with_keys).
        entry = client.get(key).partition(b"\0")[2]
        bodies.append(pickle.loads(entry)["content"])  # noqa: S301 - our own data
    return bodies


def visit(url: str, client: Client | None = None):
    """A GET by a fresh visitor (no cookies), with the number of queries it cost."""
    client = client or Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    response.queries = len(queries)
    return response


def assert_hit(url: str) -> str:
    response = visit(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "hit", url
    assert response.queries == 0
    return response.content.decode()


def warm(*urls: str) -> None:
    for url in urls:
        first = visit(url)
        assert first.status_code == 200, url
        assert first["X-Cache"] == "miss", url
        assert_hit(url)


def fresh(url: str) -> str:
    """The page right after an action: rendered again, not the stored copy."""
    response = visit(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "miss", url
    return response.content.decode()


@pytest.fixture
def other_doctor(other_specialty):
    return DoctorFactory(
        full_name="Vikram Mehta", slug="vikram-mehta", specialties=[other_specialty]
    )


@pytest.fixture
def question(patient, specialty):
    return QuestionFactory(author=patient, specialty=specialty, text="My elbows itch, why?")


@pytest.fixture
def unrelated(other_doctor, other_specialty):
    """An answered question in another specialty, by another doctor."""
    return answered_question(
        doctors=[other_doctor], specialty=other_specialty, text="My heart races at night."
    )


# --- Stored, served, and never anyone's -------------------------------------------------
def test_a_visitor_gets_the_stored_page_without_a_query(redis_page_cache, unrelated):
    url = unrelated.get_absolute_url()
    first = visit(url)
    assert first["X-Cache"] == "miss" and first.queries > 0
    second = visit(url)
    assert second["X-Cache"] == "hit"
    assert second.queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_stored_pages_carry_cache_headers_and_answer_conditional_gets(redis_page_cache, unrelated):
    url = unrelated.get_absolute_url()
    first = visit(url)
    control = first["Cache-Control"]
    assert "public" in control and "max-age=30" in control and "s-maxage=60" in control
    assert "Cookie" in first["Vary"] and "Accept-Encoding" in first["Vary"]
    assert first["ETag"] and first["Last-Modified"]

    again = Client().get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    since = Client().get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_a_signed_in_user_never_gets_a_stored_page(redis_page_cache, unrelated, patient):
    url = unrelated.get_absolute_url()
    warm(url, reverse("home"))
    client = Client()
    client.force_login(patient)
    for page in (url, reverse("home")):
        response = client.get(page)
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert "Log out" in response.content.decode()
        assert "private" in response["Cache-Control"]
    assert_hit(url)  # and what the user saw was not stored for visitors
    assert "Log out" not in assert_hit(reverse("home"))


def test_no_stored_page_holds_a_csrf_token_a_user_name_or_log_out(
    redis_page_cache, unrelated, doctor, patient
):
    answer_create(user=doctor.user, question=QuestionFactory(author=patient), body=ANSWER)
    signed_in = Client()
    signed_in.force_login(patient)
    urls = [
        reverse("home"),
        unrelated.get_absolute_url(),
        reverse("questions:list"),
        reverse("directory:doctor", args=[doctor.slug]),
        reverse("blog:index"),
    ]
    for url in urls:
        signed_in.get(url)  # signed in first: must store nothing
        visit(url)
    bodies = stored_pages(redis_page_cache)
    assert len(bodies) == len(urls)
    for body in bodies:
        assert b"csrfmiddlewaretoken" not in body
        assert b"Log out" not in body
        assert patient.email.encode() not in body


def test_the_home_page_ask_form_is_stored_without_a_token(redis_page_cache):
    response = visit(reverse("home"))
    body = response.content.decode()
    assert 'action="/ask/"' in body
    assert "csrfmiddlewaretoken" not in body
    assert not response.cookies  # no CSRF cookie either
    assert 'src="/static/js/csrf.js"' in body or "js/csrf" in body
    assert visit(reverse("home"))["X-Cache"] == "hit"


def test_the_csrf_endpoint_gives_a_token_and_is_never_cached(redis_page_cache):
    client = Client(enforce_csrf_checks=True)
    response = client.get(reverse("csrf_token"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = response.json()["token"]
    assert "csrftoken" in response.cookies
    # With it, the ask form posts (and the visitor is sent to sign up, the text kept).
    posted = client.post(
        reverse("questions:ask"),
        {
            "text": "I have had a dry cough for three weeks now, what should I do?",
            "age": 40,
            "gender": "male",
            "consent": "on",
            "csrfmiddlewaretoken": token,
        },
    )
    assert posted.status_code == 302
    assert posted["Location"] == reverse("account_signup")


def test_a_visitor_with_a_messages_cookie_is_not_served_a_stored_page(redis_page_cache, unrelated):
    url = unrelated.get_absolute_url()
    warm(url)
    client = Client()
    client.cookies["messages"] = "something"
    response = client.get(url)
    assert "X-Cache" not in response


def test_a_response_that_sets_a_cookie_is_not_stored(redis_page_cache, rf):
    middleware = pagecache.PageCacheMiddleware(cookie_view)
    for _ in range(2):
        request = rf.get("/cookie-page/")
        request.urlconf = __name__
        assert middleware(request)["X-Cache"] == "bypass"


def test_searches_are_never_stored(redis_page_cache, unrelated):
    url = reverse("questions:list") + "?q=heart"
    visit(url)
    response = visit(url)
    assert "X-Cache" not in response
    assert stored_pages(redis_page_cache) == []


# --- Each action makes exactly the pages that show it stale ------------------------------
def test_answering_refreshes_the_question_lists_and_profile_but_not_other_pages(
    redis_page_cache, question, doctor, unrelated
):
    question_url = question.get_absolute_url()
    profile = reverse("directory:doctor", args=[doctor.slug])
    unrelated_url = unrelated.get_absolute_url()
    warm(question_url, profile, reverse("home"), unrelated_url)

    answer_create(user=doctor.user, question=question, body=ANSWER)

    assert ANSWER in fresh(question_url)
    assert "My elbows itch" in fresh(reverse("home"))
    assert "My elbows itch" in fresh(profile)
    assert_hit(unrelated_url)


def test_regression_a_doctors_answer_count_follows_their_answers_at_once(
    redis_page_cache, patient, doctor
):
    """Doctor figures lagged up to five minutes behind their answers (a timed cache)."""
    profile = reverse("directory:doctor", args=[doctor.slug])
    answer_create(user=doctor.user, question=QuestionFactory(author=patient), body=ANSWER)
    assert "<dt>Answers</dt><dd>1</dd>" in fresh(profile)
    signed_in = Client()
    signed_in.force_login(patient)  # the fragment, not the page, is what lagged
    signed_in.get(profile)

    answer_create(user=doctor.user, question=QuestionFactory(author=patient), body=ANSWER)
    assert "<dt>Answers</dt><dd>2</dd>" in signed_in.get(profile).content.decode()
    assert "<dt>Answers</dt><dd>2</dd>" in fresh(profile)


def test_thanking_refreshes_the_question_and_the_doctors_figures(
    redis_page_cache, question, doctor, patient, unrelated
):
    answer = answer_create(user=doctor.user, question=question, body=ANSWER)
    profile = reverse("directory:doctor", args=[doctor.slug])
    warm(question.get_absolute_url(), profile, unrelated.get_absolute_url(), reverse("home"))

    answer_thank(user=patient, answer=answer)

    assert "Thanked by the patient" in fresh(question.get_absolute_url())
    assert "<dt>Thanks from patients</dt><dd>1</dd>" in fresh(profile)
    assert_hit(unrelated.get_absolute_url())
    assert_hit(reverse("home"))  # the lists show no thanks


def test_agreeing_refreshes_the_question_but_not_other_pages(
    redis_page_cache, question, doctor, specialty, unrelated
):
    answer = answer_create(user=doctor.user, question=question, body=ANSWER)
    peer = DoctorFactory(full_name="Ravi Peer", slug="ravi-peer", specialties=[specialty])
    warm(question.get_absolute_url(), unrelated.get_absolute_url(), reverse("home"))

    answer_agree(user=peer.user, answer=answer)

    assert "1 doctor agrees" in fresh(question.get_absolute_url())
    assert_hit(unrelated.get_absolute_url())
    assert_hit(reverse("home"))


def test_publishing_refreshes_the_article_lists_and_feed_but_not_questions(
    redis_page_cache, unrelated, specialty
):
    publisher = make_editor("publisher@example.org", name="Kavya Menon", can_publish=True)
    article = new_article(
        publisher,
        title="Eczema in winter",
        specialty=specialty,
        non_medical=True,
        **with_cover(),
    )
    article_send_to_review(actor=publisher, article=article)
    feed = reverse("blog:feed")
    warm(reverse("blog:index"), feed, reverse("home"), unrelated.get_absolute_url())
    assert visit(reverse("blog:article", args=[article.slug])).status_code == 404

    article_publish(actor=publisher, article=article)

    assert "Eczema in winter" in fresh(reverse("blog:index"))
    assert "Eczema in winter" in fresh(reverse("home"))  # its newest-articles cards
    assert "Eczema in winter" in fresh(feed)
    assert "Eczema in winter" in fresh(reverse("blog:article", args=[article.slug]))
    assert_hit(unrelated.get_absolute_url())


def test_editing_a_clinic_refreshes_its_page_but_not_unrelated_ones(redis_page_cache, unrelated):
    city = CityFactory(name="Mumbai", slug="mumbai", country=CountryFactory(iso_code="IN"))
    clinic = ClinicFactory(name="Kestrel Bay Hospital", slug="kestrel-bay", city=city)
    url = reverse("directory:clinic", args=[clinic.slug])
    policy = reverse("policies:page", args=[PolicyKind.values[0]])
    article_index = reverse("blog:index")
    warm(url, policy, article_index, reverse("home"))

    clinic.name = "Kestrel Bay Heart Hospital"
    clinic_save(clinic=clinic)

    assert "Kestrel Bay Heart Hospital" in fresh(url)
    assert_hit(policy)
    assert_hit(article_index)
    assert_hit(reverse("home"))


def test_verifying_a_doctor_refreshes_their_pages_but_not_unrelated_ones(
    redis_page_cache, expired_doctor, verifier, patient, unrelated
):
    answered = answered_question(doctors=[], author=patient, text="Old rash, old answer.")
    expired_doctor.verified_until = timezone.now() + timedelta(days=1)  # answer while valid
    expired_doctor.save(update_fields=["verified_until"])
    answer_create(user=expired_doctor.user, question=answered, body=ANSWER)
    expired_doctor.verified_until = timezone.now() - timedelta(days=1)
    expired_doctor.save(update_fields=["verified_until"])
    profile = reverse("directory:doctor", args=[expired_doctor.slug])
    answered.refresh_from_db()
    warm(profile, answered.get_absolute_url(), unrelated.get_absolute_url())
    assert "Verification record: not current" in assert_hit(profile)

    doctor_reconfirm(user=expired_doctor.user)
    expired_doctor.refresh_from_db()
    doctor_application_approve(actor=verifier, doctor=expired_doctor)

    assert "Verification record: not current" not in fresh(profile)
    fresh(answered.get_absolute_url())  # shows their badge
    assert_hit(unrelated.get_absolute_url())


def test_a_doctors_pages_are_kept_no_longer_than_their_verification(
    redis_page_cache, doctor, patient
):
    """Expiry is time passing, not an action: the stored page ends with it."""
    doctor.verified_until = timezone.now() + timedelta(seconds=6)
    doctor.save(update_fields=["verified_until"])
    profile = reverse("directory:doctor", args=[doctor.slug])
    warm(profile)
    assert "Verification record: not current" not in assert_hit(profile)
    time.sleep(max(0.0, (doctor.verified_until - timezone.now()).total_seconds()) + 0.2)
    assert "Verification record: not current" in fresh(profile)


def test_hiding_an_answer_refreshes_its_question_but_not_other_pages(
    redis_page_cache, question, doctor, staff, unrelated
):
    answer = answer_create(user=doctor.user, question=question, body=ANSWER)
    warm(question.get_absolute_url(), unrelated.get_absolute_url())

    item_hide(moderator=staff, target=TARGETS["answer"], item=answer, reason="Wrong advice.")

    assert ANSWER not in fresh(question.get_absolute_url())
    assert_hit(unrelated.get_absolute_url())


def test_changing_a_taxonomy_entry_refreshes_the_pages_naming_it(redis_page_cache, unrelated):
    SpecialtyFactory(name="Neurology", slug="neurology")
    policy = reverse("policies:page", args=[PolicyKind.values[0]])
    warm(reverse("home"), unrelated.get_absolute_url(), policy)

    unrelated.specialty.name = "Heart and vessels"
    unrelated.specialty.save()

    assert "Heart and vessels" in fresh(unrelated.get_absolute_url())
    assert "Heart and vessels" in fresh(reverse("home"))
    assert_hit(policy)


def test_a_version_bumped_while_a_page_renders_keeps_it_from_being_stored(redis_page_cache, rf):
    request = rf.get("/racing/")
    request.urlconf = __name__
    assert pagecache.PageCacheMiddleware(racing_view)(request)["X-Cache"] == "bypass"
    assert stored_pages(redis_page_cache) == []


def test_only_public_pages_are_looked_up(redis_page_cache, settings):
    assert visit(reverse("questions:ask")).get("X-Cache") is None
    assert visit("/no/such/page/").get("X-Cache") is None


# Two views for the middleware alone (request.urlconf points here).
@pagecache.public_page("taxonomy")
def cookie_view(request):
    response = HttpResponse("<p>hello</p>")
    response.set_cookie("tracking", "1")
    return response


@pagecache.public_page("question:1")
def racing_view(request):
    pagecache.bump("question:1")  # an answer committed while this page rendered
    return HttpResponse("<p>old</p>")


COMPUTED: list[str] = []


@pagecache.public_page()
def captured_view(request):
    """A page showing a part kept with pagecache.captured, whose tag and expiry are
    declared only while it is computed."""

    def compute():
        pagecache.depends_on("thing:1")
        pagecache.expires_at(timezone.now() + timedelta(seconds=float(request.GET["ends"])))
        COMPUTED.append(request.GET["n"])
        return f"<p>part {request.GET['n']}</p>"

    return HttpResponse(pagecache.captured("thing-part", compute))


urlpatterns = [
    path("cookie-page/", cookie_view),
    path("racing/", racing_view),
    path("captured/", captured_view),
]


def settings_session_cookie() -> str:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def _captured(rf, n: int, ends: float = 60):
    request = rf.get(f"/captured/?n={n}&ends={ends}")
    request.urlconf = __name__
    return pagecache.PageCacheMiddleware(captured_view)(request)


def test_a_captured_part_is_kept_until_a_tag_it_declared_moves_on(redis_page_cache, rf):
    COMPUTED.clear()
    assert _captured(rf, 1).content == b"<p>part 1</p>"
    # Another page showing it: the part comes from the cache, computed once.
    assert _captured(rf, 2).content == b"<p>part 1</p>"
    assert COMPUTED == ["1"]

    pagecache.bump("thing:1")  # declared inside compute(), never by the page itself

    assert _captured(rf, 3).content == b"<p>part 3</p>"
    assert COMPUTED == ["1", "3"]
    # The stored pages showing the old part depended on its tag too: both are stale.
    assert _captured(rf, 1).content == b"<p>part 3</p>"
    assert _captured(rf, 2)["X-Cache"] == "miss"


def test_a_captured_part_is_kept_no_longer_than_the_expiry_it_named(redis_page_cache, rf):
    COMPUTED.clear()
    first = _captured(rf, 1, ends=1.5)
    assert first["X-Cache"] == "miss"
    assert _captured(rf, 2, ends=1.5).content == b"<p>part 1</p>"
    time.sleep(1.6)
    assert _captured(rf, 3, ends=60).content == b"<p>part 3</p>"
    # The pages that showed the old part ended with it as well.
    assert _captured(rf, 1, ends=1.5).content == b"<p>part 3</p>"
    assert _captured(rf, 2, ends=1.5).content == b"<p>part 3</p>"


def test_a_captured_part_is_computed_every_time_outside_a_stored_page(redis_page_cache, rf):
    COMPUTED.clear()
    for n in (1, 2):
        request = rf.get(f"/captured/?n={n}&ends=60")
        request.urlconf = __name__
        request.COOKIES[settings_session_cookie()] = "a-session"  # a signed-in visitor
        assert pagecache.PageCacheMiddleware(captured_view)(request).content == (
            f"<p>part {n}</p>".encode()
        )
    assert COMPUTED == ["1", "2"]


def test_asking_a_question_leaves_the_lists_cached(redis_page_cache, unrelated, patient):
    from questions.services import question_create

    warm(reverse("home"), reverse("questions:list"), unrelated.get_absolute_url())
    question_create(
        author=patient,
        text="I have had a headache every morning for two weeks, what could it be?",
        age=30,
        gender="female",
        specialty=None,
        is_private=False,
    )
    assert_hit(reverse("home"))  # unanswered questions are on no list
    assert_hit(reverse("questions:list"))
    assert_hit(unrelated.get_absolute_url())


def round_trips(sent: list[tuple]) -> list:
    """Each round trip by its command's name, a pipeline with the names it sends."""
    return [args if args[0] == "PIPELINE" else args[0] for args in sent]


# A cold page that reads its own versions, then what it shows ahead (pagecache.read_ahead):
# the lookup (the page and its versions), what every render of its kind reads, its own
# versions, the read-ahead, and the store.
COLD_PAGE_READING_AHEAD = [
    ("PIPELINE", "GET", "EVALSHA"),
    "MGET",
    "EVALSHA",
    ("PIPELINE", "MGET", "EVALSHA"),
    ("PIPELINE", "SET", "EVALSHA"),
]


def test_a_page_kind_reads_what_its_last_renders_read_with_its_lookup(
    redis_page_cache, unrelated, monkeypatch
):
    """The header, footer, version tags and cards every render of a list reads come right
    after the page lookup, in one MGET: a cold list page costs three round trips to Redis,
    not a dozen."""
    sent = redis_commands(monkeypatch)
    first = visit("/questions/?read=1")
    assert first["X-Cache"] == "miss"
    learned = len(sent)
    visit("/questions/?read=2")  # the second render learns which keys are read every time
    sent.clear()
    third = visit("/questions/?read=3")
    assert third["X-Cache"] == "miss"
    # The same page as a render that read everything from Redis.
    assert third.content.replace(b"read=3", b"read=1") == first.content
    # The lookup (the page and its versions: none), the rest, and the store.
    assert round_trips(sent) == [
        ("PIPELINE", "GET", "EVALSHA"),
        "MGET",
        ("PIPELINE", "SET", "EVALSHA"),
    ], sent
    assert learned > 2


def test_a_cold_question_page_reads_its_doctors_badges_and_specialty_part_in_one_round_trip(
    redis_page_cache, specialty, other_specialty, monkeypatch
):
    """After the lookup and its own version, a question's page reads its doctors'
    versions, their badges and its specialty's part together (pagecache.read_ahead): five
    round trips to Redis in all, with what every render reads and the store."""
    first_doctor = DoctorFactory(full_name="Dr. Asha Rao", slug="asha-rao")
    other_doctor = DoctorFactory(full_name="Dr. Ravi Iyer", slug="ravi-iyer")
    first_doctor.specialties.add(specialty)
    other_doctor.specialties.add(other_specialty)
    seen = answered_question(doctors=[other_doctor], specialty=other_specialty)
    learned = answered_question(doctors=[first_doctor], specialty=specialty)
    measured = answered_question(doctors=[other_doctor], specialty=other_specialty)
    visit(seen.get_absolute_url())  # keeps the other doctor's badge and specialty's part
    # The page kind learns what every render reads (the first doctor's, not the other's).
    visit(learned.get_absolute_url())
    visit(learned.get_absolute_url() + "?again=1")

    sent = redis_commands(monkeypatch)
    page = visit(measured.get_absolute_url())

    assert page["X-Cache"] == "miss"
    assert "Dr. Ravi Iyer" in page.content.decode()
    assert seen.get_absolute_url() in page.content.decode()  # the specialty's kept cards
    assert round_trips(sent) == COLD_PAGE_READING_AHEAD, sent


def test_a_cold_doctor_profile_reads_its_cards_and_links_in_one_round_trip(
    redis_page_cache, specialty, other_specialty, monkeypatch
):
    """After the lookup and the doctor's own versions, a profile reads its cards'
    question and doctor versions, the cards and the related links together
    (pagecache.read_ahead): five round trips to Redis in all, with what every render
    reads and the store."""
    measured = DoctorFactory(full_name="Dr. Asha Rao", slug="asha-rao")
    learned = DoctorFactory(full_name="Dr. Ravi Iyer", slug="ravi-iyer")
    measured.specialties.add(specialty)
    learned.specialties.add(other_specialty)
    answered_question(doctors=[measured], specialty=specialty, text="My knee hurts on stairs.")
    answered_question(doctors=[learned], specialty=other_specialty)
    visit(measured.get_absolute_url())  # keeps its cards and related links
    # The page kind learns what every render reads (the other doctor's, not this one's).
    visit(learned.get_absolute_url())
    visit(learned.get_absolute_url() + "?again=1")

    sent = redis_commands(monkeypatch)
    page = visit(measured.get_absolute_url() + "?again=1")

    assert page["X-Cache"] == "miss"
    assert "My knee hurts on stairs." in page.content.decode()
    assert round_trips(sent) == COLD_PAGE_READING_AHEAD, sent


def test_a_cold_article_reads_its_parts_and_topic_in_one_round_trip(
    redis_page_cache, specialty, other_specialty, monkeypatch
):
    """After the lookup and its own versions, an article's page reads its references and
    FAQ and its topic's part together (pagecache.read_ahead): five round trips in all."""
    publisher = make_editor("publisher@example.org", name="Kavya Menon", can_publish=True)
    measured, learned = (
        new_article(publisher, title=title, specialty=topic, non_medical=True, **with_cover())
        for title, topic in (("Eczema in winter", specialty), ("Heart health", other_specialty))
    )
    for article in (measured, learned):
        article_send_to_review(actor=publisher, article=article)
        article_publish(actor=publisher, article=article)
    url = reverse("blog:article", args=[measured.slug])
    visit(url)  # keeps its parts and its topic's
    # The page kind learns what every render reads (the other article's, not this one's).
    visit(reverse("blog:article", args=[learned.slug]))
    visit(reverse("blog:article", args=[learned.slug]) + "?again=1")

    sent = redis_commands(monkeypatch)
    page = visit(url + "?again=1")

    assert page["X-Cache"] == "miss"
    assert "Eczema in winter" in page.content.decode()
    assert round_trips(sent) == COLD_PAGE_READING_AHEAD, sent


def test_a_new_clinic_shows_on_the_hospitals_index_whose_lists_are_fragments(redis_page_cache):
    """The index's treatments, cities and counts are kept as fragments: a clinic saved
    through the service is on the next render, and the next cold render reads nothing."""
    city = CityFactory(name="Mumbai", slug="mumbai", country=CountryFactory(iso_code="IN"))
    knee = TreatmentFactory(name="Knee Replacement", slug="knee-replacement")
    ClinicFactory(name="Kestrel Bay Hospital", city=city, treatments=[knee])
    url = reverse("directory:hospitals")
    warm(url)
    assert visit(url + "?again=1").queries == 0  # a new address: rendered from fragments

    pune = CityFactory(name="Pune", slug="pune", country=city.country)
    hip = TreatmentFactory(name="Hip Replacement", slug="hip-replacement")
    clinic = ClinicFactory.build(name="Heron Clinic", slug="heron-clinic", city=pune)
    clinic_save(clinic=clinic)
    clinic.treatments.set([hip, knee])

    page = fresh(url)
    assert "Hip Replacement" in page and "Pune" in page


def _related_numbers(question) -> list[int]:
    """The numbers of the questions in the page's "Related" cards, in their order."""
    section = fresh(question.get_absolute_url()).split('id="related-title"')[1]
    shown = [n for n in range(10) if f"Question number {n} " in section]
    return sorted(shown, key=lambda n: section.index(f"Question number {n} "))


def test_question_pages_of_a_specialty_share_its_newest_questions_but_each_leaves_itself_out(
    redis_page_cache, doctor, specialty
):
    """The related cards are one kept part for the specialty (questions/views.py:
    _specialty_parts): each page shows the four newest but itself."""
    now = timezone.now()
    numbered = [
        answered_question(
            doctors=[doctor],
            specialty=specialty,
            text=f"Question number {n} about my itchy skin.",
            answered_at=now - timedelta(hours=10 - n),
        )
        for n in range(6)
    ]
    assert _related_numbers(numbered[0]) == [5, 4, 3, 2]
    assert _related_numbers(numbered[5]) == [4, 3, 2, 1]
    assert _related_numbers(numbered[3]) == [5, 4, 2, 1]


def test_the_kept_related_cards_follow_their_doctors_and_the_specialtys_answers(
    redis_page_cache, specialty, other_specialty, patient
):
    """A page whose own answer is by another doctor still shows the new name of a card's
    doctor, and a question answered since, right after the change: the kept part named
    the card doctors' tags when it was computed. (The card's doctor is of another
    specialty, so only their own tag, not the specialty's doctor list, can tell.)"""
    doctor = DoctorFactory(full_name="Asha Rao", slug="asha-rao", specialties=[other_specialty])
    other = DoctorFactory(full_name="Meera Iyer", slug="meera-iyer", specialties=[specialty])
    now = timezone.now()
    page = answered_question(
        doctors=[other],
        specialty=specialty,
        text="Question number 0 about my itchy skin.",
        answered_at=now - timedelta(days=1),
    )
    answered_question(doctors=[doctor], specialty=specialty, text="Question number 1 about a rash.")
    first = fresh(page.get_absolute_url())
    assert "Asha Rao" in first.split('id="related-title"')[1]
    assert_hit(page.get_absolute_url())

    doctor.full_name = "Asha Rao-Menon"
    doctor.save()

    assert "Asha Rao-Menon" in fresh(page.get_absolute_url()).split('id="related-title"')[1]

    newer = QuestionFactory(
        author=patient, specialty=specialty, text="Question number 2 about dry skin."
    )
    answer_create(user=doctor.user, question=newer, body=ANSWER)

    assert _related_numbers(page) == [2, 1]


def test_an_answers_badge_is_kept_and_follows_its_doctor(redis_page_cache, question, doctor):
    """The answers' badges on a question page are kept by what they show
    (questions/views.py: _attach_badges): drawn once for every page showing them, and
    drawn again when the doctor is renamed or a specialty is added."""
    from tests.helpers import drawn

    answer_create(user=doctor.user, question=question, body=ANSWER)
    with drawn("partials/doctor_badge.html") as drawings:
        fresh(question.get_absolute_url())
        assert visit(question.get_absolute_url() + "?again=1")["X-Cache"] == "miss"
    # The answer's badge (the related card of the question itself draws one of its own).
    assert sum(context.get("specialty_names") is not None for context in drawings) == 1

    def badge() -> str:
        page = fresh(question.get_absolute_url())
        return page.split('id="answer-')[1].split('<div class="prose">')[0]

    doctor.full_name = "Asha Rao-Menon"
    doctor.save()
    assert "Dr. Asha Rao-Menon" in badge()

    doctor.specialties.add(SpecialtyFactory(name="Allergy", slug="allergy"))
    assert '<span class="doctor__specialties">Allergy, Dermatology</span>' in badge()


def test_another_doctors_answer_shows_on_the_cards_of_a_doctors_profile(
    redis_page_cache, question, doctor, specialty
):
    """A doctor's answered questions are one kept part (kept_cards); a second doctor's
    answer changes a card's count of answers without touching the first doctor's list."""
    profile = reverse("directory:doctor", args=[doctor.slug])
    answer_create(user=doctor.user, question=question, body=ANSWER)
    assert "2 doctors answered" not in fresh(profile)
    assert "2 doctors answered" not in fresh(profile + "?again=1")  # the kept part

    second = DoctorFactory(full_name="Vikram Mehta", slug="vikram-mehta", specialties=[specialty])
    answer_create(user=second.user, question=question, body="Try a cream without perfume.")

    assert "2 doctors answered" in fresh(profile)
