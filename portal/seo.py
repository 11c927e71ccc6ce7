"""Search-engine markup shared by every page: schema.org JSON-LD and breadcrumbs.

Registered as a template builtin (settings.TEMPLATES), so ``{{ data|jsonld }}`` works in
any template without a ``{% load %}``.
"""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the <script>.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data) -> SafeString:
    if not data:
        return mark_safe("")  # noqa: S308 - empty string
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def breadcrumb_list(items: list[tuple[str, str]]) -> dict:
    """schema.org BreadcrumbList from (name, path) pairs."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(path)}
            for i, (name, path) in enumerate(items, start=1)
        ],
    }
