from .models import PolicyKind, PolicyPage, PolicyVersion


def policy_current_version(*, kind: str) -> PolicyVersion | None:
    """The page's newest version (its text and "last updated"), or None if none is
    published yet."""
    return (
        PolicyVersion.objects.select_related("page")
        .filter(page__kind=kind)
        .order_by("-number")
        .first()
    )


def privacy_policy_current_version() -> PolicyVersion | None:
    """THE privacy policy in force: what a consent record must point at."""
    return policy_current_version(kind=PolicyKind.PRIVACY)


def policy_page_get(*, kind: str) -> PolicyPage:
    return PolicyPage.objects.get(kind=kind)


def policy_version_list(*, kind: str):
    return PolicyVersion.objects.filter(page__kind=kind).order_by("-number")
