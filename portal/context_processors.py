from django.conf import settings

from portal.accounts import roles
from portal.notifications.selectors import notification_unread_count


def portal(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "unread_notifications": notification_unread_count(user=user) if signed_in else 0,
        "is_doctor": signed_in and roles.has_doctor_profile(user),
        "can_verify_doctors": signed_in and roles.can_verify_doctors(user),
        "is_moderator": signed_in and roles.is_moderator(user),
        "is_care_coordinator": signed_in and roles.is_care_coordinator(user),
    }
