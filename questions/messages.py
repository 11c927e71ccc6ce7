"""What asking and answering say when input is refused: one wording shared by the forms
and the services, which the tests assert on.

Length messages take Django's ``%(limit_value)d`` and ``%(show_value)d`` so that a form
field's length validator and the service fill in the same text; the limits themselves
are in the settings' "Portal rules" group, the age range on questions.models. Refusals of
permission are in questions.permissions.
"""

from django.utils.translation import gettext_lazy, gettext_noop

QUESTION_REQUIRED = gettext_noop("Please type your question.")
QUESTION_TOO_SHORT = gettext_noop(
    "Please describe your question in at least %(limit_value)d characters so a doctor can "
    "help (it has %(show_value)d)."
)
QUESTION_TOO_LONG = gettext_noop(
    "Please keep your question under %(limit_value)d characters (it has %(show_value)d)."
)
QUESTION_TOO_MANY_LINKS = gettext_noop(
    "Please remove the links: questions may hold at most %(limit_value)d."
)
AGE_REQUIRED = gettext_noop("Please enter the patient's age.")
AGE_NOT_A_NUMBER = gettext_noop("Enter the age as a whole number, for example 42.")
GENDER_REQUIRED = gettext_noop("Please choose a gender.")
GENDER_INVALID = gettext_noop("Please choose a gender from the list.")

QUESTION_FLOOD = gettext_noop(
    "You asked a question moments ago. Please wait %(wait)d seconds before asking "
    "another; your text is kept below."
)
QUESTION_DAILY_LIMIT = gettext_noop(
    "You have asked %(limit)d questions today, the daily limit. Please come back "
    "tomorrow; your text is kept below."
)
QUESTION_ADDRESS_LIMIT = gettext_noop(
    "Too many questions have been asked from your network today. Please try again "
    "tomorrow; your text is kept below."
)
QUESTION_DUPLICATE = gettext_noop(
    "You have already asked this question. You will be notified when a doctor answers it."
)

ANSWER_REQUIRED = gettext_noop("Please write your answer.")
ANSWER_TOO_SHORT = gettext_noop("Please write at least %(limit_value)d characters.")
ANSWER_TOO_LONG = gettext_noop(
    "Please keep answers under %(limit_value)d characters (it has %(show_value)d)."
)
ANSWER_DUPLICATE = gettext_noop("You have already answered this question.")

# Automatic signals (portal/screening.py) and the self-harm alert.
QUESTION_WAITING = gettext_noop(
    "Your question is waiting for a moderator and will be public once checked, usually "
    "within a day. We will tell you when a doctor answers."
)
ANSWER_WAITING = gettext_noop("Your answer is waiting for a moderator: it is mostly a link.")
SELF_HARM_ALERT = gettext_noop("Urgent: a new question may mention self-harm")
# Attachments (questions.attachments): each names the file it is about.
ATTACHMENT_EMPTY = gettext_noop("“%(name)s” is empty. Choose the photo or report again.")
ATTACHMENT_TOO_LARGE = gettext_noop(
    "“%(name)s” is %(size)s; each file may be at most %(limit)s. Try a smaller photo or a "
    "scan of fewer pages."
)
ATTACHMENT_BAD_TYPE = gettext_noop(
    "“%(name)s” is not a photo or PDF we can take: attach JPEG or PNG photos, or PDF reports."
)
ATTACHMENT_PDF_ACTIVE = gettext_noop(
    "“%(name)s” contains scripts or embedded files, which we do not accept for safety. "
    "Print it to a new PDF or attach a photo of the pages."
)
ATTACHMENT_PDF_UNREADABLE = gettext_noop(
    "“%(name)s” could not be read as a PDF: it may be damaged or not a PDF at all. Save or "
    "print it to a new PDF, or attach photos of the pages."
)
ATTACHMENT_PDF_ENCRYPTED = gettext_noop(
    "“%(name)s” is protected by a password, so the doctors could not open it. Save a copy "
    "without the password, or attach photos of the pages."
)
ATTACHMENT_TOO_MANY = gettext_noop(
    "A question may have at most %(limit)d photos or reports; this would make %(total)d. "
    "Choose the most useful ones."
)
ATTACHMENT_ANSWERED = gettext_noop(
    "Photos and reports can only be added while the question is unanswered."
)
ATTACHMENTS_KEPT = gettext_noop(
    "The files that passed the checks are kept (listed below); you do not need to choose "
    "them again."
)
ATTACHMENTS_AFTER_SIGNUP = gettext_noop(
    "Photos and reports cannot travel through sign-up: once your question is posted, add "
    "them again from its page (only doctors will see them)."
)

# Follow-ups and replies.
FOLLOW_UP_REQUIRED = gettext_noop("Please write your follow-up.")
FOLLOW_UP_TOO_SHORT = gettext_noop(
    "Please write at least %(limit_value)d characters (it has %(show_value)d)."
)
FOLLOW_UP_TOO_LONG = gettext_noop(
    "Please keep it under %(limit_value)d characters (it has %(show_value)d)."
)
FOLLOW_UP_DUPLICATE = gettext_noop("You have already sent this doctor your one follow-up.")
FOLLOW_UP_REPLY_DUPLICATE = gettext_noop("You have already replied to this follow-up.")

RESOLUTION_INVALID = gettext_noop("Please choose yes, partly or no.")


# Notification titles are also email subjects, read on a lock screen: they name neither
# the doctor (a name can reveal a specialty) nor the question. The portal's own list names
# both (questions.notification_labels), behind login.
NOTIFY_ANSWERED = gettext_noop("A doctor answered your question")
NOTIFY_FOLLOW_UP = gettext_noop("A patient sent a follow-up to your answer")
NOTIFY_FOLLOW_UP_REPLY = gettext_noop("A doctor replied to your follow-up")
PORTAL_ANSWERED = gettext_lazy("{doctor} answered “{question}”")
PORTAL_FOLLOW_UP = gettext_lazy("A follow-up to your answer on “{question}”")
PORTAL_FOLLOW_UP_REPLY = gettext_lazy("{doctor} replied to your follow-up on “{question}”")
