"""Words that suggest an emergency, and the numbers a patient should call instead.

The same list is sent to the ask form's script, so the notice appears while typing and
again on the question page after submitting.
"""

import re

from django.utils.translation import gettext_lazy

EMERGENCY_PHRASES = (
    "chest pain",
    "chest tightness",
    "heart attack",
    "stroke",
    "suicide",
    "suicidal",
    "kill myself",
    "end my life",
    "self harm",
    "self-harm",
    "overdose",
    "overdosed",
    "can't breathe",
    "cant breathe",
    "cannot breathe",
    "can not breathe",
    "unable to breathe",
    "not breathing",
    "unconscious",
    "fainted",
    "seizure",
    "severe bleeding",
    "bleeding heavily",
    "poisoning",
    "swallowed poison",
    "anaphylaxis",
)

EMERGENCY_NUMBERS = (
    (gettext_lazy("All emergencies (India)"), "112"),
    (gettext_lazy("Ambulance (India)"), "108"),
    (gettext_lazy("Tele-MANAS mental health helpline (India)"), "14416"),
)

_PATTERN = re.compile(
    "|".join(r"\b" + re.escape(p).replace(r"\ ", r"\s+") + r"\b" for p in EMERGENCY_PHRASES),
    re.IGNORECASE,
)


# The emergency phrases that suggest self-harm: moderators are alerted at once.
SELF_HARM_PHRASES = (
    "suicide",
    "suicidal",
    "kill myself",
    "end my life",
    "self harm",
    "self-harm",
    "hurt myself",
    "cut myself",
    "want to die",
    "overdose",
)
_SELF_HARM = re.compile(
    "|".join(r"\b" + re.escape(p).replace(r"\ ", r"\s+") + r"\b" for p in SELF_HARM_PHRASES),
    re.IGNORECASE,
)


def looks_like_self_harm(text: str) -> bool:
    return bool(_SELF_HARM.search(text.replace("’", "'")))


def looks_like_emergency(text: str) -> bool:
    return bool(_PATTERN.search(text.replace("’", "'")))
