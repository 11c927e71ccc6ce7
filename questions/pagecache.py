"""Which cached pages show a question, an answer and what hangs off them
(portal/pagecache.py): the question's page, the answered lists (all, and its
specialty's), and the answering doctors' figures and lists on their profiles."""

from doctors.pagecache import declare_doctors
from portal import pagecache

from .models import Agreement, Answer, Attachment, FollowUp, Question, Thanks


def question_list_tags(specialty_id: int | None) -> list[str]:
    return ["questions", f"questions-in:{specialty_id}"]


def question_tags(question: Question) -> list[str]:
    """Its page; once answered, the lists too and the answering doctors' pages (an
    unanswered question is on no list: asking one leaves the home page cached)."""
    tags = [f"question:{question.pk}"]
    if question.answer_count or question.answered_at is not None:
        tags += question_list_tags(question.specialty_id)
    if question.pk is not None and question.answer_count:
        doctor_ids = Answer.objects.filter(question_id=question.pk).values_list(
            "doctor_id", flat=True
        )
        tags += [f"doctor-answers:{pk}" for pk in doctor_ids]
    return tags


def answer_tags(answer: Answer) -> list[str]:
    specialty_id = (
        Question.objects.filter(pk=answer.question_id)
        .values_list("specialty_id", flat=True)
        .first()
    )
    return [
        f"question:{answer.question_id}",
        *question_list_tags(specialty_id),
        f"doctor-answers:{answer.doctor_id}",
    ]


def _on_answer(answer_id: int) -> list[str]:
    """The question's page and the answering doctor's figures (thanks, agreements)."""
    row = Answer.objects.filter(pk=answer_id).values("question_id", "doctor_id").first()
    if row is None:
        return []
    return [f"question:{row['question_id']}", f"doctor-answers:{row['doctor_id']}"]


def thanks_tags(thanks: Thanks) -> list[str]:
    return _on_answer(thanks.answer_id)


def agreement_tags(agreement: Agreement) -> list[str]:
    return [*_on_answer(agreement.answer_id), f"doctor-answers:{agreement.doctor_id}"]


def follow_up_tags(follow_up: FollowUp) -> list[str]:
    return _on_answer(follow_up.answer_id)[:1]


def attachment_tags(attachment: Attachment) -> list[str]:
    return [f"question:{attachment.question_id}"] if attachment.question_id else []


def may_keep_question(question) -> bool:
    """Whether a block showing ``question``'s words may go to the shared cache: not a
    private question, nor one moderators hid or hold."""
    return question.is_public and not question.is_private


def declare_question_cards(questions, *tags: str) -> None:
    """The page being rendered shows these question cards, with their doctors' badges:
    reads their answers (selectors.card_answers_attach, one query for the list) and names
    the doctors (stale when one changes, and no later than when one's verification ends),
    with ``tags``, in one round trip."""
    from .selectors import card_answers_attach

    doctors = {
        answer.doctor_id: answer.doctor
        for question in card_answers_attach(questions)
        for answer in question.card_answers
    }
    declare_doctors(doctors.values(), *tags)


def watch_questions() -> None:
    pagecache.watch(Question, question_tags)
    pagecache.watch(Answer, answer_tags)
    pagecache.watch(Thanks, thanks_tags)
    pagecache.watch(Agreement, agreement_tags)
    pagecache.watch(FollowUp, follow_up_tags)
    pagecache.watch(Attachment, attachment_tags)
