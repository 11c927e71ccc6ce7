"""Every message a person reads from the consultations and quote desks.

``msg.NAME`` is the message in the active language: the English texts below are the
catalogue's msgids, and tests (which run in English) assert on the same names. Code that
runs at import time (a form's ``error_messages``) takes ``lazy("NAME")`` instead."""

from django.utils.translation import gettext, gettext_lazy, gettext_noop

_TEXTS = {
    "SLOT_NOT_FREE": gettext_noop(
        "That time is not free: it may have just been taken, be in the past, be outside the "
        "doctor's hours or beyond how far ahead they take bookings. Please pick another time."
    ),
    "DOCTOR_NOT_BOOKABLE": gettext_noop(
        "This doctor does not take consultation bookings at the moment."
    ),
    "NO_SELF_BOOKING": gettext_noop("You cannot book a consultation with yourself."),
    "HOLD_EXPIRED": gettext_noop(
        "We held this time for you for {minutes} minutes and the hold has run out. "
        "Please pick a time again."
    ),
    "REASON_TOO_SHORT": gettext_noop("Tell the doctor a little more: at least {limit} characters."),
    "REASON_TOO_LONG": gettext_noop(
        "Please keep the reason under {limit} characters (you wrote {count})."
    ),
    "EMERGENCY_CONFIRM": gettext_noop(
        "What you wrote sounds like it may be an emergency. A booked consultation is not for "
        "emergencies: call 112 now if it is one. Tick the box to book anyway."
    ),
    "NOT_YOUR_BOOKING": gettext_noop("That is not your booking."),
    "NOT_YOUR_QUESTION": gettext_noop("Choose one of your own questions to share with the doctor."),
    "CANNOT_CHANGE": gettext_noop("This consultation can no longer be changed."),
    "ALREADY_STARTED": gettext_noop(
        "This consultation has already started; it can no longer be cancelled or moved."
    ),
    "DECLINE_REASON_REQUIRED": gettext_noop("Tell the patient why you decline (they read this)."),
    "CHAT_CLOSED": gettext_noop(
        "The chat is open only from the consultation's start until {grace} minutes after its end."
    ),
    "CHAT_EMPTY": gettext_noop("Write a message first."),
    "CHAT_TOO_LONG": gettext_noop(
        "Please keep a message under {limit} characters (you wrote {count})."
    ),
    "BAD_TIME_ZONE": gettext_noop("Choose a time zone from the list."),
    "HOURS_END_BEFORE_START": gettext_noop("Each block of hours must end after it starts."),
    "HOURS_OVERLAP": gettext_noop("Two blocks of hours on {day} overlap."),
    "CLINIC_NOT_YOURS": gettext_noop("Choose one of the clinics you practise at."),
    "CLINIC_NEEDED": gettext_noop("In-clinic hours need a clinic: choose one of yours."),
    "VIDEO_LINK_NEEDED": gettext_noop("Video hours need your meeting link."),
    "FEE_TOO_HIGH": gettext_noop("A fee may be at most {limit}."),
    # Hospital quotes
    "ENQUIRY_NO_CLINICS": gettext_noop("Choose at least one hospital to ask."),
    "ENQUIRY_TOO_MANY_CLINICS": gettext_noop("Ask at most {limit} hospitals at a time."),
    "ENQUIRY_CLINIC_HIDDEN": gettext_noop(
        "One of the hospitals cannot be asked: choose from the list."
    ),
    "ENQUIRY_DATES_ORDER": gettext_noop("The last preferred date must be on or after the first."),
    "ENQUIRY_DATES_PAST": gettext_noop("Preferred dates cannot be in the past."),
    "ENQUIRY_TOO_MANY_REPORTS": gettext_noop("Attach at most {limit} reports."),
    "QUOTE_HIGH_BELOW_LOW": gettext_noop("The high price is below the low price."),
    "QUOTE_VALID_PAST": gettext_noop("The quote's 'valid until' date cannot be in the past."),
    "QUOTE_INCOMPLETE": gettext_noop(
        "Enter the price range, currency and validity before sending the quote."
    ),
    "QUOTE_NOT_SENT": gettext_noop("Only a quote sent to the patient can be accepted."),
    "QUOTE_ALREADY_ACCEPTED": gettext_noop("You have already accepted a quote for this enquiry."),
    "QUOTE_EXPIRED": gettext_noop(
        "This quote is no longer valid; ask the coordinator for a fresh one."
    ),
    "COST_ENTRY_EXISTS": gettext_noop("This quote is already on the cost pages."),
}


def __getattr__(name: str) -> str:
    try:
        return gettext(_TEXTS[name])
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def lazy(name: str):
    """The message, translated when it is read rather than now."""
    return gettext_lazy(_TEXTS[name])
