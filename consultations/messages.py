"""Every message a person reads from the consultations and quote desks (tests assert on
these constants)."""

SLOT_NOT_FREE = (
    "That time is not free: it may have just been taken, be in the past, be outside the "
    "doctor's hours or beyond how far ahead they take bookings. Please pick another time."
)
DOCTOR_NOT_BOOKABLE = "This doctor does not take consultation bookings at the moment."
NO_SELF_BOOKING = "You cannot book a consultation with yourself."
HOLD_EXPIRED = (
    "We held this time for you for {minutes} minutes and the hold has run out. "
    "Please pick a time again."
)
REASON_TOO_SHORT = "Tell the doctor a little more: at least {limit} characters."
REASON_TOO_LONG = "Please keep the reason under {limit} characters (you wrote {count})."
EMERGENCY_CONFIRM = (
    "What you wrote sounds like it may be an emergency. A booked consultation is not for "
    "emergencies: call 112 now if it is one. Tick the box to book anyway."
)
NOT_YOUR_BOOKING = "That is not your booking."
NOT_YOUR_QUESTION = "Choose one of your own questions to share with the doctor."
CANNOT_CHANGE = "This consultation can no longer be changed."
ALREADY_STARTED = "This consultation has already started; it can no longer be cancelled or moved."
DECLINE_REASON_REQUIRED = "Tell the patient why you decline (they read this)."
CHAT_CLOSED = (
    "The chat is open only from the consultation's start until {grace} minutes after its end."
)
CHAT_EMPTY = "Write a message first."
CHAT_TOO_LONG = "Please keep a message under {limit} characters (you wrote {count})."
BAD_TIME_ZONE = "Choose a time zone from the list."
HOURS_END_BEFORE_START = "Each block of hours must end after it starts."
HOURS_OVERLAP = "Two blocks of hours on {day} overlap."
CLINIC_NOT_YOURS = "Choose one of the clinics you practise at."
CLINIC_NEEDED = "In-clinic hours need a clinic: choose one of yours."
VIDEO_LINK_NEEDED = "Video hours need your meeting link."
FEE_TOO_HIGH = "A fee may be at most {limit}."

# Hospital quotes
ENQUIRY_NO_CLINICS = "Choose at least one hospital to ask."
ENQUIRY_TOO_MANY_CLINICS = "Ask at most {limit} hospitals at a time."
ENQUIRY_CLINIC_HIDDEN = "One of the hospitals cannot be asked: choose from the list."
ENQUIRY_DATES_ORDER = "The last preferred date must be on or after the first."
ENQUIRY_DATES_PAST = "Preferred dates cannot be in the past."
ENQUIRY_TOO_MANY_REPORTS = "Attach at most {limit} reports."
QUOTE_HIGH_BELOW_LOW = "The high price is below the low price."
QUOTE_VALID_PAST = "The quote's 'valid until' date cannot be in the past."
QUOTE_INCOMPLETE = "Enter the price range, currency and validity before sending the quote."
QUOTE_NOT_SENT = "Only a quote sent to the patient can be accepted."
QUOTE_ALREADY_ACCEPTED = "You have already accepted a quote for this enquiry."
QUOTE_EXPIRED = "This quote is no longer valid; ask the coordinator for a fresh one."
COST_ENTRY_EXISTS = "This quote is already on the cost pages."
