"""questions.services: every rule about asking and answering, called directly."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied, ValidationError

from portal.notifications.models import Notification
from questions import messages, permissions
from questions.models import AGE_RANGE_MESSAGE, Answer, Question
from questions.services import answer_create, question_create
from tests.factories import DoctorFactory, QuestionFactory, UserFactory
from tests.helpers import queued_tasks

pytestmark = pytest.mark.django_db

TEXT = "I have had an itchy red rash on both elbows for three weeks. Creams do not help."
ANSWER = "This sounds like **eczema**. Use a fragrance-free moisturiser twice a day."


def ask(author, text=TEXT, **kwargs):
    fields = {"age": 34, "gender": "female", **kwargs}
    return question_create(author=author, text=text, **fields)


def field_errors(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


# --- question_create: the happy path ----------------------------------------------------
def test_question_create_saves_the_question_with_slug_and_search_vector(patient, specialty):
    question = ask(patient, text=f"  {TEXT}\n", specialty=specialty, is_private=True)

    question.refresh_from_db()
    assert question.author == patient
    assert question.text == TEXT  # surrounding whitespace trimmed
    assert question.slug == "i-have-had-an-itchy-red-rash-on-both-elbows-for-three"
    assert question.specialty == specialty
    assert (question.age, question.gender, question.is_private) == (34, "female", True)
    assert question.answer_count == 0
    assert question.answered_at is None
    # The search vector is filled in the database: a stemmed full-text query finds it.
    matches = Question.objects.filter(search_vector=SearchQuery("elbow creams", config="english"))
    assert list(matches) == [question]
    assert not Question.objects.filter(search_vector=SearchQuery("headache", config="english"))


def test_question_create_stores_a_keyed_hash_of_the_address_not_the_address(patient):
    question = ask(patient, address="203.0.113.7")

    assert len(question.address_hash) == 64
    assert "203.0.113.7" not in question.address_hash


def test_question_slug_keeps_non_latin_words(patient):
    question = ask(
        patient, text="Cildimde üç haftadır kaşıntılı kırmızı lekeler var, ne yapmalıyım?"
    )

    assert question.slug.startswith("cildimde-üç-haftadır")


@pytest.mark.parametrize("length", [20, 3000])
def test_question_create_accepts_the_length_bounds(patient, length):
    text = ("My knee hurts badly. " * 200)[:length]
    assert len(text.strip()) == length

    assert ask(patient, text=text).pk


# --- question_create: bad input, each with a clear message on its field --------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", messages.QUESTION_TOO_SHORT % {"limit_value": 20, "show_value": 0}),
        ("   \n\t  ", messages.QUESTION_TOO_SHORT % {"limit_value": 20, "show_value": 0}),
        ("x" * 19, messages.QUESTION_TOO_SHORT % {"limit_value": 20, "show_value": 19}),
        ("x" * 3001, messages.QUESTION_TOO_LONG % {"limit_value": 3000, "show_value": 3001}),
        (
            "Cheap pills at http://spam.example and www.spam.example or https://spam.example",
            messages.QUESTION_TOO_MANY_LINKS % {"limit_value": 2},
        ),
    ],
    ids=["empty", "whitespace", "19-chars", "3001-chars", "three-links"],
)
def test_question_create_rejects_bad_text(patient, text, message):
    with pytest.raises(ValidationError) as exc_info:
        ask(patient, text=text)

    errors = field_errors(exc_info)
    assert list(errors) == ["text"]
    assert errors["text"] == [message]
    assert not Question.objects.exists()


def test_question_create_allows_two_links(patient):
    text = "Is the advice at https://a.example/x and www.b.example/y right for my rash?"
    assert ask(patient, text=text).pk


@pytest.mark.parametrize("age", [-1, 121, "abc", None, True, 34.5], ids=repr)
def test_question_create_rejects_bad_age(patient, age):
    with pytest.raises(ValidationError) as exc_info:
        ask(patient, age=age)

    assert field_errors(exc_info) == {"age": [AGE_RANGE_MESSAGE]}
    assert not Question.objects.exists()


@pytest.mark.parametrize("age", [0, 120])
def test_question_create_accepts_age_bounds(patient, age):
    assert ask(patient, age=age).age == age


@pytest.mark.parametrize("gender", ["", "robot", None, "Female"])
def test_question_create_rejects_bad_gender(patient, gender):
    with pytest.raises(ValidationError) as exc_info:
        ask(patient, gender=gender)

    assert field_errors(exc_info) == {"gender": [messages.GENDER_INVALID]}
    assert not Question.objects.exists()


def test_question_create_reports_every_bad_field_at_once(patient):
    with pytest.raises(ValidationError) as exc_info:
        ask(patient, text="too short", age=200, gender="x")

    assert set(field_errors(exc_info)) == {"text", "age", "gender"}


# --- question_create: abuse controls ---------------------------------------------------
def test_second_question_within_the_flood_interval_is_rejected(patient, settings):
    settings.QUESTION_FLOOD_SECONDS = 60
    ask(patient)

    with pytest.raises(ValidationError) as exc_info:
        ask(patient, text="A different question about my left knee, which hurts when I run.")

    assert exc_info.value.code == "flood"
    message = exc_info.value.messages[0]
    # The wait is 60 seconds less the time the first question took to save.
    assert message in {messages.QUESTION_FLOOD % {"wait": wait} for wait in (59, 60)}
    assert "your text is kept below" in message
    assert Question.objects.count() == 1


def test_flood_interval_applies_per_account(patient, other_patient):
    ask(patient)
    assert ask(other_patient, text="My knee hurts when I climb stairs, what could it be?").pk


def test_staff_bypass_the_flood_interval(staff, settings):
    settings.QUESTION_FLOOD_SECONDS = 60
    ask(staff)
    second = ask(staff, text="A different question about my left knee, which hurts when I run.")

    assert Question.objects.filter(author=staff).count() == 2
    assert second.pk


def test_daily_limit(patient, settings):
    settings.QUESTION_FLOOD_SECONDS = 0
    settings.QUESTION_DAILY_LIMIT = 2
    ask(patient, text="First question: my knee hurts when I climb stairs.")
    ask(patient, text="Second question: my ankle is swollen after a fall.")

    with pytest.raises(ValidationError) as exc_info:
        ask(patient, text="Third question: my wrist clicks when I type.")

    assert exc_info.value.code == "daily_limit"
    assert exc_info.value.messages == [messages.QUESTION_DAILY_LIMIT % {"limit": 2}]
    assert Question.objects.count() == 2


def test_daily_limit_counts_only_the_last_day(patient, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.QUESTION_FLOOD_SECONDS = 0
    settings.QUESTION_DAILY_LIMIT = 1
    old = ask(patient, text="First question: my knee hurts when I climb stairs.")
    Question.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))

    assert ask(patient, text="Second question: my ankle is swollen after a fall.").pk


def test_per_address_limit(settings):
    settings.QUESTION_FLOOD_SECONDS = 0
    settings.QUESTION_DAILY_LIMIT_PER_ADDRESS = 2
    ask(
        UserFactory(), text="First question: my knee hurts when I climb stairs.", address="10.1.1.1"
    )
    ask(UserFactory(), text="Second question: my ankle is swollen.", address="10.1.1.1")

    with pytest.raises(ValidationError) as exc_info:
        ask(UserFactory(), text="Third question: my wrist clicks when I type.", address="10.1.1.1")

    assert exc_info.value.code == "address_limit"
    assert exc_info.value.messages == [messages.QUESTION_ADDRESS_LIMIT]
    # Another address is not affected.
    assert ask(UserFactory(), text="Fourth question: my back aches.", address="10.2.2.2").pk
    assert Question.objects.count() == 3


def test_per_network_limit_ignores_staff_and_moderators(settings, staff):
    """Issue 15, point 11: staff testing from the office network used up the network's
    30 questions a day, refusing every patient behind it."""
    settings.QUESTION_FLOOD_SECONDS = 0
    settings.QUESTION_DAILY_LIMIT_PER_ADDRESS = 2
    editor = UserFactory(is_staff=True)  # staff without the moderator's permission
    ask(staff, text="Staff test one: does the ask form still work today?", address="10.1.1.1")
    ask(editor, text="Staff test two: checking the emergency notice here.", address="10.1.1.1")
    ask(staff, text="Staff test three: one more check of the ask form.", address="10.1.1.1")

    assert ask(UserFactory(), text="My knee hurts when I climb stairs.", address="10.1.1.1").pk
    assert ask(UserFactory(), text="My ankle is swollen after a fall.", address="10.1.1.1").pk
    with pytest.raises(ValidationError) as exc_info:
        ask(UserFactory(), text="My wrist clicks when I type all day.", address="10.1.1.1")
    assert exc_info.value.code == "address_limit"


def test_duplicate_question_is_rejected_ignoring_case_and_whitespace(patient, settings):
    settings.QUESTION_FLOOD_SECONDS = 0
    ask(patient)
    shouted = "  " + "   ".join(TEXT.upper().split(" ")) + "\n"

    with pytest.raises(ValidationError) as exc_info:
        ask(patient, text=shouted)

    assert exc_info.value.code == "duplicate"
    assert exc_info.value.messages == [messages.QUESTION_DUPLICATE]
    assert Question.objects.count() == 1


def test_same_text_from_another_account_is_not_a_duplicate(patient, other_patient):
    ask(patient)
    assert ask(other_patient).pk


def test_anonymous_user_cannot_ask():
    with pytest.raises(PermissionDenied):
        ask(AnonymousUser())
    assert not Question.objects.exists()


# --- answer_create ------------------------------------------------------------------------
@pytest.fixture
def question(patient):
    return QuestionFactory(author=patient, text=TEXT)


@pytest.mark.parametrize("who", ["applicant", "patient", "staff"])
def test_only_verified_doctors_can_answer(request, question, who):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)  # the applicant fixture is a DoctorProfile

    with pytest.raises(PermissionDenied, match=permissions.ANSWER_DOCTORS_ONLY):
        answer_create(user=user, question=question, body=ANSWER)

    assert not Answer.objects.exists()
    assert not Notification.objects.exists()
    question.refresh_from_db()
    assert question.answer_count == 0


def test_anonymous_user_cannot_answer(question):
    with pytest.raises(PermissionDenied):
        answer_create(user=AnonymousUser(), question=question, body=ANSWER)
    assert not Answer.objects.exists()


def test_verified_doctor_may_answer_another_patients_private_question(doctor, other_patient):
    private = QuestionFactory(author=other_patient, is_private=True)

    answer = answer_create(user=doctor.user, question=private, body=ANSWER)

    assert answer.question == private
    assert answer.doctor == doctor


def test_answer_updates_count_and_answered_at(question, doctor):
    first = answer_create(user=doctor.user, question=question, body=ANSWER)
    question.refresh_from_db()
    assert question.answer_count == 1
    assert question.answered_at is not None
    first_answered_at = question.answered_at
    assert abs((first_answered_at - first.created_at).total_seconds()) < 5

    answer_create(user=DoctorFactory().user, question=question, body=ANSWER)
    question.refresh_from_db()
    assert question.answer_count == 2
    assert question.answered_at == first_answered_at  # the first answer's time stays


def test_answer_marks_the_question_changed(question, doctor):
    before = question.updated_at

    answer_create(user=doctor.user, question=question, body=ANSWER)

    question.refresh_from_db()
    assert question.updated_at > before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", messages.ANSWER_TOO_SHORT % {"limit_value": 20}),
        ("   Too short here.   ", messages.ANSWER_TOO_SHORT % {"limit_value": 20}),
        ("x" * 5001, messages.ANSWER_TOO_LONG % {"limit_value": 5000, "show_value": 5001}),
    ],
    ids=["empty", "short", "long"],
)
def test_answer_body_length_is_checked(question, doctor, body, message):
    with pytest.raises(ValidationError) as exc_info:
        answer_create(user=doctor.user, question=question, body=body)

    assert exc_info.value.message_dict == {"body": [message]}
    assert not Answer.objects.exists()


def test_a_doctor_answers_a_question_only_once(question, doctor):
    answer_create(user=doctor.user, question=question, body=ANSWER)

    with pytest.raises(ValidationError) as exc_info:
        answer_create(user=doctor.user, question=question, body=ANSWER + " More advice.")

    assert exc_info.value.message_dict == {"body": [messages.ANSWER_DUPLICATE]}
    assert Answer.objects.count() == 1
    question.refresh_from_db()
    assert question.answer_count == 1
    assert Notification.objects.count() == 1


HOSTILE = """Please see **this**.

<script>alert('xss')</script>

<img src="x" onerror="alert('img')">

[click me](javascript:alert('link'))

[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

![pixel](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)

<p style="position:fixed;top:0">covering the page</p>

<iframe src="https://evil.example/frame"></iframe>

<a href="https://example.com/advice" onclick="steal()">advice</a>
"""


def test_answer_body_html_is_sanitised(question, doctor):
    answer = answer_create(user=doctor.user, question=question, body=HOSTILE)

    html = Answer.objects.get(pk=answer.pk).body_html
    lowered = html.lower()
    for forbidden in ("<script", "onerror", "javascript:", "data:", "style=", "<iframe", "<img"):
        assert forbidden not in lowered, forbidden
    assert "onclick" not in lowered
    # What is allowed survives.
    assert "<strong>this</strong>" in html
    assert 'href="https://example.com/advice"' in html
    assert answer.body == HOSTILE.strip()  # the source is kept as written


def test_answer_queues_one_email_after_commit_and_notifies_the_asker(
    question, doctor, patient, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer = answer_create(user=doctor.user, question=question, body=ANSWER)

    assert len(queued_tasks(callbacks)) == 1
    notification = Notification.objects.get()
    assert notification.recipient == patient
    assert notification.kind == Notification.Kind.ANSWER
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert notification.read_at is None
    # The title is the email's subject: no doctor's name (it can reveal a specialty).
    assert notification.title == "A doctor answered your question"
    # The stored link carries no words of the question (issue 15, point 4).
    assert notification.target_path == f"/questions/{question.pk}/#answer-{answer.pk}"
    assert notification.object_id == answer.pk


def test_no_notification_when_a_doctor_answers_their_own_question(
    doctor, django_capture_on_commit_callbacks
):
    own = QuestionFactory(author=doctor.user)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer_create(user=doctor.user, question=own, body=ANSWER)

    assert queued_tasks(callbacks) == []
    assert not Notification.objects.exists()
    assert Answer.objects.filter(question=own, doctor=doctor).exists()


def test_rejected_answer_queues_nothing(question, applicant, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(PermissionDenied),
    ):
        answer_create(user=applicant.user, question=question, body=ANSWER)

    assert queued_tasks(callbacks) == []
