"""Who may do what with consultations and quote enquiries: each ``can_*``/``check_*`` pair
is built from one ``_*_denial`` function returning the reason, or "" when allowed."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext

from portal.accounts import roles

from . import messages as msg
from .models import ACTIVE_STATUSES, BookingStatus

is_care_coordinator = roles.is_care_coordinator


def _book_denial(user, doctor) -> str:
    availability = getattr(doctor, "availability", None)
    if not doctor.is_verified or availability is None or not availability.is_open:
        return msg.DOCTOR_NOT_BOOKABLE
    if getattr(user, "is_authenticated", False) and doctor.user_id == user.pk:
        return msg.NO_SELF_BOOKING
    return ""


def can_book(user, doctor) -> bool:
    return not _book_denial(user, doctor)


def check_book_permission(user, doctor) -> None:
    reason = _book_denial(user, doctor)
    if reason:
        raise PermissionDenied(reason)


def is_booking_patient(user, booking) -> bool:
    return getattr(user, "is_authenticated", False) and booking.patient_id == user.pk


def is_booking_doctor(user, booking) -> bool:
    profile = roles.doctor_profile(user)
    return profile is not None and booking.doctor_id == profile.pk


def _change_denial(user, booking, now=None) -> str:
    if not (is_booking_patient(user, booking) or is_booking_doctor(user, booking)):
        return msg.NOT_YOUR_BOOKING
    if booking.status not in ACTIVE_STATUSES or booking.status == BookingStatus.HELD:
        return msg.CANNOT_CHANGE
    if booking.starts_at <= (now or timezone.now()):
        return msg.ALREADY_STARTED
    return ""


def can_change_booking(user, booking, now=None) -> bool:
    return not _change_denial(user, booking, now)


def check_change_booking_permission(user, booking, now=None) -> None:
    reason = _change_denial(user, booking, now)
    if reason:
        raise PermissionDenied(reason)


def _decide_denial(user, booking, now=None) -> str:
    if not is_booking_doctor(user, booking):
        return msg.NOT_YOUR_BOOKING
    if booking.status != BookingStatus.REQUESTED:
        return msg.CANNOT_CHANGE
    if booking.starts_at <= (now or timezone.now()):
        return msg.ALREADY_STARTED
    return ""


def can_decide_booking(user, booking) -> bool:
    return not _decide_denial(user, booking)


def check_decide_booking_permission(user, booking, now=None) -> None:
    reason = _decide_denial(user, booking, now)
    if reason:
        raise PermissionDenied(reason)


def _chat_denial(user, booking, now=None) -> str:
    if not (is_booking_patient(user, booking) or is_booking_doctor(user, booking)):
        return msg.NOT_YOUR_BOOKING
    if not booking.chat_is_open(now):
        from django.conf import settings

        return msg.CHAT_CLOSED.format(grace=int(settings.CONSULT_CHAT_GRACE.total_seconds() // 60))
    return ""


def can_chat(user, booking, now=None) -> bool:
    return not _chat_denial(user, booking, now)


def check_chat_permission(user, booking, now=None) -> None:
    reason = _chat_denial(user, booking, now)
    if reason:
        raise PermissionDenied(reason)


def _coordinate_denial(user) -> str:
    return "" if is_care_coordinator(user) else gettext("The quote desk is for care coordinators.")


def can_coordinate(user) -> bool:
    return not _coordinate_denial(user)


def check_coordinate_permission(user) -> None:
    reason = _coordinate_denial(user)
    if reason:
        raise PermissionDenied(reason)
