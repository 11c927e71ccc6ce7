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

from portal.accounts import roles
from portal.accounts.services import audit_log_write
from portal.notifications.models import Notification
from portal.notifications.services import notification_create
from portal.rendering import render_markdown
from portal.search import detect_language

from . import messages
from .models import AGE_MAX, AGE_MIN, AGE_RANGE_MESSAGE, Agreement, Answer, Gender, Question, Thanks
from .permissions import (
    check_agree_permission,
    check_answer_permission,
    check_ask_permission,
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
    return template % {"limit_value": limit, "show_value": len(text)}


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
        errors["text"] = messages.QUESTION_TOO_MANY_LINKS % {"limit_value": MAX_LINKS_IN_QUESTION}
    if not isinstance(age, int) or isinstance(age, bool) or not AGE_MIN <= age <= AGE_MAX:
        errors["age"] = AGE_RANGE_MESSAGE
    if gender not in Gender.values:
        errors["gender"] = messages.GENDER_INVALID
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
        raise ValidationError(messages.QUESTION_FLOOD % {"wait": wait}, code="flood")
    day_ago = now - timedelta(days=1)
    if recent.filter(created_at__gte=day_ago).count() >= settings.QUESTION_DAILY_LIMIT:
        raise ValidationError(
            messages.QUESTION_DAILY_LIMIT % {"limit": settings.QUESTION_DAILY_LIMIT},
            code="daily_limit",
        )
    if (
        address_digest
        and Question.objects.filter(address_hash=address_digest, created_at__gte=day_ago).count()
        >= settings.QUESTION_DAILY_LIMIT_PER_ADDRESS
    ):
        raise ValidationError(messages.QUESTION_ADDRESS_LIMIT, code="address_limit")
    normalised = _normalise(text)
    for earlier in recent.filter(created_at__gte=now - DUPLICATE_WINDOW).values_list(
        "text", flat=True
    )[:50]:
        if _normalise(earlier) == normalised:
            raise ValidationError(messages.QUESTION_DUPLICATE, code="duplicate")


def question_create(
    *,
    author,
    text: str,
    age: int,
    gender: str,
    specialty=None,
    is_private: bool = False,
    address: str | None = None,
) -> Question:
    check_ask_permission(author)
    text = (text or "").strip()
    _validate_question_fields(text=text, age=age, gender=gender)
    digest = address_hash(address)
    with transaction.atomic():
        # One question at a time per account, so two quick submissions can't both pass
        # the flood and duplicate checks.
        get_user_model().objects.select_for_update().filter(pk=author.pk).first()
        _check_flood(author=author, address_digest=digest, text=text)
        question = Question.objects.create(
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
    return question


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
            raise ValidationError({"body": messages.ANSWER_DUPLICATE}, code="duplicate")
        now = timezone.now()
        answer = Answer.objects.create(
            question=locked, doctor=doctor, body=body, body_html=render_markdown(body)
        )
        Question.objects.filter(pk=locked.pk).update(
            answer_count=F("answer_count") + 1,
            answered_at=locked.answered_at or now,
            updated_at=now,  # the page changed: sitemaps and caches read this
        )
        if locked.author_id and locked.author_id != user.pk:
            notification_create(
                recipient=locked.author,
                kind=Notification.Kind.ANSWER,
                title=f"{doctor.display_name} answered your question",
                target_path=answer.get_absolute_url(),
            )
    return answer


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
