"""Every message a reporter, moderator or doctor reads here; tests assert on these."""

from .models import ACTION_REASON_MAX_LENGTH, NOTE_MAX_LENGTH, PEER_NOTE_MAX_LENGTH

REPORT_THANKS = "Thank you. A moderator will look at your report."
REPORT_DUPLICATE = "You have already reported this, and a moderator has not decided yet."
REPORT_RATE_LIMITED = "You have sent many reports in the last hour. Please try again later."
REPORT_REASON_REQUIRED = "Choose a reason."
REPORT_NOTE_TOO_LONG = f"Keep the note under {NOTE_MAX_LENGTH} characters."
REPORT_CHECK_FAILED = "We could not send this report. Please try again."

MODERATORS_ONLY = "Only moderators can do this."
ACTION_REASON_REQUIRED = "Write the reason the author will read."
ACTION_REASON_TOO_LONG = f"Keep the reason under {ACTION_REASON_MAX_LENGTH} characters."
NOTHING_TO_DISMISS = "There is nothing open to dismiss: these reports were already decided."
ALREADY_HIDDEN = "This is already hidden."
NOT_HIDDEN = "This is already public: there is nothing to restore."
NO_AUTHOR = "This item has no author account to act on."
CANNOT_SUSPEND_STAFF = "Staff accounts cannot be suspended from the queue."
ALREADY_SUSPENDED = "This account is already suspended."

DONE = {
    "dismiss": "Reports dismissed.",
    "approve": "Approved: it is public now.",
    "hide": "Hidden. The author has been told why.",
    "restore": "Restored. The author has been told.",
    "ask_edit": "The author has been asked to edit.",
    "suspend": "The account is suspended.",
    "remove_all": "The account is suspended and everything it posted is hidden.",
}

PEER_NOTE_DOCTORS_ONLY = "Only verified doctors of this answer's specialty can add a peer note."
PEER_NOTE_OWN_ANSWER = "You cannot add a peer note to your own answer."
PEER_NOTE_NOT_REPORTED = "This answer has no open report about its medical accuracy."
PEER_NOTE_DUPLICATE = "You have already added a peer note to this answer."
PEER_NOTE_REQUIRED = "Write your note for the moderators."
PEER_NOTE_TOO_LONG = f"Keep the note under {PEER_NOTE_MAX_LENGTH} characters."
PEER_NOTE_THANKS = "Thank you. The moderators will read your note."

# Notification titles: a link's label, never the item's text (no health text).
NOTIFY_HIDDEN = "Moderators hid your {label}"
NOTIFY_RESTORED = "Moderators restored your {label}"
NOTIFY_ASK_EDIT = "Moderators ask you to edit your {label}"
NOTIFY_SUSPENDED = "Your account has been suspended"
NOTIFY_APPROVED = "Your {label} is now public"
NOTIFY_PEER_NOTE = "An answer in your specialty was reported: add a peer note"
NOTIFY_SELF_HARM = "Urgent: a new question may mention self-harm"
NOTIFY_HELD = "A new {label} is waiting in the moderation queue"
