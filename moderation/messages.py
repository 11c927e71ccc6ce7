"""Every message a reporter, moderator or doctor reads here.

``messages.NAME`` is the message in the active language: the English texts below are the
catalogue's msgids, and tests (which run in English) assert on the same names. Code that
runs at import time (a form's ``error_messages``) takes ``lazy("NAME")`` instead.
"""

from django.utils.functional import lazy as make_lazy
from django.utils.translation import gettext, gettext_noop

from .models import ACTION_REASON_MAX_LENGTH, NOTE_MAX_LENGTH, PEER_NOTE_MAX_LENGTH

_TEXTS = {
    "REPORT_THANKS": gettext_noop("Thank you. A moderator will look at your report."),
    "REPORT_DUPLICATE": gettext_noop(
        "You have already reported this, and a moderator has not decided yet."
    ),
    "REPORT_RATE_LIMITED": gettext_noop(
        "You have sent many reports in the last hour. Please try again later."
    ),
    "REPORT_REASON_REQUIRED": gettext_noop("Choose a reason."),
    "REPORT_NOTE_TOO_LONG": gettext_noop("Keep the note under %(limit)s characters."),
    "REPORT_CHECK_FAILED": gettext_noop("We could not send this report. Please try again."),
    "MODERATORS_ONLY": gettext_noop("Only moderators can do this."),
    "ACTION_REASON_REQUIRED": gettext_noop("Write the reason the author will read."),
    "ACTION_REASON_TOO_LONG": gettext_noop("Keep the reason under %(limit)s characters."),
    "NOTHING_TO_DISMISS": gettext_noop(
        "There is nothing open to dismiss: these reports were already decided."
    ),
    "ALREADY_HIDDEN": gettext_noop("This is already hidden."),
    "NOT_HIDDEN": gettext_noop("This is already public: there is nothing to restore."),
    "NO_AUTHOR": gettext_noop("This item has no author account to act on."),
    "CANNOT_SUSPEND_STAFF": gettext_noop("Staff accounts cannot be suspended from the queue."),
    "ALREADY_SUSPENDED": gettext_noop("This account is already suspended."),
    "PEER_NOTE_DOCTORS_ONLY": gettext_noop(
        "Only verified doctors of this answer's specialty can add a peer note."
    ),
    "PEER_NOTE_OWN_ANSWER": gettext_noop("You cannot add a peer note to your own answer."),
    "PEER_NOTE_NOT_REPORTED": gettext_noop(
        "This answer has no open report about its medical accuracy."
    ),
    "PEER_NOTE_DUPLICATE": gettext_noop("You have already added a peer note to this answer."),
    "PEER_NOTE_REQUIRED": gettext_noop("Write your note for the moderators."),
    "PEER_NOTE_TOO_LONG": gettext_noop("Keep the note under %(limit)s characters."),
    "PEER_NOTE_THANKS": gettext_noop("Thank you. The moderators will read your note."),
}
_LIMITS = {
    "REPORT_NOTE_TOO_LONG": NOTE_MAX_LENGTH,
    "ACTION_REASON_TOO_LONG": ACTION_REASON_MAX_LENGTH,
    "PEER_NOTE_TOO_LONG": PEER_NOTE_MAX_LENGTH,
}

# The flash message after each decision.
_DONE = {
    "dismiss": gettext_noop("Reports dismissed."),
    "approve": gettext_noop("Approved: it is public now."),
    "hide": gettext_noop("Hidden. The author has been told why."),
    "restore": gettext_noop("Restored. The author has been told."),
    "ask_edit": gettext_noop("The author has been asked to edit."),
    "suspend": gettext_noop("The account is suspended."),
    "remove_all": gettext_noop("The account is suspended and everything it posted is hidden."),
}

# Notification titles: a link's label, never the item's text (no health text). They are
# stored with the notification, so they stay in English here (see the i18n notes).
NOTIFY_HIDDEN = "Moderators hid your {label}"
NOTIFY_RESTORED = "Moderators restored your {label}"
NOTIFY_ASK_EDIT = "Moderators ask you to edit your {label}"
NOTIFY_SUSPENDED = "Your account has been suspended"
NOTIFY_APPROVED = "Your {label} is now public"
NOTIFY_PEER_NOTE = "An answer in your specialty was reported: add a peer note"
NOTIFY_SELF_HARM = "Urgent: a new question may mention self-harm"
NOTIFY_HELD = "A new {label} is waiting in the moderation queue"


def _text(name: str, translate) -> str:
    text = translate(_TEXTS[name])
    return text % {"limit": _LIMITS[name]} if name in _LIMITS else text


def __getattr__(name: str):
    if name == "DONE":
        return {action: gettext(text) for action, text in _DONE.items()}
    if name not in _TEXTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _text(name, gettext)


def lazy(name: str):
    """The message, translated when it is read rather than now."""
    return make_lazy(lambda: _text(name, gettext), str)()
