"""Writes for questions and answers: every rule about asking and answering lives here."""

import hashlib
import re
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from portal import pagecache, screening
from portal.accounts import roles
from portal.accounts.services import audit_log_write
from portal.notifications.models import Notification
from portal.notifications.services import notification_create
from portal.rendering import render_markdown
from portal.search import detect_language
from portal.visibility import Visibility

from . import messages
from .attachments import check_attachment_count, process_attachment
from .emergency import looks_like_self_harm
from .models import (
    AGE_MAX,
    AGE_MIN,
    Agreement,
    Answer,
    Attachment,
    FollowUp,
    Gender,
    Question,
    Resolution,
    Thanks,
    age_range_message,
)
from .permissions import (
    check_agree_permission,
    check_answer_permission,
    check_ask_permission,
    check_attach_permission,
    check_follow_up_permission,
    check_follow_up_reply_permission,
    check_resolve_permission,
    check_thank_permission,
)

URL_RE = re.compile(r"https?://|www\.", re.IGNORECASE)
MAX_LINKS_IN_QUESTION = 2
DUPLICATE_WINDOW = timedelta(days=30)


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def address_hash(address: str | None) -> str:
    """A keyed hash of the client address: enough to rate-limit, useless to identify."""
    if not address:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


# A slug in Devanagari takes nine URL characters a letter: cut it so its URL stays short
# enough for a notification's target_path (300) whatever the script.
SLUG_MAX_URL_LENGTH = 120


def question_slug(text: str) -> str:
    slug = slugify(" ".join(text.split()[:12]), allow_unicode=True)[:80].strip("-")
    while len(quote(slug)) > SLUG_MAX_URL_LENGTH:
        slug = slug[:-1].strip("-")
    return slug or "question"


def _length_message(template: str, limit: int, text: str) -> str:
    """A length message worded as the form's length validators word it."""
    return gettext(template) % {"limit_value": limit, "show_value": len(text)}


def _validate_question_fields(*, text: str, age, gender: str) -> None:
    errors = {}
    if len(text) < settings.QUESTION_MIN_LENGTH:
        errors["text"] = _length_message(
            messages.QUESTION_TOO_SHORT, settings.QUESTION_MIN_LENGTH, text
        )
    elif len(text) > settings.QUESTION_MAX_LENGTH:
        errors["text"] = _length_message(
            messages.QUESTION_TOO_LONG, settings.QUESTION_MAX_LENGTH, text
        )
    elif len(URL_RE.findall(text)) > MAX_LINKS_IN_QUESTION:
        errors["text"] = gettext(messages.QUESTION_TOO_MANY_LINKS) % {
            "limit_value": MAX_LINKS_IN_QUESTION
        }
    if not isinstance(age, int) or isinstance(age, bool) or not AGE_MIN <= age <= AGE_MAX:
        errors["age"] = age_range_message()
    if gender not in Gender.values:
        errors["gender"] = gettext(messages.GENDER_INVALID)
    if errors:
        raise ValidationError(errors)


def _check_flood(*, author, address_digest: str, text: str) -> None:
    if roles.bypasses_flood_control(author):
        return
    now = timezone.now()
    recent = Question.objects.filter(author=author).order_by("-created_at")
    last = recent.values_list("created_at", flat=True).first()
    if last and now - last < timedelta(seconds=settings.QUESTION_FLOOD_SECONDS):
        wait = settings.QUESTION_FLOOD_SECONDS - int((now - last).total_seconds())
        raise ValidationError(gettext(messages.QUESTION_FLOOD) % {"wait": wait}, code="flood")
    day_ago = now - timedelta(days=1)
    if recent.filter(created_at__gte=day_ago).count() >= settings.QUESTION_DAILY_LIMIT:
        raise ValidationError(
            gettext(messages.QUESTION_DAILY_LIMIT) % {"limit": settings.QUESTION_DAILY_LIMIT},
            code="daily_limit",
        )
    if (
        address_digest
        # The network's questions count the public's only: staff testing from the office
        # network must not use up the day's questions of every patient behind it.
        and Question.objects.filter(address_hash=address_digest, created_at__gte=day_ago)
        .exclude(author__is_staff=True)
        .count()
        >= settings.QUESTION_DAILY_LIMIT_PER_ADDRESS
    ):
        raise ValidationError(gettext(messages.QUESTION_ADDRESS_LIMIT), code="address_limit")
    normalised = _normalise(text)
    for earlier in recent.filter(created_at__gte=now - DUPLICATE_WINDOW).values_list(
        "text", flat=True
    )[:50]:
        if _normalise(earlier) == normalised:
            raise ValidationError(gettext(messages.QUESTION_DUPLICATE), code="duplicate")


def question_create(
    *,
    author,
    text: str,
    age: int,
    gender: str,
    specialty=None,
    is_private: bool = False,
    address: str | None = None,
    attachments: list[Attachment] | tuple = (),
) -> Question:
    """``attachments`` are the asker's staged files (attachments_stage), joined to the new
    question in the same transaction."""
    check_ask_permission(author)
    text = (text or "").strip()
    _validate_question_fields(text=text, age=age, gender=gender)
    digest = address_hash(address)
    with transaction.atomic():
        # One question at a time per account, so two quick submissions can't both pass
        # the flood and duplicate checks.
        get_user_model().objects.select_for_update().filter(pk=author.pk).first()
        _check_flood(author=author, address_digest=digest, text=text)
        held = _question_hold_reason(author=author, text=text)
        question = Question.objects.create(
            visibility=Visibility.HELD if held else Visibility.VISIBLE,
            moderation_reason=held,
            author=author,
            text=text,
            slug=question_slug(text),
            specialty=specialty,
            age=age,
            gender=gender,
            is_private=is_private,
            address_hash=digest,
            language=detect_language(text),
        )
        staged = [a.pk for a in attachments if a.uploader_id == author.pk]
        check_attachment_count(already=0, adding=len(staged))
        Attachment.objects.filter(pk__in=staged, question__isnull=True).update(question=question)
        if looks_like_self_harm(text):
            _alert_moderators(question)
    return question


def _question_hold_reason(*, author, text: str) -> str:
    """Why a new question waits for a moderator before it is public, or "" (moderators'
    own questions never wait)."""
    if roles.is_moderator(author):
        return ""
    if screening.is_disposable_email(author.email):
        return screening.HELD_DISPOSABLE_EMAIL
    new_since = timezone.now() - timedelta(days=settings.NEW_ACCOUNT_DAYS)
    if author.date_joined >= new_since and screening.has_link_or_phone(text):
        return screening.HELD_LINK_OR_PHONE
    week_ago = timezone.now() - timedelta(days=7)
    same = Question.objects.filter(created_at__gte=week_ago, text__iexact=text).count()
    if same + 1 >= settings.REPEATED_TEXT_LIMIT:
        return screening.HELD_REPEATED
    return ""


def _alert_moderators(question: Question) -> None:
    """A question that mentions self-harm: every moderator hears at once (a link only)."""
    for moderator in roles.moderator_list():
        notification_create(
            recipient=moderator,
            kind=Notification.Kind.MODERATION_ALERT,
            title=messages.SELF_HARM_ALERT,
            target_path=question.get_link_path(),
        )


def answer_create(*, user, question: Question, body: str) -> Answer:
    """A verified doctor answers. Notifies the asker (in the portal and by email, after
    commit)."""
    check_answer_permission(user, question)
    body = (body or "").strip()
    if len(body) < settings.ANSWER_MIN_LENGTH:
        raise ValidationError(
            {"body": _length_message(messages.ANSWER_TOO_SHORT, settings.ANSWER_MIN_LENGTH, body)},
            code="short",
        )
    if len(body) > settings.ANSWER_MAX_LENGTH:
        raise ValidationError(
            {"body": _length_message(messages.ANSWER_TOO_LONG, settings.ANSWER_MAX_LENGTH, body)},
            code="long",
        )
    doctor = user.doctor_profile
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if Answer.objects.filter(question=locked, doctor=doctor).exists():
            raise ValidationError({"body": gettext(messages.ANSWER_DUPLICATE)}, code="duplicate")
        now = timezone.now()
        held = screening.is_mostly_link(body) and not roles.is_moderator(user)
        answer = Answer.objects.create(
            question=locked,
            doctor=doctor,
            body=body,
            body_html=render_markdown(body),
            visibility=Visibility.HELD if held else Visibility.VISIBLE,
            moderation_reason=screening.HELD_MOSTLY_LINK if held else "",
        )
        answer.question = locked
        if held:
            return answer
        Question.objects.filter(pk=locked.pk).update(
            answer_count=F("answer_count") + 1,
            answered_at=locked.answered_at or now,
            updated_at=now,  # the page changed: sitemaps and caches read this
        )
        answer_notify_asker(answer=answer)
    return answer


def answer_notify_asker(*, answer: Answer) -> None:
    """Tell the asker a doctor answered: when the answer is saved, or when a moderator
    approves one that waited."""
    question = answer.question
    if question.author_id and question.author_id != answer.doctor.user_id:
        notification_create(
            recipient=question.author,
            kind=Notification.Kind.ANSWER,
            title=messages.NOTIFY_ANSWERED,
            target_path=answer.get_link_path(),
            object_id=answer.pk,
        )


def question_record_view(*, user, question: Question) -> None:
    """Staff reading someone else's private question leave a trace in the audit log."""
    if question.is_private and roles.is_moderator(user) and question.author_id != user.pk:
        audit_log_write(actor=user, action="view_private_question", target=question)


def answer_thank(*, user, answer: Answer) -> bool:
    """The asker thanks the doctor for an answer. Returns False if already thanked."""
    check_thank_permission(user, answer)
    with transaction.atomic():
        _, created = Thanks.objects.get_or_create(answer=answer, user=user)
        if created:
            Answer.objects.filter(pk=answer.pk).update(thanks_count=F("thanks_count") + 1)
    return created


def answer_agree(*, user, answer: Answer) -> bool:
    """A verified doctor agrees with another doctor's answer. Returns False if they had
    already agreed: each doctor counts once."""
    check_agree_permission(user, answer)
    with transaction.atomic():
        _, created = Agreement.objects.get_or_create(answer=answer, doctor=user.doctor_profile)
        if created:
            Answer.objects.filter(pk=answer.pk).update(agree_count=F("agree_count") + 1)
    return created


def question_answer_figures_refresh(*, question_id: int) -> None:
    """Recount a question's answers after one was hidden or restored: answer_count and
    answered_at (the first public answer's time; none left, the question is unanswered
    again and leaves the answered lists)."""
    public = Answer.objects.public().filter(question_id=question_id)
    first = public.order_by("created_at").values_list("created_at", flat=True).first()
    Question.objects.filter(pk=question_id).update(answer_count=public.count(), answered_at=first)
    question = Question.objects.filter(pk=question_id).first()
    if question is not None:
        pagecache.bump_for(question)


# --- Attachments --------------------------------------------------------------------------
def attachments_stage(*, user, files) -> tuple[list[Attachment], list[ValidationError]]:
    """Check and store each upload for ``user`` before it has a question (the ask form):
    the files that pass are kept as rows without a question, so a form error elsewhere
    loses none of them. Returns (kept, errors); nothing is raised for a bad file."""
    kept, errors = [], []
    for upload in files:
        try:
            processed = process_attachment(upload)
        except ValidationError as exc:
            errors.append(exc)
            continue
        kept.append(_attachment_store(user=user, question=None, processed=processed))
    return kept, errors


def _attachment_store(*, user, question, processed) -> Attachment:
    attachment = Attachment(
        question=question,
        uploader=user,
        kind=processed.kind,
        original_name=processed.original_name,
        size=processed.size,
    )
    attachment.file.save(processed.content.name, processed.content, save=False)
    if processed.thumbnail is not None:
        attachment.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
    attachment.save()
    return attachment


def attachments_add(*, user, question: Question, files) -> list[Attachment]:
    """The asker adds photos or reports while the question is unanswered. All or nothing:
    every problem is reported at once and nothing is stored if any file is refused."""
    check_attach_permission(user, question)
    if question.answer_count:
        raise ValidationError(gettext(messages.ATTACHMENT_ANSWERED), code="answered")
    errors, processed = [], []
    for upload in files:
        try:
            processed.append(process_attachment(upload))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    try:
        check_attachment_count(already=question.attachments.count(), adding=len(files))
    except ValidationError as exc:
        errors.extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return [_attachment_store(user=user, question=question, processed=p) for p in processed]


def attachment_record_view(*, user, attachment: Attachment) -> None:
    """Staff opening a patient's attachment leave a trace in the audit log."""
    if roles.is_moderator(user) and attachment.uploader_id != user.pk:
        audit_log_write(actor=user, action="view_question_attachment", target=attachment)


def attachment_delete_files(attachment: Attachment) -> None:
    """Remove an attachment's files from the private storage (the row is the caller's)."""
    for field in (attachment.file, attachment.thumbnail):
        if field:
            field.storage.delete(field.name)


def attachments_discard_staged(*, user) -> int:
    """Drop ``user``'s staged files that never got a question."""
    staged = list(Attachment.objects.filter(uploader=user, question__isnull=True))
    for attachment in staged:
        attachment_delete_files(attachment)
    Attachment.objects.filter(pk__in=[a.pk for a in staged]).delete()
    return len(staged)


# --- Follow-ups ---------------------------------------------------------------------------
def _check_follow_up_text(text: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({"text": gettext(messages.FOLLOW_UP_REQUIRED)}, code="required")
    if len(text) < settings.FOLLOW_UP_MIN_LENGTH:
        raise ValidationError(
            {
                "text": _length_message(
                    messages.FOLLOW_UP_TOO_SHORT, settings.FOLLOW_UP_MIN_LENGTH, text
                )
            },
            code="short",
        )
    if len(text) > settings.FOLLOW_UP_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _length_message(
                    messages.FOLLOW_UP_TOO_LONG, settings.FOLLOW_UP_MAX_LENGTH, text
                )
            },
            code="long",
        )
    return text


def follow_up_create(*, user, answer: Answer, text: str) -> FollowUp:
    """The asker's one follow-up to the doctor who wrote ``answer``. The doctor is told in
    the portal and by email (a link, never the text)."""
    check_follow_up_permission(user, answer)
    text = _check_follow_up_text(text)
    with transaction.atomic():
        Answer.objects.select_for_update().filter(pk=answer.pk).first()
        if FollowUp.objects.filter(answer=answer).exists():
            raise ValidationError({"text": gettext(messages.FOLLOW_UP_DUPLICATE)}, code="duplicate")
        follow_up = FollowUp.objects.create(answer=answer, text=text)
        # The page changed: sitemaps and caches read updated_at.
        Question.objects.filter(pk=answer.question_id).update(updated_at=timezone.now())
        notification_create(
            recipient=answer.doctor.user,
            kind=Notification.Kind.FOLLOW_UP,
            title=messages.NOTIFY_FOLLOW_UP,
            target_path=answer.get_link_path(),
            object_id=answer.pk,
        )
    return follow_up


def follow_up_reply(*, user, follow_up: FollowUp, text: str) -> FollowUp:
    """The answering doctor replies once; the asker is told (a link only)."""
    check_follow_up_reply_permission(user, follow_up)
    text = _check_follow_up_text(text)
    with transaction.atomic():
        updated = FollowUp.objects.filter(pk=follow_up.pk, replied_at__isnull=True).update(
            reply=text, replied_at=timezone.now()
        )
        if not updated:
            raise ValidationError(
                {"text": gettext(messages.FOLLOW_UP_REPLY_DUPLICATE)}, code="duplicate"
            )
        follow_up.refresh_from_db()
        question = follow_up.answer.question
        Question.objects.filter(pk=question.pk).update(updated_at=timezone.now())
        pagecache.bump(f"question:{question.pk}")  # the reply shows under the answer
        if question.author_id:
            notification_create(
                recipient=question.author,
                kind=Notification.Kind.FOLLOW_UP_REPLY,
                title=messages.NOTIFY_FOLLOW_UP_REPLY,
                target_path=follow_up.answer.get_link_path(),
                object_id=follow_up.answer_id,
            )
    return follow_up


# --- "Was this resolved?" -------------------------------------------------------------------
def question_mark_resolved(*, user, question: Question, resolution: str) -> None:
    check_resolve_permission(user, question)
    if resolution not in Resolution.values:
        raise ValidationError(gettext(messages.RESOLUTION_INVALID), code="invalid")
    Question.objects.filter(pk=question.pk).update(
        resolution=resolution, resolution_at=timezone.now()
    )
    question.resolution = resolution
    # The answering doctors' dashboards count how their answers helped (no public page
    # shows it: doctor_dashboard_stats).
    doctor_ids = Answer.objects.filter(question_id=question.pk).values_list("doctor_id", flat=True)
    pagecache.bump(*(f"doctor-resolutions:{pk}" for pk in doctor_ids))
