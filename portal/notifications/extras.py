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
