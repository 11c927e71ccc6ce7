"""Automatic signals that send a new post to the moderation queue before it is public
(never a silent drop: the author is told it waits). Pure functions over text and email;
the services that create posts decide what to hold (questions.services)."""

import re

from disposable_email_domains import blocklist

# Full links, bare www. addresses and domain-like words (example.com/..., shop.in).
LINK_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|in|net|org|co|info|biz|shop|xyz|io|me)\b\S*",
    re.IGNORECASE,
)
# Ten or more digits, allowing +, spaces, dots and dashes between them (Indian mobiles,
# +91 ..., landlines with a code).
PHONE_RE = re.compile(r"(?:\+?\d[\s.-]?){10,}")

HELD_LINK_OR_PHONE = "It contains a link or a phone number, and the account is new."
HELD_REPEATED = "The same text has been posted several times."
HELD_DISPOSABLE_EMAIL = "The account uses a disposable email address."
HELD_MOSTLY_LINK = "The answer is mostly a link."


def has_link_or_phone(text: str) -> bool:
    return bool(LINK_RE.search(text) or PHONE_RE.search(text))


def is_disposable_email(email: str) -> bool:
    domain = (email or "").rpartition("@")[2].strip().lower()
    return domain in blocklist


def is_mostly_link(text: str, *, min_own_words: int = 12) -> bool:
    """Links make up most of it: what is left without them is under ``min_own_words``
    words, and there is at least one link."""
    if not LINK_RE.search(text):
        return False
    rest = LINK_RE.sub(" ", text)
    return len(re.findall(r"\w+", rest)) < min_own_words


def normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
