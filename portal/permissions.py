"""How every app's permission module refuses. Each ``can_*``/``check_*`` pair is built
from one ``_*_denial`` function that returns the reason for a refusal, or None; ``check_*``
hands that reason here, so the message a user reads is the one the tests assert on."""

from django.core.exceptions import PermissionDenied


def deny(denial: str | None) -> None:
    """Raise PermissionDenied with ``denial``, unless it is None (allowed)."""
    if denial is not None:
        raise PermissionDenied(denial)
