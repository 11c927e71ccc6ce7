"""``{% open_question_cards questions as cards %}``: the open questions on the doctor's
dashboard, ten to a page, each as ``(question, card)``: the card is what the question
is, whose, when it was asked (questions/partials/open_question.html); the page puts the
answer form, with its CSRF token, after it. The cards of public questions are kept
rendered in the shared cache under what they show (portal/pagecache.py: rendered_blocks).
A private question's card, or one moderators hid or hold, is drawn each time and never
kept: a private question's words stay out of the shared cache. "How long ago" is part of
what a card shows, so it is worked out for the identity."""

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from portal import pagecache
from questions.pagecache import may_keep_question

register = template.Library()

CARD_TEMPLATE = "questions/partials/open_question.html"


def open_question_identity(question) -> tuple:
    """Every value questions/partials/open_question.html shows of ``question`` (keep the
    two together)."""
    specialty = question.specialty
    return (
        question.pk,
        question.slug,
        question.is_private,
        question.text,
        question.gender,
        question.age,
        question.answer_count,
        question.in_my_specialties,
        question.unanswered,
        specialty.name if specialty else None,
        question.created_at,
        timezone.get_current_timezone_name(),
        timesince(question.created_at),
        tuple((a.pk, bool(a.thumbnail)) for a in question.attachments.all()),
    )


@register.simple_tag
def open_question_cards(questions) -> list[tuple]:
    questions = list(questions)
    cards = pagecache.rendered_blocks_of(
        CARD_TEMPLATE,
        questions,
        identity=open_question_identity,
        context=lambda question: {"question": question},
        may_keep=may_keep_question,
    )
    # The page lays the card out where its lines stood (strip: the partial's own comment
    # and last line break).
    return [
        (question, pagecache.mark_joined([card.strip()]))
        for question, card in zip(questions, cards, strict=True)
    ]
