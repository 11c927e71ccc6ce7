"""Demo logins, shared by every app's demo content (loaded by ``manage.py seed_demo``)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

# A published password for throwaway demo accounts, printed by `make run`.
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105


def demo_user(email: str, **extra):
    """The demo account for ``email`` as ``(user, created)``: made with DEMO_PASSWORD and
    ``extra`` when missing, left as it is otherwise. Its address is always marked verified
    and primary, because without a verified address nobody can log in."""
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, **extra)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user, created
