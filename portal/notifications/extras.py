"""What an app above ``portal`` adds to its notifications' emails: attachments (a
consultation's .ics) and the line saying why the recipient gets the email.

An app registers a builder for the kinds it owns (a prefix such as ``consult_``) in its
AppConfig.ready; the email task asks here, so the outbox stays below every app and never
imports one. A builder takes the Notification and returns EmailExtras; it reads fresh rows
by ``notification.object_id`` and never puts health text in what it returns.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EmailExtras:
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)
    why: str = ""


_BUILDERS: dict[str, Callable] = {}


def email_extras_register(*, prefix: str, builder: Callable) -> None:
    _BUILDERS[prefix] = builder


def email_extras_for(notification) -> EmailExtras:
    for prefix, builder in _BUILDERS.items():
        if notification.kind.startswith(prefix):
            return builder(notification)
    return EmailExtras()


# --- What the portal's own list shows -----------------------------------------------------
# Behind login the list may name what a notification is about ("Dr. X answered “…”"); the
# stored title, which is also the email's subject, stays neutral. An app registers a
# builder for the kinds it owns; it takes the page's notifications and returns
# ``{notification pk: label}`` in a fixed number of queries, leaving out any it cannot
# (or may no longer) name, which keep their stored title.
_LABEL_BUILDERS: dict[str, Callable] = {}


def portal_labels_register(*, kind: str, builder: Callable) -> None:
    _LABEL_BUILDERS[kind] = builder


def portal_labels_for(notifications) -> dict[int, str]:
    by_kind: dict[str, list] = {}
    for notification in notifications:
        if notification.kind in _LABEL_BUILDERS and notification.object_id is not None:
            by_kind.setdefault(notification.kind, []).append(notification)
    labels: dict[int, str] = {}
    for kind, rows in by_kind.items():
        labels.update(_LABEL_BUILDERS[kind](rows))
    return labels
