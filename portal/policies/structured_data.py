from django.utils.translation import gettext as _

from portal.seo import absolute, breadcrumb_list

from .models import SCHEMA_TYPES, PolicyPage, PolicyVersion


def policy_breadcrumbs(page: PolicyPage) -> list[tuple[str, str]]:
    return [(_("Home"), "/"), (page.title, page.get_absolute_url())]


def policy_jsonld(page: PolicyPage, version: PolicyVersion | None) -> list[dict]:
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(page.kind, "WebPage"),
        "name": page.title,
        "url": absolute(page.get_absolute_url()),
    }
    if page.description:
        data["description"] = page.description
    if version is not None:
        data["dateModified"] = version.published_at.isoformat()
        data["version"] = str(version.number)
    return [data, breadcrumb_list(policy_breadcrumbs(page))]
