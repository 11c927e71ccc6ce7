"""Email preferences and one-click unsubscribe (RFC 8058).

Every non-essential email carries a link signed with the portal's key naming one account
and one preference. The link works without logging in; following it (GET) shows a button,
and a POST to it (the button, or a mail client's one-click request announced by the
``List-Unsubscribe-Post`` header) turns that one preference off. A changed signature, an
unknown account or preference is refused: nothing changes.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy

from .models import EmailPreferences, Notification

UNSUBSCRIBE_SALT = "portal.notifications.unsubscribe"
UNSUBSCRIBE_BAD_LINK = gettext_lazy(
    "This unsubscribe link is not valid (it may have been cut short). Log in and change "
    "your email preferences on your account page instead."
)
UNSUBSCRIBED = gettext_lazy("You will no longer get emails about: %(label)s.")


def preferences_for(user) -> EmailPreferences:
    """The user's preferences; the defaults (unsaved) when they never changed them."""
    found = EmailPreferences.objects.filter(user=user).first()
    return found or EmailPreferences(user=user)


def preferences_update(*, user, **values: bool) -> EmailPreferences:
    unknown = set(values) - set(EmailPreferences.FIELDS)
    if unknown:
        raise ValueError(f"Unknown email preferences: {sorted(unknown)}")
    preferences, _ = EmailPreferences.objects.update_or_create(user=user, defaults=values)
    return preferences


def preference_label(field: str) -> str:
    return str(EmailPreferences._meta.get_field(field).verbose_name)


def email_wanted(notification: Notification) -> bool:
    field = EmailPreferences.FIELD_FOR_KIND.get(notification.kind)
    if field is None:
        return True
    return getattr(preferences_for(notification.recipient), field)


def unsubscribe_token(*, user_id: int, field: str) -> str:
    return signing.dumps({"u": user_id, "f": field}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(*, user_id: int, field: str) -> str:
    token = unsubscribe_token(user_id=user_id, field=field)
    return f"{settings.SITE_URL}{reverse('notifications:unsubscribe', kwargs={'token': token})}"


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """(user id, preference) from a token, or None when it was not signed by us."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("u"), int)
        or data.get("f") not in EmailPreferences.FIELDS
    ):
        return None
    return data["u"], data["f"]


def unsubscribe_apply(token: str) -> str | None:
    """Turn off the one preference the token names. Returns the preference, or None when
    the token is not ours (or the account is gone)."""
    from django.contrib.auth import get_user_model

    read = unsubscribe_read(token)
    if read is None:
        return None
    user = get_user_model().objects.filter(pk=read[0]).first()
    if user is None:
        return None
    preferences_update(user=user, **{read[1]: False})
    return read[1]


def unsubscribe_headers(*, user_id: int, field: str) -> dict[str, str]:
    url = unsubscribe_url(user_id=user_id, field=field)
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
