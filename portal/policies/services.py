from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from portal.rendering import render_article

from .models import BODY_MAX_LENGTH, PolicyKind, PolicyPage, PolicyVersion

BODY_REQUIRED = "Write the page's text."
BODY_TOO_LONG = f"Keep the page under {BODY_MAX_LENGTH:,} characters."
BODY_UNCHANGED = "The text is the same as the current version: nothing to publish."


def policy_page_ensure(*, kind: str, title: str = "", description: str = "") -> PolicyPage:
    page, _ = PolicyPage.objects.get_or_create(
        kind=kind,
        defaults={"title": title or str(PolicyKind(kind).label), "description": description},
    )
    return page


def policy_version_publish(
    *, page: PolicyPage, body: str, author=None, change_note: str = "", published_at=None
) -> PolicyVersion:
    """Publish a new version of ``page``: the earlier ones stay as they were."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(BODY_REQUIRED)
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(BODY_TOO_LONG)
    with transaction.atomic():
        # Lock the page so two staff publishing at once get numbers 1 and 2, not 1 and 1.
        PolicyPage.objects.select_for_update().get(pk=page.pk)
        current = page.versions.order_by("-number").first()
        if current is not None and current.body == body:
            raise ValidationError(BODY_UNCHANGED)
        number = (page.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        extra = {"published_at": published_at} if published_at else {}
        return PolicyVersion.objects.create(
            page=page,
            number=number,
            body=body,
            body_html=render_article(body).html,
            change_note=change_note.strip(),
            published_by=author if getattr(author, "is_authenticated", False) else None,
            **extra,
        )
