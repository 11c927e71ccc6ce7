"""The policy pages change when staff publish a new version (portal/pagecache.py)."""

from portal import pagecache

from .models import PolicyPage, PolicyVersion


def policy_tags(instance) -> list[str]:
    return ["policies"]


def watch_policies() -> None:
    pagecache.watch(PolicyPage, policy_tags)
    pagecache.watch(PolicyVersion, policy_tags)
