"""The question pages through the test client: who sees what, the ask form, answering and
the similar-questions endpoint."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from portal.accounts.models import AuditLogEntry
from questions import messages
from questions.drafts import SESSION_KEY as DRAFT_KEY
from questions.models import AGE_RANGE_MESSAGE, Answer, Question
from questions.services import answer_create, question_create
from tests.factories import DoctorFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = "I have had an itchy red rash on both elbows for three weeks. Creams do not help."
ANSWER = "This sounds like **atopic eczema**. Use a fragrance-free moisturiser twice a day."
ASK_URL = reverse("questions:ask")


def ask_data(**overrides):
    return {
        "text": TEXT,
        "age": "34",
        "gender": "female",
        "specialty": "",
        "consent": "on",
        **overrides,
    }


@pytest.fixture
def public_question(patient):
    return question_create(author=patient, text=TEXT, age=34, gender="female")


@pytest.fixture
def private_question(patient):
    return question_create(author=patient, text=TEXT, age=34, gender="female", is_private=True)


def login(client, person):
    client.force_login(getattr(person, "user", person))
    return client


# --- Question page: who may read it ------------------------------------------------
def test_public_question_is_visible_to_a_visitor(client, public_question):
    response = client.get(public_question.get_absolute_url())

    assert response.status_code == 200
    assert response.context["question"] == public_question
    assert "itchy red rash on both elbows" in response.content.decode()


@pytest.fixture
def staff_without_moderation(db):
    """An editor or verifier: staff for the admin, without the private-questions right."""
    return UserFactory(email="editor.staff@example.org", is_staff=True)


@pytest.mark.parametrize("who", [None, "other_patient", "applicant", "staff_without_moderation"])
def test_private_question_is_a_404_for_others(request, client, private_question, who):
    if who:
        login(client, request.getfixturevalue(who))

    response = client.get(private_question.get_absolute_url())

    assert response.status_code == 404
    assert b"itchy red rash" not in response.content


@pytest.mark.parametrize("who", ["patient", "doctor", "staff"])
def test_private_question_is_visible_to_asker_doctors_and_staff(
    request, client, private_question, who
):
    login(client, request.getfixturevalue(who))

    response = client.get(private_question.get_absolute_url())

    assert response.status_code == 200
    assert "itchy red rash on both elbows" in response.content.decode()


def test_staff_reading_a_private_question_is_audited(client, private_question, staff):
    login(client, staff)

    client.get(private_question.get_absolute_url())

    entry = AuditLogEntry.objects.get()
    assert entry.actor == staff
    assert entry.action == "view_private_question"
    assert (entry.target_type, entry.target_id) == ("questions.question", str(private_question.pk))


@pytest.mark.parametrize("who", ["patient", "doctor"])
def test_asker_and_doctor_views_are_not_audited(request, client, private_question, who):
    login(client, request.getfixturevalue(who))

    assert client.get(private_question.get_absolute_url()).status_code == 200
    assert not AuditLogEntry.objects.exists()


def test_staff_reading_a_public_question_is_not_audited(client, public_question, staff):
    login(client, staff)
    client.get(public_question.get_absolute_url())
    assert not AuditLogEntry.objects.exists()


def test_wrong_slug_redirects_permanently_to_the_canonical_url(client, public_question):
    response = client.get(
        reverse("questions:detail", kwargs={"pk": public_question.pk, "slug": "old-title"})
    )

    assert response.status_code == 301
    assert response["Location"] == public_question.get_absolute_url()


def test_short_url_redirects_permanently_to_the_canonical_url(client, public_question):
    response = client.get(reverse("questions:short", kwargs={"pk": public_question.pk}))

    assert response.status_code == 301
    assert response["Location"] == public_question.get_absolute_url()


def test_wrong_slug_on_a_private_question_does_not_reveal_it(client, private_question):
    response = client.get(
        reverse("questions:detail", kwargs={"pk": private_question.pk, "slug": "guess"})
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", [None, "other_patient", "applicant"])
def test_the_short_url_of_a_private_question_does_not_reveal_it(
    request, client, private_question, who
):
    """Its slug is made of the question's first words: the redirect would tell them."""
    if who:
        login(client, request.getfixturevalue(who))

    response = client.get(reverse("questions:short", kwargs={"pk": private_question.pk}))

    assert response.status_code == 404
    assert private_question.slug not in response.get("Location", "")
    assert b"itchy" not in response.content


@pytest.mark.parametrize("who", ["patient", "doctor", "staff"])
def test_the_short_url_of_a_private_question_leads_those_who_may_read_it(
    request, client, private_question, who
):
    login(client, request.getfixturevalue(who))

    response = client.get(reverse("questions:short", kwargs={"pk": private_question.pk}))

    assert response.status_code == 301
    assert response["Location"] == private_question.get_absolute_url()


def test_unknown_question_is_a_404(client):
    assert client.get("/questions/987654/anything/").status_code == 404
    assert client.get("/questions/987654/").status_code == 404


@pytest.mark.parametrize("who", [None, "patient", "doctor"])
def test_question_page_shows_gender_and_age_never_the_email(
    request, client, public_question, patient, doctor, who
):
    answer_create(user=doctor.user, question=public_question, body=ANSWER)
    if who:
        login(client, request.getfixturevalue(who))

    content = client.get(public_question.get_absolute_url()).content.decode()

    assert "Female | 34" in content
    assert patient.email not in content
    assert "patient@" not in content
    # The doctor is shown by their public name, never by their account's email.
    assert "Dr. Asha Rao" in content
    assert doctor.user.email not in content


def test_question_page_shows_all_answers_with_the_doctors(
    client, public_question, doctor, specialty, other_specialty
):
    second = DoctorFactory(
        full_name="Vikram Mehta", slug="vikram-mehta", specialties=[specialty, other_specialty]
    )
    answer_create(user=doctor.user, question=public_question, body=ANSWER)
    answer_create(user=second.user, question=public_question, body="Try an emollient at night.")

    response = client.get(public_question.get_absolute_url())

    content = response.content.decode()
    assert "Dr. Asha Rao" in content and "Dr. Vikram Mehta" in content
    # Each badge names its doctor's specialties, by name.
    specialties = re.findall(r'<span class="doctor__specialties">([^<]*)</span>', content)
    assert specialties == ["Dermatology", "Cardiology, Dermatology"]
    assert "<strong>atopic eczema</strong>" in content
    assert "Try an emollient at night." in content


def test_question_page_query_budget(client, public_question, django_assert_max_num_queries):
    for _ in range(3):
        answer_create(user=DoctorFactory().user, question=public_question, body=ANSWER)

    with django_assert_max_num_queries(8):
        assert client.get(public_question.get_absolute_url()).status_code == 200


# --- Ask form -----------------------------------------------------------------------------
def test_visitor_posting_a_valid_question_is_sent_to_sign_up_with_a_draft(client, specialty):
    response = client.post(ASK_URL, ask_data(specialty=str(specialty.pk), is_private="on"))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_signup")
    draft = dict(client.session[DRAFT_KEY])
    assert draft.pop("saved_at")  # when it was typed: old drafts are not auto-posted
    assert draft == {
        "text": TEXT,
        "specialty": specialty.pk,
        "age": 34,
        "gender": "female",
        "is_private": True,
        "consent": True,
    }
    assert not Question.objects.exists()


def test_visitor_posting_an_invalid_question_keeps_the_text(client):
    response = client.post(ASK_URL, ask_data(age="200"))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"age": [AGE_RANGE_MESSAGE]}
    content = response.content.decode()
    assert AGE_RANGE_MESSAGE in content
    assert TEXT in content  # still in the textarea
    assert DRAFT_KEY not in client.session
    assert not Question.objects.exists()


def test_signed_in_patient_posts_a_question(client, patient):
    login(client, patient)

    response = client.post(ASK_URL, ask_data())

    question = Question.objects.get()
    assert question.author == patient
    assert (question.text, question.age, question.gender) == (TEXT, 34, "female")
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"text": "x" * 2990 + " too long!!"},
            "text",
            messages.QUESTION_TOO_LONG % {"limit_value": 3000, "show_value": 3001},
        ),
        (
            {"text": "Rash on arm."},
            "text",
            messages.QUESTION_TOO_SHORT % {"limit_value": 20, "show_value": 12},
        ),
        ({"age": "abc"}, "age", messages.AGE_NOT_A_NUMBER),
        ({"age": "-1"}, "age", AGE_RANGE_MESSAGE),
        ({"gender": "robot"}, "gender", messages.GENDER_INVALID),
        ({"gender": ""}, "gender", messages.GENDER_REQUIRED),
    ],
    ids=["too-long", "too-short", "age-abc", "age-negative", "bad-gender", "no-gender"],
)
def test_signed_in_invalid_question_shows_a_clear_error_and_keeps_the_text(
    client, patient, data, field, message
):
    login(client, patient)
    posted = ask_data(**data)

    response = client.post(ASK_URL, posted)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    content = response.content.decode()
    assert escape(message) in content
    assert posted["text"] in content
    assert not Question.objects.exists()


HOSTILE = "<script>alert(1)</script> my skin itches a lot since May"


def test_hostile_text_is_kept_escaped_and_shown_escaped_once_posted(client, patient):
    login(client, patient)

    response = client.post(ASK_URL, ask_data(text=HOSTILE, age="abc"))

    assert response.status_code == 200
    content = response.content.decode()
    assert messages.AGE_NOT_A_NUMBER in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; my skin itches a lot since May" in content
    assert "<script>alert(1)" not in content

    response = client.post(ASK_URL, ask_data(text=HOSTILE))

    question = Question.objects.get()
    assert question.text == HOSTILE  # stored as typed, escaped on output
    assert response["Location"] == question.get_absolute_url()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; my skin itches a lot since May" in page
    assert "<script>alert(1)" not in page


def test_flood_error_is_shown_and_the_text_kept(client, patient, settings):
    settings.QUESTION_FLOOD_SECONDS = 60
    login(client, patient)
    client.post(ASK_URL, ask_data())
    second_text = "My left knee clicks and aches when I climb stairs, should I worry?"

    response = client.post(ASK_URL, ask_data(text=second_text))

    assert response.status_code == 200
    content = response.content.decode()
    assert any(messages.QUESTION_FLOOD % {"wait": wait} in content for wait in (59, 60))
    assert second_text in content
    assert Question.objects.count() == 1


def test_duplicate_error_is_shown(client, patient, settings):
    settings.QUESTION_FLOOD_SECONDS = 0
    login(client, patient)
    client.post(ASK_URL, ask_data())

    response = client.post(ASK_URL, ask_data(text=TEXT.upper()))

    assert response.status_code == 200
    assert messages.QUESTION_DUPLICATE in response.content.decode()
    assert Question.objects.count() == 1


def test_ask_form_is_prefilled_from_the_query_string(client, specialty):
    response = client.get(ASK_URL, {"q": "Itchy scalp for a month", "specialty": specialty.slug})

    form = response.context["form"]
    assert form.initial == {"text": "Itchy scalp for a month", "specialty": specialty.pk}
    assert "Itchy scalp for a month" in response.content.decode()


@pytest.mark.parametrize("slug", ["\x00", "derma\x00tology", "no-such-specialty", "<b>x</b>"])
def test_ask_form_ignores_a_specialty_that_is_not_one(client, specialty, slug):
    """Not a 500: PostgreSQL refuses a NUL byte in a query, so it never gets one."""
    response = client.get(ASK_URL, {"q": "Itchy scalp for a month", "specialty": slug})

    assert response.status_code == 200
    assert response.context["form"].initial == {
        "text": "Itchy scalp for a month",
        "specialty": None,
    }


# --- Answering ---------------------------------------------------------------------------
def answer_url(question):
    return reverse("questions:answer", kwargs={"pk": question.pk})


def test_doctor_posts_an_answer_and_it_is_shown(client, doctor, public_question):
    login(client, doctor)

    response = client.post(answer_url(public_question), {"body": ANSWER})

    assert response.status_code == 302
    assert response["Location"] == public_question.get_absolute_url()
    answer = Answer.objects.get(question=public_question)
    assert answer.doctor == doctor
    page = client.get(public_question.get_absolute_url()).content.decode()
    assert "<strong>atopic eczema</strong>" in page
    assert f'id="answer-{answer.pk}"' in page


def test_answer_redirects_only_to_a_local_next(client, doctor, public_question):
    login(client, doctor)

    response = client.post(
        answer_url(public_question), {"body": ANSWER, "next": "https://evil.example/"}
    )

    assert response["Location"] == public_question.get_absolute_url()


@pytest.mark.parametrize("who", ["patient", "other_patient", "applicant", "staff"])
def test_non_doctors_get_403_when_answering(request, client, public_question, who):
    login(client, request.getfixturevalue(who))

    response = client.post(answer_url(public_question), {"body": ANSWER})

    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_visitor_answering_is_sent_to_log_in(client, public_question):
    response = client.post(answer_url(public_question), {"body": ANSWER})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert not Answer.objects.exists()


def test_answer_view_refuses_get(client, doctor, public_question):
    login(client, doctor)
    assert client.get(answer_url(public_question)).status_code == 405


def test_empty_answer_is_a_400_with_an_error(client, doctor, public_question):
    login(client, doctor)

    response = client.post(answer_url(public_question), {"body": "   "})

    assert response.status_code == 400
    assert messages.ANSWER_REQUIRED in response.content.decode()
    assert not Answer.objects.exists()


def test_short_answer_is_a_400_with_the_text_kept(client, doctor, public_question):
    login(client, doctor)
    body = "Use moisturiser."

    response = client.post(answer_url(public_question), {"body": body})

    assert response.status_code == 400
    content = response.content.decode()
    assert messages.ANSWER_TOO_SHORT % {"limit_value": 20} in content
    assert body in content
    assert not Answer.objects.exists()


def test_second_answer_by_the_same_doctor_is_a_400(client, doctor, public_question):
    login(client, doctor)
    client.post(answer_url(public_question), {"body": ANSWER})

    response = client.post(answer_url(public_question), {"body": ANSWER + " Also rest."})

    assert response.status_code == 400
    assert messages.ANSWER_DUPLICATE in response.content.decode()
    assert Answer.objects.count() == 1


def test_answering_a_missing_question_is_a_404(client, doctor):
    login(client, doctor)
    assert client.post("/questions/987654/answer/", {"body": ANSWER}).status_code == 404


def test_answer_form_is_offered_only_to_doctors_who_have_not_answered(
    client, doctor, patient, public_question
):
    url = public_question.get_absolute_url()
    assert client.get(url).context["answer_form"] is None
    assert login(client, patient).get(url).context["answer_form"] is None
    assert login(client, doctor).get(url).context["answer_form"] is not None

    answer_create(user=doctor.user, question=public_question, body=ANSWER)

    assert client.get(url).context["answer_form"] is None


# --- Similar questions -----------------------------------------------------------------
SIMILAR_URL = reverse("questions:similar")


def answered(author, doctor, text, **kwargs):
    question = question_create(author=author, text=text, age=30, gender="male", **kwargs)
    answer_create(user=doctor.user, question=question, body=ANSWER)
    return question


def set_answered_at(question, when):
    Question.objects.filter(pk=question.pk).update(answered_at=when)
    return question


def test_similar_returns_answered_public_questions_only(
    client, patient, other_patient, doctor, staff, settings
):
    settings.QUESTION_FLOOD_SECONDS = 0
    match = answered(patient, doctor, "Itchy red rash on my elbows after swimming in a pool.")
    answered(other_patient, doctor, "Red itchy rash on my neck, very private.", is_private=True)
    question_create(
        author=staff, text="Unanswered: itchy rash on the elbows again.", age=40, gender="male"
    )
    answered(other_patient, doctor, "My knee hurts when I climb the stairs every day.")

    response = client.post(SIMILAR_URL, {"q": "itchy rash elbows"})

    assert response.status_code == 200
    data = response.json()
    assert data["results"] == [{"text": match.text, "url": match.get_absolute_url(), "answers": 1}]


def analyze_questions():
    """Refresh the statistics similar_question_list reads its words' shares from."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE questions_question")


def test_similar_ranks_only_the_latest_matches_of_common_words(
    client, patient, doctor, settings, monkeypatch
):
    settings.QUESTION_FLOOD_SECONDS = 0
    monkeypatch.setattr("questions.selectors.SIMILAR_RECENT", 2)
    now = timezone.now()
    oldest, elbows, scalp = (
        set_answered_at(answered(patient, doctor, text), now - timedelta(days=days))
        for text, days in [
            ("Itchy skin with a rash on my elbows and knees.", 3),  # best, but oldest
            ("Itchy skin and a rash after swimming.", 2),
            ("My scalp skin feels itchy in winter.", 1),
        ]
    )
    analyze_questions()

    results = client.post(SIMILAR_URL, {"q": "itchy skin rash elbows"}).json()["results"]

    # Every word is common here: the two latest matches are ranked, the better one first.
    assert [r["url"] for r in results] == [elbows.get_absolute_url(), scalp.get_absolute_url()]
    assert oldest.get_absolute_url() not in {r["url"] for r in results}


def test_similar_finds_every_question_holding_a_rare_word(
    client, patient, doctor, settings, monkeypatch
):
    settings.QUESTION_FLOOD_SECONDS = 0
    settings.QUESTION_DAILY_LIMIT = 100
    monkeypatch.setattr("questions.selectors.SIMILAR_RECENT", 2)
    monkeypatch.setattr("questions.selectors.COMMON_WORD_SHARE", 0.2)
    now = timezone.now()
    psoriasis = set_answered_at(
        answered(patient, doctor, "Psoriasis plaques and itchy skin on my elbows."),
        now - timedelta(days=30),
    )
    for day in range(9):
        set_answered_at(
            answered(patient, doctor, f"Itchy skin after gardening, day {day} of it."),
            now - timedelta(days=day),
        )
    analyze_questions()

    results = client.post(SIMILAR_URL, {"q": "itchy skin with psoriasis"}).json()["results"]

    # "psoriasis" is in one question of ten (rare), "itchy" and "skin" in all (common).
    assert results[0]["url"] == psoriasis.get_absolute_url()
    assert len(results) == 3  # the rare word's question and the two latest common ones


@pytest.mark.parametrize("text", ["psor", "zzzz qqqq", "and with from"])
def test_similar_with_no_matching_or_only_stop_words_returns_nothing(client, doctor, text):
    assert client.post(SIMILAR_URL, {"q": text}).json()["results"] == []


def test_similar_suggests_a_specialty_from_keywords(client, specialty, other_specialty):
    response = client.post(SIMILAR_URL, {"q": "My skin has a red rash that itches at night"})

    assert response.json()["specialty"] == {"id": specialty.pk, "name": "Dermatology"}


def test_specialty_suggestion_matches_whole_words_only(client, specialty):
    specialty.keywords = "rash, ear"
    specialty.save()

    response = client.post(
        SIMILAR_URL, {"q": "For many years I have had a burning pain near my heart"}
    )

    assert response.json()["specialty"] is None


def test_similar_suggests_no_specialty_for_short_text(client, specialty):
    assert client.post(SIMILAR_URL, {"q": "rash"}).json()["specialty"] is None


@pytest.mark.parametrize(
    ("text", "emergency"),
    [
        ("I have chest pain and can't breathe", True),
        ("I have chest pain and can’t breathe", True),
        ("My skin itches a lot since May", False),
    ],
)
def test_similar_flags_emergencies(client, text, emergency):
    data = client.post(SIMILAR_URL, {"q": text}).json()

    assert data["emergency"] is emergency


def test_similar_with_no_text_returns_nothing(client):
    assert client.post(SIMILAR_URL).json() == {
        "results": [],
        "specialty": None,
        "emergency": False,
    }


def test_similar_refuses_get_so_health_text_stays_out_of_urls(client):
    assert client.get(SIMILAR_URL, {"q": "rash"}).status_code == 405


def test_similar_answers_are_not_cached(client):
    assert client.post(SIMILAR_URL, {"q": "rash"})["Cache-Control"] == "no-store"


def test_emergency_notice_is_shown_to_the_asker_after_posting(client, patient):
    login(client, patient)
    client.post(ASK_URL, ask_data(text="I have chest pain and can't breathe since an hour"))
    question = Question.objects.get()

    response = client.get(question.get_absolute_url())

    assert response.context["show_emergency"] is True
    assert "112" in response.content.decode()


def test_my_questions_lists_only_my_questions(client, patient, other_patient):
    mine = QuestionFactory(author=patient)
    QuestionFactory(author=other_patient)
    login(client, patient)

    response = client.get(reverse("questions:mine"))

    assert list(response.context["page_obj"].object_list) == [mine]


def test_my_questions_requires_login(client):
    response = client.get(reverse("questions:mine"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
