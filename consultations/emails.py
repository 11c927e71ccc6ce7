"""The .ics attached to consultation emails, and the line saying why the email came.

Built with the ``icalendar`` library. One consultation is one calendar event whatever
happens to it: its UID is the booking's ``uid`` and its SEQUENCE grows with each change, so
a calendar app moves or cancels the event it already has instead of adding another. The
event holds the doctor's name, the mode, the times and a link: never the reason."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from icalendar import Calendar, Event, vText

from portal.notifications.extras import EmailExtras

from .models import Booking, BookingStatus, Mode

PRODID = "-//Health Portal//Consultations//EN"

# Translated when the email is written, in the language it is written in.
WHY_CONSULT = gettext_noop(
    "For your privacy we never put the reason for a consultation or any message in an "
    "email. The calendar file attached updates the same event in your calendar each time "
    "the consultation changes.\n\nYou receive this email because you booked or hold a "
    "consultation on {site_url}."
)
WHY_QUOTE = gettext_noop(
    "For your privacy we never put health details in an email.\n\nYou receive this email "
    "because of a hospital quote enquiry on {site_url}."
)


def booking_uid(booking: Booking) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "portal"
    return f"consultation-{booking.uid}@{host}"


def booking_location(booking: Booking) -> str:
    if booking.mode == Mode.CLINIC and booking.clinic_id:
        return f"{booking.clinic.name}, {booking.clinic.address}"
    if booking.mode == Mode.VIDEO:
        return (
            booking.video_link
            if booking.status == BookingStatus.CONFIRMED
            else gettext("Video call")
        )
    if booking.mode == Mode.PHONE:
        return gettext("Phone call")
    return gettext("Chat on Health Portal")


def booking_ics(booking: Booking) -> bytes:
    cancelled = booking.status in (
        BookingStatus.CANCELLED,
        BookingStatus.DECLINED,
        BookingStatus.EXPIRED,
    )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add(
        "summary",
        gettext("Consultation with %(name)s (%(mode)s)")
        % {"name": booking.doctor.display_name, "mode": str(booking.get_mode_display()).lower()},
    )
    event.add("location", vText(booking_location(booking)))
    event.add("url", f"{settings.SITE_URL}{booking.get_absolute_url()}")
    event.add(
        "status",
        "CANCELLED"
        if cancelled
        else "CONFIRMED"
        if booking.status == BookingStatus.CONFIRMED
        else "TENTATIVE",
    )
    calendar.add_component(event)
    return calendar.to_ical()


def notification_email_extras(notification) -> EmailExtras:
    """For portal.notifications.extras: the .ics of the consultation a notification is
    about (none for chat messages and quotes), and why the email came."""
    if notification.kind.startswith("quote_"):
        return EmailExtras(why=gettext(WHY_QUOTE).format(site_url=settings.SITE_URL))
    attachments = []
    if notification.kind != "consult_message" and notification.object_id:
        booking = (
            Booking.objects.select_related("doctor", "clinic")
            .filter(pk=notification.object_id)
            .first()
        )
        if booking is not None:
            attachments.append(("consultation.ics", booking_ics(booking), "text/calendar"))
    return EmailExtras(
        attachments=attachments, why=gettext(WHY_CONSULT).format(site_url=settings.SITE_URL)
    )


def booking_notification_labels(notifications) -> dict[int, str]:
    """For portal.notifications.extras.portal_labels_register: behind login, the
    patient's list names the doctor the stored title (an email subject) leaves out. One
    query for the page; a booking that is gone, or a recipient who is not its patient,
    keeps the stored title."""
    ids = {n.object_id for n in notifications}
    bookings = Booking.objects.select_related("doctor").in_bulk(ids)
    labels = {}
    for notification in notifications:
        booking = bookings.get(notification.object_id)
        if booking is not None and booking.patient_id == notification.recipient_id:
            labels[notification.pk] = f"{notification.title} · {booking.doctor.display_name}"
    return labels
