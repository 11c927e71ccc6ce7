"""The patient's data rights: a copy of their data (export) and deleting their account.

What an export holds and what a deletion removes is listed in the README ("Your data");
the tests count rows per table to hold these functions to it.
"""

import json
import logging
import shutil
import tempfile
import zipfile
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from portal.accounts.consent import consent_withdraw
from portal.accounts.data_rights import erase_everywhere, export_sections
from portal.accounts.models import AuditLogEntry, Consent, User
from portal.i18n import supported
from portal.notifications.models import EmailPreferences, Notification
from portal.notifications.services import notification_create
from portal.queueing import enqueue_on_commit
from questions.models import Attachment, FollowUp, Question, Thanks
from questions.services import attachment_delete_files

from .models import AccountDeletion, DataExport
from .permissions import check_delete_account_permission

logger = logging.getLogger(__name__)

EXPORT_PENDING_ALREADY = gettext_noop(
    "Your copy is already being prepared. We will email you when it is ready."
)
DELETION_ALREADY_SCHEDULED = gettext_noop(
    "Your account is already scheduled for deletion. Log in before the date shown to cancel."
)
DELETION_WRONG_PASSWORD = gettext_noop(
    "That password is not right. Your account has not been scheduled."
)  # noqa: S105
STAGED_ATTACHMENTS_KEPT_FOR = timedelta(days=1)
# A pending export older than this was lost on its way to a worker: housekeeping queues it
# again (building is safe to run twice).
EXPORT_REQUEUE_AFTER = timedelta(minutes=10)
EXPORT_CHUNK = 1024 * 1024


# --- Export -------------------------------------------------------------------------------
def data_export_request(*, user) -> DataExport:
    """Queue the building of a ZIP of the account's data. One at a time."""
    from .tasks import data_export_build_task

    with transaction.atomic():
        if DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).exists():
            raise ValidationError(gettext(EXPORT_PENDING_ALREADY), code="pending")
        export = DataExport.objects.create(user=user)
        enqueue_on_commit(data_export_build_task, export.pk)
    return export


def _iso(when) -> str | None:
    return when.isoformat() if when else None


def _account_data(user) -> dict:
    preferences = EmailPreferences.objects.filter(user=user).first()
    return {
        "email": user.email,
        "display_name": user.display_name,
        "language": user.language,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "consents": [
            {
                "purpose": c.get_purpose_display(),
                "privacy_policy_version": c.policy_version,
                "given_at": _iso(c.given_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in Consent.objects.filter(user=user)
        ],
        "email_preferences": {
            field: getattr(preferences or EmailPreferences(), field)
            for field in EmailPreferences.FIELDS
        },
    }


def _questions_data(user) -> tuple[list, list[Attachment]]:
    questions = (
        Question.objects.filter(author=user)
        .select_related("specialty")
        .prefetch_related("answers__doctor", "attachments")
        .order_by("created_at", "id")
    )
    follow_ups = {f.answer_id: f for f in FollowUp.objects.filter(answer__question__author=user)}
    out, attachments = [], []
    for q in questions:
        files = list(q.attachments.all())
        attachments.extend(files)
        out.append(
            {
                "id": q.pk,
                "text": q.text,
                "specialty": q.specialty.name if q.specialty else None,
                "age": q.age,
                "gender": q.gender,
                "private": q.is_private,
                "asked_at": _iso(q.created_at),
                "resolved": q.resolution or None,
                "attachments": [f"attachments/{a.pk}.{a.extension}" for a in files],
                "answers": [
                    {
                        "doctor": a.doctor.display_name,
                        "answer": a.body,
                        "answered_at": _iso(a.created_at),
                        "follow_up": {
                            "text": follow_ups[a.pk].text,
                            "sent_at": _iso(follow_ups[a.pk].created_at),
                            "reply": follow_ups[a.pk].reply or None,
                            "replied_at": _iso(follow_ups[a.pk].replied_at),
                        }
                        if a.pk in follow_ups
                        else None,
                    }
                    for a in q.answers.all()
                ],
            }
        )
    return out, attachments


def _audit_data(user) -> list:
    """Staff looks at the patient's own private questions and attachments (who looked is
    shown as their role, not their account)."""
    private_ids = [
        str(pk)
        for pk in Question.objects.filter(author=user, is_private=True).values_list("pk", flat=True)
    ]
    attachment_ids = [
        str(pk) for pk in Attachment.objects.filter(uploader=user).values_list("pk", flat=True)
    ]
    entries = AuditLogEntry.objects.filter(
        target_type="questions.question", target_id__in=private_ids
    ) | AuditLogEntry.objects.filter(
        target_type="questions.attachment", target_id__in=attachment_ids
    )
    return [
        {
            "what": e.action.replace("_", " "),
            "about": f"{e.target_type.split('.')[-1]} {e.target_id}",
            "by": "a moderator",
            "at": _iso(e.created_at),
        }
        for e in entries.order_by("created_at", "id")
    ]


def data_export_write(archive: zipfile.ZipFile, *, user) -> None:
    """Write every file of the export into ``archive`` (README "Your data"). Attachments
    are copied in chunks, so a large account never sits in memory whole."""
    questions, attachments = _questions_data(user)
    data = {
        "account.json": _account_data(user),
        "questions.json": questions,
        "thanks.json": [
            {"answer_id": t.answer_id, "thanked_at": _iso(t.created_at)}
            for t in Thanks.objects.filter(user=user)
        ],
        "notifications.json": [
            {
                "title": n.title,
                "link": n.target_path,
                "at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in Notification.objects.filter(recipient=user)
        ],
        "audit_log.json": _audit_data(user),
    }
    files = [(f"attachments/{a.pk}.{a.extension}", a.file) for a in attachments]
    # Apps above this one (consultations) add their own sections (portal.accounts.data_rights).
    for section in export_sections(user):
        data[section.name] = section.data
        files += section.files
    archive.writestr("README.txt", render_to_string("patients/export_readme.txt", {}))
    for name, value in data.items():
        archive.writestr(name, json.dumps(value, ensure_ascii=False, indent=2))
    for name, stored in files:
        with stored.open("rb") as source, archive.open(name, "w") as target:
            shutil.copyfileobj(source, target, EXPORT_CHUNK)


def data_export_build(*, export_id: int) -> bool:
    """Build the ZIP for a pending export (in a temporary file, then into the private
    storage) and tell its owner (portal and email, a link only). Safe to run twice: a
    second run finds the export no longer pending."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(skip_locked=True)
            .select_related("user")
            .filter(pk=export_id, status=DataExport.Status.PENDING)
            .first()
        )
        if export is None:
            return False
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                data_export_write(archive, user=export.user)
            export.size = spool.tell()
            spool.seek(0)
            export.file.save("export.zip", File(spool), save=False)
        now = timezone.now()
        export.status = DataExport.Status.READY
        export.ready_at = now
        export.expires_at = now + timedelta(days=settings.DATA_EXPORT_DAYS)
        export.save()
        notification_create(
            recipient=export.user,
            kind=Notification.Kind.DATA_EXPORT,
            title=gettext_noop("Your data export is ready"),
            target_path="/account/export/",
        )
    return True


def data_export_get_for_owner(user, pk: int) -> DataExport | None:
    """The ready, unexpired export ``pk`` of ``user``; None alike for another account's,
    a missing or an expired one."""
    return DataExport.objects.filter(
        pk=pk, user=user, status=DataExport.Status.READY, expires_at__gt=timezone.now()
    ).first()


def data_exports_expire(*, now=None) -> int:
    now = now or timezone.now()
    expired = list(DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=now))
    for export in expired:
        if export.file:
            export.file.storage.delete(export.file.name)
    DataExport.objects.filter(pk__in=[e.pk for e in expired]).update(
        status=DataExport.Status.EXPIRED, file=""
    )
    return len(expired)


# --- Deletion -----------------------------------------------------------------------------
def sessions_end_all(*, user) -> int:
    """Log ``user`` out on every device: end the sessions allauth.usersessions tracks, and
    raise the account's sessions_epoch so that any other session (one made before devices
    were tracked) no longer verifies. Returns how many tracked sessions ended."""
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    User.objects.filter(pk=user.pk).update(sessions_epoch=F("sessions_epoch") + 1)
    user.refresh_from_db(fields=["sessions_epoch"])
    return len(sessions)


def account_deletion_request(
    *, user, password: str, remove_question_ids=(), withdraw_consent: bool = False
) -> AccountDeletion:
    """Schedule the account's deletion after the grace period. ``remove_question_ids``:
    the public questions to remove with their answers (the others stay, anonymised)."""
    check_delete_account_permission(user)
    if not user.check_password(password or ""):
        raise ValidationError({"password": gettext(DELETION_WRONG_PASSWORD)}, code="password")
    public_ids = set(
        Question.objects.filter(author=user, is_private=False).values_list("pk", flat=True)
    )
    remove = sorted(public_ids & {int(pk) for pk in remove_question_ids})
    with transaction.atomic():
        deletion, created = AccountDeletion.objects.get_or_create(
            user=user,
            defaults={
                "email": user.email,
                "language": user.language,
                "remove_question_ids": remove,
                "scheduled_for": timezone.now()
                + timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS),
            },
        )
        if not created:
            raise ValidationError(gettext(DELETION_ALREADY_SCHEDULED), code="scheduled")
        if withdraw_consent:
            consent_withdraw(user=user)
    return deletion


def account_deletion_cancel(*, user) -> bool:
    """Logging in within the grace period cancels the deletion."""
    return bool(
        AccountDeletion.objects.filter(user=user, status=AccountDeletion.Status.SCHEDULED).delete()[
            0
        ]
    )


def account_delete(*, deletion_id: int, now=None) -> bool:
    """Carry out a due deletion (README "Your data"). Safe to run twice."""
    from .tasks import account_deletion_email_task

    now = now or timezone.now()
    with transaction.atomic():
        deletion = (
            AccountDeletion.objects.select_for_update()
            .filter(
                pk=deletion_id,
                status=AccountDeletion.Status.SCHEDULED,
                scheduled_for__lte=now,
                user__isnull=False,
            )
            .select_related("user")
            .first()
        )
        if deletion is None:
            return False
        user = deletion.user
        files = list(Attachment.objects.filter(uploader=user))
        files += list(Attachment.objects.filter(question__author=user).exclude(uploader=user))
        exports = list(DataExport.objects.filter(user=user))
        Attachment.objects.filter(pk__in=[a.pk for a in files]).delete()
        FollowUp.objects.filter(answer__question__author=user).delete()
        Question.objects.filter(author=user, is_private=True).delete()
        Question.objects.filter(author=user, pk__in=deletion.remove_question_ids).delete()
        Question.objects.filter(author=user).update(
            author=None, address_hash="", resolution="", resolution_at=None
        )
        sessions_end_all(user=user)
        # What other apps keep outside the rows that cascade (consultations' report files).
        erase_everywhere(user)
        # Cascades: notifications, thanks, emails, consents, preferences, exports, and
        # consultations (bookings, chat messages, quote enquiries and their reports).
        user.delete()
        AccountDeletion.objects.filter(pk=deletion.pk).update(
            status=AccountDeletion.Status.DONE, done_at=now, remove_question_ids=[]
        )
        paths = [(f.file, f.thumbnail) for f in files] + [(e.file, None) for e in exports]
        transaction.on_commit(lambda: _delete_files(paths))
        enqueue_on_commit(account_deletion_email_task, deletion.pk)
    return True


def _delete_files(paths) -> None:
    for pair in paths:
        for field in pair:
            if field:
                field.storage.delete(field.name)


def account_deletion_email_send(*, deletion_id: int) -> bool:
    """Tell the person their account is gone, once; then forget the address too."""
    claimed = AccountDeletion.objects.filter(
        pk=deletion_id, status=AccountDeletion.Status.DONE
    ).update(status=AccountDeletion.Status.EMAILING)
    if not claimed:
        return False
    deletion = AccountDeletion.objects.get(pk=deletion_id)
    # In the language the account had: the account itself is gone by now.
    with translation.override(supported(deletion.language)):
        message = EmailMessage(
            subject=gettext("[%(site)s] Your account has been deleted")
            % {"site": settings.SITE_NAME},
            body=render_to_string(
                "patients/email/account_deleted.txt",
                {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME},
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[deletion.email],
        )
    try:
        message.send(fail_silently=False)
    except Exception:
        AccountDeletion.objects.filter(pk=deletion_id).update(status=AccountDeletion.Status.DONE)
        raise
    AccountDeletion.objects.filter(pk=deletion_id).delete()
    return True


def patients_housekeeping(*, now=None) -> dict:
    """The hourly beat job: carry out due deletions, queue "done" emails that were lost,
    queue again exports whose build never ran (the broker was down when they were asked
    for, or a worker died building them), expire old exports, drop staged attachments
    nobody posted."""
    from .tasks import account_delete_task, account_deletion_email_task, data_export_build_task

    now = now or timezone.now()
    due = list(
        AccountDeletion.objects.filter(
            status=AccountDeletion.Status.SCHEDULED, scheduled_for__lte=now
        ).values_list("pk", flat=True)[:200]
    )
    for pk in due:
        account_delete_task.apply_async(args=(pk,))
    unsent = list(
        AccountDeletion.objects.filter(status=AccountDeletion.Status.DONE).values_list(
            "pk", flat=True
        )[:200]
    )
    for pk in unsent:
        account_deletion_email_task.apply_async(args=(pk,))
    waiting = list(
        DataExport.objects.filter(
            status=DataExport.Status.PENDING, created_at__lt=now - EXPORT_REQUEUE_AFTER
        ).values_list("pk", flat=True)[:200]
    )
    for pk in waiting:
        data_export_build_task.apply_async(args=(pk,))
    stale = list(
        Attachment.objects.filter(
            question__isnull=True, created_at__lt=now - STAGED_ATTACHMENTS_KEPT_FOR
        )
    )
    for attachment in stale:
        attachment_delete_files(attachment)
    Attachment.objects.filter(pk__in=[a.pk for a in stale]).delete()
    return {
        "deletions": len(due),
        "emails": len(unsent),
        "exports_requeued": len(waiting),
        "exports_expired": data_exports_expire(now=now),
        "staged_dropped": len(stale),
    }
