from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.pagecache import public_page

from .models import PolicyKind, PolicyPage
from .selectors import policy_current_version
from .structured_data import policy_breadcrumbs, policy_jsonld


def _grievance_officer() -> dict:
    return {
        "name": settings.GRIEVANCE_OFFICER_NAME,
        "email": settings.GRIEVANCE_OFFICER_EMAIL,
        "address": settings.GRIEVANCE_OFFICER_ADDRESS,
        "response_days": settings.GRIEVANCE_RESPONSE_DAYS,
    }


@require_GET
@public_page("policies")
def policy_view(request, kind: str):
    if kind not in PolicyKind.values:
        raise Http404("No such page")
    page = PolicyPage.objects.filter(kind=kind).first() or PolicyPage(
        kind=kind, title=str(PolicyKind(kind).label)
    )
    version = policy_current_version(kind=kind) if page.pk else None
    return render(
        request,
        "policies/page.html",
        {
            "page": page,
            "version": version,
            "is_contact": kind == PolicyKind.CONTACT,
            "grievance_officer": _grievance_officer(),
            "breadcrumbs": policy_breadcrumbs(page),
            "jsonld": policy_jsonld(page, version),
        },
    )
