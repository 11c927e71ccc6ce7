"""What the portal's notification list says about answers and follow-ups, behind login:
the doctor and the question ("Dr. X answered “…”"). Registered with
portal.notifications.extras in QuestionsConfig.ready; emails keep the neutral stored
title and never see these labels."""

from django.utils.text import Truncator

from portal.notifications.models import Notification

from . import messages
from .models import Answer
from .permissions import can_view_question

QUESTION_WORDS = 12

_TEMPLATES = {
    Notification.Kind.ANSWER: messages.PORTAL_ANSWERED,
    Notification.Kind.FOLLOW_UP: messages.PORTAL_FOLLOW_UP,
    Notification.Kind.FOLLOW_UP_REPLY: messages.PORTAL_FOLLOW_UP_REPLY,
}


def answer_labels(notifications) -> dict[int, str]:
    """One query for the page: each notification's answer (object_id), its question and
    doctor. A question the recipient may no longer read keeps the stored title."""
    ids = {n.object_id for n in notifications}
    answers = Answer.objects.select_related("question", "doctor").in_bulk(ids)
    labels = {}
    for notification in notifications:
        answer = answers.get(notification.object_id)
        if answer is None or not can_view_question(notification.recipient, answer.question):
            continue
        labels[notification.pk] = _TEMPLATES[notification.kind].format(
            doctor=answer.doctor.display_name,
            question=Truncator(answer.question.text).words(QUESTION_WORDS, truncate="…"),
        )
    return labels


def register() -> None:
    from portal.notifications.extras import portal_labels_register

    for kind in _TEMPLATES:
        portal_labels_register(kind=kind, builder=answer_labels)
