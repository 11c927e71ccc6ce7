"""``{% answer_rows answers %}``: the rows of a doctor's "My answers" tab, twenty to a
page. A row costs a few tenths of a millisecond of template work (the asker's label, the
shortened text, the date in the reader's format, the link), most of that tab's render;
the rows of public questions are kept rendered in the shared cache under what they show
(portal/pagecache.py: rendered_blocks). A row of a private question, or of one moderators
hid or hold, is drawn each time and never kept."""

from django import template
from django.utils import timezone

from portal import pagecache
from questions.pagecache import may_keep_question

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


@register.simple_tag
def answer_rows(answers) -> str:
    """The rows of ``answers`` (with question and specialty), one after another, laid
    out as the dashboard's list was when it drew them in a loop."""
    rows = pagecache.rendered_blocks_of(
        ROW_TEMPLATE,
        answers,
        identity=answer_row_identity,
        context=lambda answer: {"answer": answer},
        may_keep=lambda answer: may_keep_question(answer.question),
    )
    return pagecache.mark_joined(f"\n    {html.strip()}\n    " for html in rows)
