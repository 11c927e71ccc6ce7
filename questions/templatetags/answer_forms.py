"""``{% answer_form question form next compact=True %}``: the answer form of each question
on the doctor's dashboard, ten to a page. The form is the same for every question there
(empty, one CSRF token, one ``next``) but for the question's id, so it is drawn once per
page with a stand-in id and each question gets a copy with its own id put in; a form
sent back with errors, or any value that could hold the stand-in, is drawn as usual."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

FORM_TEMPLATE = "questions/partials/answer_form.html"
# No real question has this id; a drawing that shows it anywhere but where the
# question's id goes is never copied (see _may_copy).
STAND_IN = 9_081_726_354_627_182


class _StandIn:
    pk = STAND_IN


def _draw(context, question, form, next_url, compact) -> str:
    """What ``{% include FORM_TEMPLATE with form=... next=... compact=... %}`` gives."""
    partial = context.template.engine.get_template(FORM_TEMPLATE)
    with context.push(question=question, form=form, next=next_url, compact=compact):
        return partial.render(context)


def _may_copy(form, next_url, context) -> bool:
    stand_in = str(STAND_IN)
    return not (
        form.is_bound
        or form.initial
        or stand_in in str(next_url)
        or stand_in in str(context.get("csrf_token", ""))
    )


@register.simple_tag(takes_context=True)
def answer_form(context, question, form, next_url, compact=False) -> str:
    if not _may_copy(form, next_url, context):
        return _draw(context, question, form, next_url, compact)
    drawn = context.render_context.setdefault("answer_forms", {})
    key = (id(form), str(next_url), compact)
    if key not in drawn:
        drawn[key] = _draw(context, _StandIn, form, next_url, compact)
    # The drawing is our own template's output; the id put in is an integer.
    return mark_safe(drawn[key].replace(str(STAND_IN), str(int(question.pk))))  # noqa: S308
