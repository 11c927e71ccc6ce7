from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.client import client_address
from portal.forms import add_validation_errors
from questions.selectors import answer_get_for_viewer

from . import messages
from .forms import ActionForm, PeerNoteForm, ReportForm
from .permissions import can_add_peer_note, check_moderate_permission
from .selectors import (
    item_history,
    item_report_list,
    moderation_item_get,
    moderation_queue,
    peer_note_list,
    report_target_get_for_viewer,
)
from .services import ACTIONS, peer_note_create, report_create


def report_view(request, kind: str, pk: int):
    target, item = report_target_get_for_viewer(request.user, kind, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            form.add_error(None, messages.REPORT_CHECK_FAILED)
        else:
            try:
                report_create(
                    target=target,
                    item=item,
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    address=client_address(request),
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                flash.success(request, messages.REPORT_THANKS)
                return redirect(target.url(item))
    status = 400 if form.errors else 200
    return render(
        request,
        "moderation/report.html",
        {
            "form": form,
            "target": target,
            "item_title": target.title(item),
            "item_url": target.url(item),
        },
        status=status,
    )


@login_required
def queue_view(request):
    check_moderate_permission(request.user)
    return render(request, "moderation/queue.html", {"entries": moderation_queue()})


def _item_context(target, item, *, form=None, failed_action=None) -> dict:
    author = target.author(item)
    return {
        "target": target,
        "item": item,
        "item_url": target.url(item),
        "item_title": target.title(item),
        "author": author,
        "reports": item_report_list(target, item),
        "history": item_history(target, item),
        "peer_notes": peer_note_list(answer=item) if target.kind == "answer" else [],
        "form": form or ActionForm(),
        "failed_action": failed_action,
        "actions": [
            (name, label)
            for name, label in ACTION_LABELS.items()
            if (author is not None or name not in AUTHOR_ACTIONS)
            and not (name == "hide" and item.is_hidden)
            and not (name == "restore" and item.is_public)
        ],
    }


ACTION_LABELS = {
    "dismiss": gettext_lazy("Dismiss the reports"),
    "hide": gettext_lazy("Hide"),
    "restore": gettext_lazy("Restore"),
    "ask_edit": gettext_lazy("Ask the author to edit"),
    "suspend": gettext_lazy("Suspend the author's account"),
    "remove_all": gettext_lazy("Remove everything this account posted"),
}
AUTHOR_ACTIONS = {"ask_edit", "suspend", "remove_all"}


@login_required
def item_view(request, kind: str, pk: int):
    check_moderate_permission(request.user)
    target, item = moderation_item_get(kind, pk)
    return render(request, "moderation/item.html", _item_context(target, item))


@login_required
@require_POST
def action_view(request, kind: str, pk: int, action: str):
    check_moderate_permission(request.user)
    service = ACTIONS.get(action)
    if service is None:
        raise Http404("No such action")
    target, item = moderation_item_get(kind, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            service(
                moderator=request.user,
                target=target,
                item=item,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            flash.success(request, messages.DONE[action])
            return redirect("moderation:item", kind=kind, pk=item.pk)
    context = _item_context(target, item, form=form, failed_action=action)
    return render(request, "moderation/item.html", context, status=400)


@login_required
def peer_note_view(request, pk: int):
    answer = answer_get_for_viewer(request.user, pk)
    if not can_add_peer_note(request.user, answer):
        raise PermissionDenied
    form = PeerNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            peer_note_create(user=request.user, answer=answer, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            flash.success(request, messages.PEER_NOTE_THANKS)
            return redirect(answer.get_absolute_url())
    return render(
        request,
        "moderation/peer_note.html",
        {"form": form, "answer": answer, "back": reverse("questions:dashboard")},
        status=400 if form.errors else 200,
    )
