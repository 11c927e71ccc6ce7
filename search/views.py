from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET

from portal.pagination import page_of
from portal.search import QUERY_MAX_LENGTH, search_for
from portal.taxonomy.models import City, Specialty
from questions.selectors import SEARCH_CANDIDATES

from .selectors import (
    KIND_LABELS,
    KIND_MAX_ROWS,
    Kind,
    SiteSearch,
    filter_choices,
    matching_specialty_list,
    spelling_suggestions,
    suggestion_list,
)

PAGE_SIZE = 20
# English here (tests compare them); translated where the page is built.
NO_RESULTS = gettext_noop("Nothing on the portal matches your search.")
EMPTY_QUERY = gettext_noop(
    "Type a word or two to search questions, articles, doctors, hospitals and costs."
)

# Search words are health text: the page is never indexed or cached by anyone but the
# visitor's browser, and links out of it do not carry the query in a Referer.
_PRIVATE_HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Robots-Tag": "noindex",
    "Cache-Control": "private, no-store",
}


def _by_slug(model, value: str):
    if not value or not slug_re.fullmatch(value):
        return None
    return model.objects.filter(slug=value).first()


@require_GET
def search_view(request):
    raw = request.GET.get("q", "")[: QUERY_MAX_LENGTH * 10]
    search = search_for(raw)
    kind = request.GET.get("kind", "")
    kind = kind if kind in KIND_LABELS else ""
    specialty = _by_slug(Specialty, request.GET.get("specialty", ""))
    city = _by_slug(City, request.GET.get("city", ""))
    context = {
        "q": search.text if search else "",
        "search_q": search.text if search else "",
        "kind": kind,
        "kinds": KIND_LABELS,
        "specialty": specialty,
        "city": city,
        **filter_choices(),
        "message": _(EMPTY_QUERY) if search is None else "",
        "candidates": SEARCH_CANDIDATES,
    }
    if search is not None:
        site = SiteSearch(search, specialty=specialty, city=city)
        if not kind:
            groups = site.groups()
            context["groups"] = groups
            total = sum(g.total for g in groups)
        elif kind == Kind.QUESTIONS:
            page = page_of(request, site.question_ids, PAGE_SIZE, paginator_class=Paginator)
            page.object_list = site.questions(list(page.object_list))
            context["page_obj"] = page
            total = page.paginator.count
        else:
            page = page_of(
                request, site.rows(kind, KIND_MAX_ROWS), PAGE_SIZE, paginator_class=Paginator
            )
            context["page_obj"] = page
            total = page.paginator.count
        context["total"] = total
        if total == 0:
            context["message"] = _(NO_RESULTS)
            context["spellings"] = spelling_suggestions(search)
            context["matching_specialties"] = matching_specialty_list(search)
    response = render(request, "search/search.html", context)
    for header, value in _PRIVATE_HEADERS.items():
        response[header] = value
    return response


@require_GET
def suggest_view(request):
    """Suggestions for the header box while typing: JSON, never cached or logged."""
    results = [
        {"label": s.label, "kind": s.kind, "url": s.url}
        for s in suggestion_list(request.GET.get("q", "")[:100])
    ]
    return JsonResponse({"results": results}, headers=_PRIVATE_HEADERS)
