"""``{% kept_ask_form similar_heading="h3" as kept %}``: the home page's ask form, kept
rendered in the shared cache where it is the same for every visitor: an empty form on a
page that may be stored, whose CSRF token renders nothing (portal/pagecache.py). Its
select boxes and widgets were a third of the home page's render. Anywhere else (a
signed-in user's form with its token, a form sent back with errors) ``kept`` is empty
and the page includes the form as usual."""

from django import template
from django.conf import settings

from portal import pagecache
from portal.taxonomy.selectors import specialty_list

from ..emergency import EMERGENCY_NUMBERS, EMERGENCY_PHRASES
from ..models import Attachment

register = template.Library()

FORM_TEMPLATE = "questions/partials/ask_form.html"


def form_identity(form, similar_heading) -> tuple:
    """Every value questions/partials/ask_form.html shows of an empty form for a visitor
    (keep the two together): the specialties to choose from are the only data."""
    return (
        similar_heading,
        "consent" in form.fields,
        tuple((str(value), str(label)) for value, label in form.fields["specialty"].choices),
        settings.QUESTION_MIN_LENGTH,
        settings.QUESTION_MAX_LENGTH,
        Attachment.MAX_PER_QUESTION,
        Attachment.MAX_BYTES,
        EMERGENCY_NUMBERS,
        EMERGENCY_PHRASES,
    )


@register.simple_tag(takes_context=True)
def kept_ask_form(context, similar_heading=None) -> str:
    form = context.get("form")
    request = context.get("request")
    if (
        form is None
        or getattr(request, "page_cache", None) is None  # a session's page: its own token
        or request.user.is_authenticated
        or form.is_bound
        or form.initial
        or context.get("kept_attachments")
    ):
        return ""
    # The specialties read once, for the identity and the select box alike, from the
    # specialty list the page cache keeps (the field's own queryset, Specialty by name,
    # would be a query each time, and its iterator a server-side cursor: three round trips).
    field = form.fields["specialty"]
    choice = field.iterator(field).choice
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = [*empty, *(choice(specialty) for specialty in specialty_list())]
    values = {
        "form": form,
        "similar_heading": similar_heading,
        "emergency_numbers": context.get("emergency_numbers"),
        "emergency_phrases": context.get("emergency_phrases"),
        # All the template reads of the request's context on such a page: a visitor,
        # and the token that renders nothing.
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }
    block = (form_identity(form, similar_heading), values)
    return pagecache.rendered_blocks(FORM_TEMPLATE, [block])[0]
