"""Control characters in the admin's query strings: refused in one place, for every admin.

A NUL byte in a search (``?q=``), an autocomplete term (``?term=``) or a filter value
reaches PostgreSQL, which refuses it ("A string literal cannot contain NUL"), and the
admin answered 500. No search, filter or term has a use for a control character, so any
request under the admin whose query string holds one (C0 controls, DEL and C1 controls,
in a name or a value) is answered 400 with a plain message, before a view runs: the
autocomplete gets the JSON error it can show, a page gets a short HTML page.
"""

import re

from django.http import HttpResponse, JsonResponse
from django.utils.html import escape

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
REFUSED = (
    "The search holds a control character (such as a NUL byte) that no search can use. "
    "Remove it and search again."
)


def has_control_characters(query_dict) -> bool:
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in query_dict.lists()
    )


class AdminQueryControlCharactersMiddleware:
    """Runs once the URL is resolved, so "the admin" is whatever the admin site's
    namespace serves, at any prefix."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces:
            return None
        if not has_control_characters(request.GET):
            return None
        if match.url_name == "autocomplete":
            return JsonResponse({"error": REFUSED, "results": []}, status=400)
        return HttpResponse(
            f"<!DOCTYPE html><title>Search refused</title><p>{escape(REFUSED)}</p>",
            status=400,
        )
