"""Reporting and moderators' decisions. Every decision is written as a ModerationAction
(who, what, why, when) in the same transaction as the change, and the author hears of it
through the notification outbox: a title and a link, never the item's text."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from doctors.models import DoctorProfile
from portal import pagecache
from portal.notifications.models import Notification
from portal.notifications.services import notification_create
from portal.visibility import Visibility
from questions.services import address_hash

from . import messages
from .models import (
    ACTION_REASON_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PEER_NOTE_MAX_LENGTH,
    PEER_NOTES_FOR_REVIEW,
    PERSON_REASONS,
    ModerationAction,
    PeerNote,
    Report,
    ReportReason,
)
from .permissions import check_moderate_permission, check_peer_note_permission
from .targets import TARGETS, Target

Kind = ModerationAction.Kind
# Doctors asked for a peer note on one reported answer, at most.
PEER_NOTE_INVITES = 20


def _item_keys(target: Target, item) -> dict:
    return {
        "content_type": ContentType.objects.get_for_model(target.model),
        "object_id": item.pk,
    }


# --- Reporting --------------------------------------------------------------------------
def report_create(
    *, target: Target, item, reporter, reason: str, note: str = "", address: str | None = None
) -> Report:
    """A person reports an item they can see. One open report per person (or, signed
    out, per address) per item; REPORT_HOURLY_LIMIT reports an hour."""
    note = (note or "").strip()
    if reason not in dict(PERSON_REASONS):
        raise ValidationError({"reason": messages.REPORT_REASON_REQUIRED})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": messages.REPORT_NOTE_TOO_LONG})
    signed_in = getattr(reporter, "is_authenticated", False)
    who = (
        {"reporter": reporter}
        if signed_in
        else {"reporter__isnull": True, "reporter_address_hash": address_hash(address)}
    )
    keys = _item_keys(target, item)
    hour_ago = timezone.now() - timedelta(hours=1)
    if Report.objects.filter(**who, created_at__gte=hour_ago).count() >= (
        settings.REPORT_HOURLY_LIMIT
    ):
        raise ValidationError(messages.REPORT_RATE_LIMITED, code="rate")
    if Report.objects.filter(**who, **keys, status=Report.Status.OPEN).exists():
        raise ValidationError(messages.REPORT_DUPLICATE, code="duplicate")
    try:
        with transaction.atomic():
            report = Report.objects.create(
                **keys,
                reporter=reporter if signed_in else None,
                reporter_address_hash="" if signed_in else who["reporter_address_hash"],
                reason=reason,
                note=note,
            )
            if reason == ReportReason.MEDICAL and target.kind == "answer":
                _invite_peer_notes(answer=item, report=report)
    except IntegrityError:
        raise ValidationError(messages.REPORT_DUPLICATE, code="duplicate") from None
    return report


def _invite_peer_notes(*, answer, report: Report) -> None:
    """The first medical-accuracy report on an answer reaches verified doctors of its
    specialty (not its author), who may add a peer note."""
    from django.urls import reverse

    earlier = Report.objects.filter(
        content_type=report.content_type,
        object_id=report.object_id,
        reason=ReportReason.MEDICAL,
        status=Report.Status.OPEN,
    ).exclude(pk=report.pk)
    specialty_id = answer.question.specialty_id
    if earlier.exists() or specialty_id is None:
        return
    doctors = (
        DoctorProfile.objects.verified()
        .filter(specialties=specialty_id)
        .exclude(pk=answer.doctor_id)
        .select_related("user")
        .order_by("pk")[:PEER_NOTE_INVITES]
    )
    path = reverse("moderation:peer_note", kwargs={"pk": answer.pk})
    for doctor in doctors:
        notification_create(
            recipient=doctor.user,
            kind=Notification.Kind.PEER_REVIEW,
            title=messages.NOTIFY_PEER_NOTE,
            target_path=path,
        )


# --- Moderators' decisions --------------------------------------------------------------
def _reason(reason: str, *, required: bool) -> str:
    reason = " ".join((reason or "").split())
    if required and not reason:
        raise ValidationError({"reason": messages.ACTION_REASON_REQUIRED})
    if len(reason) > ACTION_REASON_MAX_LENGTH:
        raise ValidationError({"reason": messages.ACTION_REASON_TOO_LONG})
    return reason


def _lock(target: Target, item):
    return target.model.objects.select_for_update().get(pk=item.pk)


def _record(target: Target, item, *, kind: str, moderator, reason: str = "") -> ModerationAction:
    return ModerationAction.objects.create(
        **_item_keys(target, item), kind=kind, moderator=moderator, reason=reason
    )


def _close_reports(target: Target, item, *, moderator) -> int:
    return Report.objects.filter(**_item_keys(target, item), status=Report.Status.OPEN).update(
        status=Report.Status.DECIDED, decided_at=timezone.now(), decided_by=moderator
    )


def _set_visibility(target: Target, item, visibility: str, reason: str = "") -> None:
    fields = {"visibility": visibility, "moderation_reason": reason}
    if target.kind == "answer":
        fields["under_review"] = False
    target.model.objects.filter(pk=item.pk).update(**fields)
    for name, value in fields.items():
        setattr(item, name, value)
    pagecache.bump_for(item)  # the pages showing it, cached for visitors
    target.after_change(item)


def _english(text) -> str:
    with translation.override(None):
        return str(text)


def _notify_author(target: Target, item, title: str) -> None:
    author = target.author(item)
    if author is None:
        return
    path = target.author_url(item) if target.author_url else target.url(item)
    notification_create(
        recipient=author,
        kind=Notification.Kind.MODERATION,
        # Stored with the notification: in English, like the title around it.
        title=title.format(label=_english(target.label)),
        target_path=path,
    )


def item_dismiss(*, moderator, target: Target, item, reason: str = "") -> ModerationAction:
    """Close the item's open reports and leave it as it is; an item held by a signal is
    approved and becomes public."""
    check_moderate_permission(moderator)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        item = _lock(target, item)
        closed = _close_reports(target, item, moderator=moderator)
        if item.visibility == Visibility.HELD:
            _set_visibility(target, item, Visibility.VISIBLE)
            action = _record(target, item, kind=Kind.APPROVE, moderator=moderator, reason=reason)
            _notify_author(target, item, messages.NOTIFY_APPROVED)
            target.on_approve(item)
            return action
        if not closed:
            raise ValidationError(messages.NOTHING_TO_DISMISS, code="decided")
        if target.kind == "answer" and item.under_review:
            _set_visibility(target, item, item.visibility, item.moderation_reason)
        return _record(target, item, kind=Kind.DISMISS, moderator=moderator, reason=reason)


def item_hide(*, moderator, target: Target, item, reason: str) -> ModerationAction:
    """Hide the item: its author still sees it, with ``reason``; the public sees
    "removed by moderators", and it leaves every list, feed, sitemap and count."""
    check_moderate_permission(moderator)
    reason = _reason(reason, required=True)
    with transaction.atomic():
        item = _lock(target, item)
        if item.visibility == Visibility.HIDDEN:
            raise ValidationError(messages.ALREADY_HIDDEN, code="decided")
        _hide(target, item, moderator=moderator, reason=reason)
        _notify_author(target, item, messages.NOTIFY_HIDDEN)
        return ModerationAction.objects.filter(**_item_keys(target, item)).latest("id")


def _hide(target: Target, item, *, moderator, reason: str) -> None:
    _set_visibility(target, item, Visibility.HIDDEN, reason)
    _close_reports(target, item, moderator=moderator)
    _record(target, item, kind=Kind.HIDE, moderator=moderator, reason=reason)


def item_restore(*, moderator, target: Target, item, reason: str = "") -> ModerationAction:
    check_moderate_permission(moderator)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        item = _lock(target, item)
        if item.visibility == Visibility.VISIBLE:
            raise ValidationError(messages.NOT_HIDDEN, code="decided")
        _set_visibility(target, item, Visibility.VISIBLE)
        _close_reports(target, item, moderator=moderator)
        action = _record(target, item, kind=Kind.RESTORE, moderator=moderator, reason=reason)
        _notify_author(target, item, messages.NOTIFY_RESTORED)
        return action


def author_ask_edit(*, moderator, target: Target, item, reason: str) -> ModerationAction:
    """Ask the author to change the item; ``reason`` says what. The reports stay open."""
    check_moderate_permission(moderator)
    reason = _reason(reason, required=True)
    if target.author(item) is None:
        raise ValidationError(messages.NO_AUTHOR, code="no_author")
    with transaction.atomic():
        action = _record(target, item, kind=Kind.ASK_EDIT, moderator=moderator, reason=reason)
        _notify_author(target, item, messages.NOTIFY_ASK_EDIT)
        return action


def _suspend(target: Target, item, *, moderator) -> object:
    author = target.author(item)
    if author is None:
        raise ValidationError(messages.NO_AUTHOR, code="no_author")
    author = type(author).objects.get(pk=author.pk)  # fresh: is_active may have changed
    if author.is_staff or author.is_superuser:
        raise ValidationError(messages.CANNOT_SUSPEND_STAFF, code="staff")
    return author


def author_suspend(*, moderator, target: Target, item, reason: str) -> ModerationAction:
    """Suspend the author's account: they can no longer sign in. Their posts stay."""
    check_moderate_permission(moderator)
    reason = _reason(reason, required=True)
    author = _suspend(target, item, moderator=moderator)
    if not author.is_active:
        raise ValidationError(messages.ALREADY_SUSPENDED, code="decided")
    with transaction.atomic():
        type(author).objects.filter(pk=author.pk).update(is_active=False)
        _close_reports(target, item, moderator=moderator)
        action = _record(target, item, kind=Kind.SUSPEND, moderator=moderator, reason=reason)
        _notify_author(target, item, messages.NOTIFY_SUSPENDED)
        return action


def author_remove_all(*, moderator, target: Target, item, reason: str) -> ModerationAction:
    """A spam account: suspend it and hide everything it posted, each hide recorded on
    its own item, in one transaction."""
    check_moderate_permission(moderator)
    reason = _reason(reason, required=True)
    author = _suspend(target, item, moderator=moderator)
    with transaction.atomic():
        type(author).objects.filter(pk=author.pk).update(is_active=False)
        for other in TARGETS.values():
            if other.posts_by is None:
                continue
            for post in other.posts_by(author).exclude(visibility=Visibility.HIDDEN):
                _hide(other, post, moderator=moderator, reason=reason)
        _close_reports(target, item, moderator=moderator)
        return _record(target, item, kind=Kind.REMOVE_ALL, moderator=moderator, reason=reason)


ACTIONS = {
    "dismiss": item_dismiss,
    "hide": item_hide,
    "restore": item_restore,
    "ask_edit": author_ask_edit,
    "suspend": author_suspend,
    "remove_all": author_remove_all,
}


# --- Doctors' peer notes ----------------------------------------------------------------
def peer_note_create(*, user, answer, text: str) -> PeerNote:
    """A verified doctor of the specialty comments on a medically reported answer; the
    PEER_NOTES_FOR_REVIEW-th note puts it "being reviewed" until a moderator decides."""
    check_peer_note_permission(user, answer)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": messages.PEER_NOTE_REQUIRED})
    if len(text) > PEER_NOTE_MAX_LENGTH:
        raise ValidationError({"text": messages.PEER_NOTE_TOO_LONG})
    doctor = user.doctor_profile
    try:
        with transaction.atomic():
            note = PeerNote.objects.create(answer=answer, doctor=doctor, text=text)
            if PeerNote.objects.filter(answer=answer).count() >= PEER_NOTES_FOR_REVIEW:
                type(answer).objects.filter(pk=answer.pk).update(under_review=True)
                pagecache.bump_for(answer)  # the "being reviewed" banner
    except IntegrityError:
        raise ValidationError({"text": messages.PEER_NOTE_DUPLICATE}) from None
    return note
