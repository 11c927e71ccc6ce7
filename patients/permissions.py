"""Who may delete their own account here. Built like the other apps' permissions: one
``_*_denial`` function behind a ``can_*``/``check_*`` pair."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_noop

from portal.accounts import roles

DELETE_NOT_FOR_DOCTORS = gettext_noop(
    "Doctors' accounts hold a public verification record and answers patients rely on, so "
    "they cannot be deleted here. Write to the verification team (the contact on the "
    "“How doctors are verified” page) and we will close it with you."
)
DELETE_NOT_FOR_STAFF = gettext_noop(
    "Staff accounts are closed by an administrator, not here: ask the portal's administrator."
)
DELETE_SIGN_IN = gettext_noop("Log in to delete your account.")


def _delete_account_denial(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return DELETE_SIGN_IN
    if user.is_staff or user.is_superuser:
        return DELETE_NOT_FOR_STAFF
    if roles.has_doctor_profile(user):
        return DELETE_NOT_FOR_DOCTORS
    return None


def delete_account_denial(user) -> str | None:
    """The reason shown on the page in place of the form, or None."""
    return _delete_account_denial(user)


def can_delete_account(user) -> bool:
    return _delete_account_denial(user) is None


def check_delete_account_permission(user) -> None:
    denial = _delete_account_denial(user)
    if denial is not None:
        raise PermissionDenied(denial)
