"""A visitor's unsent question, kept in their session through sign-up, email
verification and login, then posted for them."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from portal.accounts.adapters import POST_LOGIN_REDIRECT_KEY
from portal.accounts.consent import consent_current, consent_record
from portal.client import client_address
from portal.taxonomy.models import Specialty

SESSION_KEY = "question_draft"


# Posted for the person who signs in within this time of writing it. Later (a shared
# phone, an abandoned tab) the next person to sign in finds it filled in on the ask form
# to post or discard, rather than posted under their name.
AUTO_POST_WITHIN = timedelta(hours=2)


def draft_save(request, draft: dict) -> None:
    request.session[SESSION_KEY] = {**draft, "saved_at": timezone.now().isoformat()}


def draft_get(request) -> dict | None:
    return request.session.get(SESSION_KEY)


def draft_clear(request) -> None:
    request.session.pop(SESSION_KEY, None)


def draft_post(request, user) -> None:
    """Post the session's draft as ``user``. On success the draft is gone and the next
    redirect goes to the new question; on a rule failure the draft stays and the next
    redirect goes back to the ask form, filled in, with the reason."""
    from .messages import QUESTION_WAITING
    from .services import question_create

    draft = draft_get(request)
    if not draft:
        return
    saved_at = parse_datetime(str(draft.get("saved_at", "")))
    if saved_at is None or timezone.now() - saved_at > AUTO_POST_WITHIN:
        messages.info(
            request,
            gettext(
                "A question typed earlier on this device is filled in below. Post it if it is "
                "yours; otherwise clear the form."
            ),
        )
        request.session[POST_LOGIN_REDIRECT_KEY] = "/ask/"
        return
    specialty = Specialty.objects.filter(pk=draft.get("specialty")).first()
    try:
        question = question_create(
            author=user,
            text=draft.get("text", ""),
            age=draft.get("age"),
            gender=draft.get("gender", ""),
            specialty=specialty,
            is_private=bool(draft.get("is_private")),
            address=client_address(request),
        )
    except (ValidationError, PermissionDenied) as exc:
        text = "; ".join(getattr(exc, "messages", [str(exc)]))
        messages.error(
            request, gettext("We could not post your question yet: %(reason)s") % {"reason": text}
        )
        request.session[POST_LOGIN_REDIRECT_KEY] = "/ask/"
        return
    # The visitor ticked the consent box on the ask form: recorded, with the time they
    # typed it, for an account that has none (one that signed up has given it there).
    if draft.get("consent") and consent_current(user=user) is None:
        consent_record(user=user, given_at=saved_at)
    draft_clear(request)
    if question.is_held:
        messages.info(request, gettext(QUESTION_WAITING))
    else:
        messages.success(
            request, gettext("Your question is posted. We will tell you when a doctor answers.")
        )
    request.session[POST_LOGIN_REDIRECT_KEY] = question.get_absolute_url()
