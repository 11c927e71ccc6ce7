"""``{% question_cards questions %}``: answered-question cards, each kept rendered in the
shared cache under what it shows (portal/pagecache.py: rendered_blocks). A card costs
about a millisecond of template work; a list of twenty was most of a list page's render."""

from django import template

from doctors.pagecache import badge_identity
from portal import pagecache
from questions.pagecache import declare_question_cards, may_keep_question
from questions.selectors import card_answers_attach

register = template.Library()

CARD_TEMPLATE = "partials/question_card.html"
BADGE_TEMPLATE = "partials/doctor_badge.html"


def card_identity(question, by_doctor=None, heading_level=None) -> tuple:
    """Every value partials/question_card.html shows of ``question`` (keep the two
    together): the answers it shows are those it picks, by_doctor's or the first."""
    answers = question.card_answers
    if by_doctor is not None:
        shown = [answer for answer in answers if answer.doctor_id == by_doctor.pk]
    else:
        shown = answers[:1]
    specialty = question.specialty
    return (
        question.pk,
        question.slug,
        question.is_private,
        question.text,
        question.language,
        question.gender,
        question.age,
        question.answered_at,
        question.answer_count,
        (specialty.pk, specialty.slug, specialty.name) if specialty else None,
        tuple((answer.pk, answer.body_html, badge_identity(answer.doctor)) for answer in shown),
        by_doctor is not None,
        heading_level,
    )


def card_blocks(questions, by_doctor=None, heading_level=None) -> list[str]:
    """The cards of ``questions``, each as its own block of HTML (their answers read in
    one query where a view has not read them: selectors.card_answers_attach). Only a
    public question's card is kept (every list showing cards is public); a private or
    hidden one is drawn each time, its words never in the shared cache."""
    badges = {}  # card_badge: each doctor's badge drawn once for all these cards
    return pagecache.rendered_blocks_of(
        CARD_TEMPLATE,
        card_answers_attach(questions),
        identity=lambda question: card_identity(question, by_doctor, heading_level),
        context=lambda question: {
            "question": question,
            "by_doctor": by_doctor,
            "heading_level": heading_level or 3,
            "card_badges": badges,
        },
        may_keep=may_keep_question,
    )


@register.simple_tag(takes_context=True)
def card_badge(context, doctor):
    """partials/doctor_badge.html for a card's doctor (small, without specialties), drawn
    once per doctor for the cards drawn together (card_blocks): the cards of a doctor's
    profile all show that doctor. The badge shows nothing but what badge_identity names."""
    badges = context.get("card_badges")
    key = badge_identity(doctor)
    if badges is not None and key in badges:
        return badges[key]
    badge = context.template.engine.get_template(BADGE_TEMPLATE)
    html = badge.render(context.new({"doctor": doctor, "specialties": False, "size": ""}))
    if badges is not None:
        badges[key] = html
    return html


def kept_cards(
    name: str,
    questions,
    *,
    tags: list[str],
    heading_level=None,
) -> str:
    """The cards of ``questions`` (a queryset, a slice of one, or a function returning
    the list: read only when they are drawn) one after another, kept for visitors as one
    part under ``name`` (pagecache.captured): a list page shown again at another address,
    or to the next visitor, reads them in one round trip and no query. ``tags`` name the
    list; the part is stale when one moves on, when a card's doctor or the taxonomy (a
    card's specialty) changes, or when a card doctor's verification ends."""

    def compute() -> str:
        pagecache.depends_on("taxonomy", *tags)  # before the rows are read
        shown = list(questions() if callable(questions) else questions)
        declare_question_cards(shown)
        return "".join(card_blocks(shown, heading_level=heading_level))

    return pagecache.mark_joined([pagecache.captured(name, compute)])


@register.simple_tag
def question_cards(questions, by_doctor=None, heading_level=None):
    """The cards of ``questions`` one after another (card_blocks)."""
    return pagecache.mark_joined(card_blocks(questions, by_doctor, heading_level))
