"""``{% answer_rows answers %}``: the rows of a doctor's "My answers" tab, twenty to a
page. A row costs a few tenths of a millisecond of template work (the asker's label, the
shortened text, the date in the reader's format, the link), most of that tab's render;
the rows of public questions are kept rendered in the shared cache under what they show
(portal/pagecache.py: rendered_blocks). A row of a private question, or of one moderators
hid or hold, is drawn each time and never kept."""

from django import template
from django.template.loader import get_template
from django.utils import timezone

from portal import pagecache
from portal.visibility import Visibility

register = template.Library()

ROW_TEMPLATE = "questions/partials/answer_row.html"


def answer_row_identity(answer) -> tuple:
    """Every value questions/partials/answer_row.html shows of ``answer`` (keep the two
    together). The date is shown on the reader's clock, so the time zone is in it too."""
    question = answer.question
    specialty = question.specialty
    return (
        answer.pk,
        answer.created_at,
        timezone.get_current_timezone_name(),
        question.pk,
        question.slug,
        question.is_private,
        question.text,
        question.gender,
        question.age,
        specialty.name if specialty else None,
    )


def _may_keep(answer) -> bool:
    """A private question's words stay out of the shared cache, as hidden ones do."""
    question = answer.question
    return question.visibility == Visibility.VISIBLE and not question.is_private


@register.simple_tag
def answer_rows(answers) -> str:
    """The rows of ``answers`` (with question and specialty), one after another, laid
    out as the dashboard's list was when it drew them in a loop."""
    answers = list(answers)
    kept = iter(
        pagecache.rendered_blocks(
            ROW_TEMPLATE,
            [(answer_row_identity(a), {"answer": a}) for a in answers if _may_keep(a)],
        )
    )
    row = get_template(ROW_TEMPLATE)
    rows = [next(kept) if _may_keep(a) else row.render({"answer": a}) for a in answers]
    return pagecache.mark_joined(f"\n    {html.strip()}\n    " for html in rows)
