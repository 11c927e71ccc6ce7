"""``{% open_question_cards questions as cards %}``: the open questions on the doctor's
dashboard, ten to a page, each as ``(question, card)``: the card is what the question
is, whose, when it was asked (questions/partials/open_question.html); the page puts the
answer form, with its CSRF token, after it. The cards of public questions are kept
rendered in the shared cache under what they show (portal/pagecache.py: rendered_blocks).
A private question's card, or one moderators hid or hold, is drawn each time and never
kept: a private question's words stay out of the shared cache. "How long ago" is part of
what a card shows, so it is worked out for the identity."""

from django import template
from django.template.loader import get_template
from django.utils import timezone
from django.utils.timesince import timesince

from portal import pagecache
from portal.visibility import Visibility

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


def _may_keep(question) -> bool:
    """A private question's words stay out of the shared cache, as hidden ones do."""
    return question.visibility == Visibility.VISIBLE and not question.is_private


@register.simple_tag
def open_question_cards(questions) -> list[tuple]:
    questions = list(questions)
    kept = iter(
        pagecache.rendered_blocks(
            CARD_TEMPLATE,
            [(open_question_identity(q), {"question": q}) for q in questions if _may_keep(q)],
        )
    )
    card = get_template(CARD_TEMPLATE)
    return [
        (
            question,
            # The page lays the card out where its lines stood (strip: the partial's own
            # comment and last line break).
            pagecache.mark_joined(
                [
                    (
                        next(kept) if _may_keep(question) else card.render({"question": question})
                    ).strip()
                ]
            ),
        )
        for question in questions
    ]
