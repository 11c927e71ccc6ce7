"""Reads for reporting and the moderation queue."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Min
from django.http import Http404

from portal.visibility import Visibility

from .models import ModerationAction, PeerNote, Report, ReportReason
from .targets import TARGETS, Target

QUEUE_SIZE = 100


def _item_pk(pk) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such item") from None
    if not 0 < value < 2**63:
        raise Http404("No such item")
    return value


def target_get(kind: str) -> Target:
    target = TARGETS.get(kind)
    if target is None:
        raise Http404("Nothing of that kind can be reported")
    return target


def report_target_get_for_viewer(user, kind: str, pk) -> tuple[Target, object]:
    """The item ``user`` may report: one they can see as the public does. Http404 alike
    for an unknown kind, a missing item and one they cannot see."""
    target = target_get(kind)
    item = target.queryset().filter(pk=_item_pk(pk)).first()
    if item is None or not target.visible_to(user, item):
        raise Http404("No such item")
    return target, item


def moderation_item_get(kind: str, pk) -> tuple[Target, object]:
    """Any item of ``kind``, whatever its visibility: for moderators."""
    target = target_get(kind)
    item = target.queryset().filter(pk=_item_pk(pk)).first()
    if item is None:
        raise Http404("No such item")
    return target, item


@dataclass
class QueueEntry:
    target: Target
    item: object
    report_count: int = 0
    reasons: list[str] = field(default_factory=list)
    since: object = None
    held: bool = False

    @property
    def title(self) -> str:
        return self.target.title(self.item)


def moderation_queue() -> list[QueueEntry]:
    """Items with open reports, and items held by an automatic signal, grouped per item
    with their report count and reasons, oldest first."""
    groups = (
        Report.objects.filter(status=Report.Status.OPEN)
        .values("content_type", "object_id")
        .annotate(
            n=Count("id"),
            since=Min("created_at"),
            reasons=ArrayAgg("reason", distinct=True),
        )
        .order_by("since")[:QUEUE_SIZE]
    )
    types = ContentType.objects.get_for_models(*(t.model for t in TARGETS.values()))
    by_type = {types[t.model].pk: t for t in TARGETS.values()}
    wanted: dict[int, dict] = defaultdict(dict)
    for row in groups:
        if row["content_type"] in by_type:
            wanted[row["content_type"]][row["object_id"]] = row
    entries: dict[tuple[str, int], QueueEntry] = {}
    labels = dict(ReportReason.choices)
    for ct_id, rows in wanted.items():
        target = by_type[ct_id]
        for item in target.queryset().filter(pk__in=rows):
            row = rows[item.pk]
            entries[(target.kind, item.pk)] = QueueEntry(
                target=target,
                item=item,
                report_count=row["n"],
                reasons=[labels[r] for r in sorted(row["reasons"])],
                since=row["since"],
                held=item.visibility == Visibility.HELD,
            )
    for target in TARGETS.values():
        for item in target.queryset().filter(visibility=Visibility.HELD)[:QUEUE_SIZE]:
            entry = entries.setdefault(
                (target.kind, item.pk), QueueEntry(target=target, item=item, held=True)
            )
            entry.held = True
            if entry.since is None:
                entry.since = getattr(item, "created_at", None)
    return sorted(entries.values(), key=lambda e: (e.since is None, e.since))


def _item_filter(target: Target, item) -> dict:
    ct = ContentType.objects.get_for_model(target.model)
    return {"content_type": ct, "object_id": item.pk}


def item_report_list(target: Target, item):
    return Report.objects.filter(**_item_filter(target, item)).select_related("reporter")


def item_history(target: Target, item):
    """Every decision on the item, oldest first: who, what, why, when."""
    return ModerationAction.objects.filter(**_item_filter(target, item)).select_related("moderator")


def answer_has_open_medical_report(*, answer) -> bool:
    return Report.objects.filter(
        **_item_filter(TARGETS["answer"], answer),
        status=Report.Status.OPEN,
        reason=ReportReason.MEDICAL,
    ).exists()


def peer_note_list(*, answer):
    return PeerNote.objects.filter(answer=answer).select_related("doctor")


def open_report_count() -> int:
    return Report.objects.filter(status=Report.Status.OPEN).count()
