from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext
from django.views.decorators.http import require_POST

from doctors.pagecache import badge_identity, declare_doctors
from doctors.permissions import can_reconfirm
from doctors.selectors import (
    doctor_profile_completeness,
    doctor_profile_lists,
    doctor_verification_events,
)
from portal import pagecache
from portal.accounts import roles
from portal.accounts.consent import consent_current, consent_record
from portal.client import client_address
from portal.forms import add_validation_errors
from portal.pagecache import public_page
from portal.pagination import CachedCountPaginator, page_of
from portal.search import search_for
from portal.storage import private_file_response
from portal.taxonomy.models import Specialty
from portal.taxonomy.selectors import specialty_for_slug, specialty_list, specialty_suggest
from portal.visibility import may_see_moderated, removed_response

from . import messages as question_messages
from .attachments import check_attachment_count
from .drafts import draft_clear, draft_get, draft_save
from .emergency import EMERGENCY_NUMBERS, EMERGENCY_PHRASES, looks_like_emergency
from .forms import AnswerForm, FollowUpForm, FollowUpReplyForm, QuestionForm, ResolutionForm
from .models import Attachment
from .pagecache import declare_question_cards, question_list_tags
from .permissions import (
    can_answer_question,
    can_attach,
    can_mark_resolved,
    can_view_attachments,
    check_answer_permission,
    check_follow_up_permission,
    check_follow_up_reply_permission,
    check_resolve_permission,
)
from .selectors import (
    DoctorAnswerList,
    answer_get_for_viewer,
    answer_list_for_viewer,
    answered_question_keys,
    answered_question_rows,
    answered_questions_by_keys,
    attachment_get_for_viewer,
    attachment_summary,
    doctor_answer_list,
    doctor_dashboard_stats,
    doctor_follow_ups_waiting,
    doctor_open_question_list,
    follow_up_get_for_viewer,
    question_get_for_viewer,
    question_list_for_author,
    question_search_ids,
    question_search_page,
    similar_question_list,
    staged_attachment_list,
)
from .services import (
    answer_agree,
    answer_create,
    answer_thank,
    attachment_record_view,
    attachments_add,
    attachments_stage,
    follow_up_create,
    follow_up_reply,
    question_create,
    question_mark_resolved,
    question_record_view,
)
from .structured_data import question_jsonld, question_list_breadcrumbs
from .templatetags.question_cards import card_blocks, kept_cards, question_cards

PAGE_SIZE = 20
DASHBOARD_PAGE_SIZE = 10
EMERGENCY_MESSAGE = gettext_noop(
    "What you wrote may describe an emergency. Do not wait for the doctor: call 112 (108 "
    "for an ambulance in India) or go to the nearest emergency department now."
)


def _emergency_context() -> dict:
    return {"emergency_numbers": EMERGENCY_NUMBERS, "emergency_phrases": EMERGENCY_PHRASES}


@public_page("questions", "taxonomy")
def home_view(request):
    recent = kept_cards("home-recent", answered_question_rows()[:6], tags=["questions"])
    # The same consent box as /ask/ (visitors, accounts without consent on record), or the
    # first post from the home page came back asking for it.
    visitor = not request.user.is_authenticated
    ask_consent = visitor or consent_current(user=request.user) is None
    context = {
        "form": QuestionForm(ask_consent=ask_consent),
        "recent_questions": recent,
        "specialties": specialty_list(),
        **_emergency_context(),
    }
    return render(request, "home.html", context)


def _files_of(request) -> list:
    return request.FILES.getlist("attachments")


def ask_view(request):
    visitor = not request.user.is_authenticated
    # Asked of visitors, and of accounts with no consent on record (made before consent
    # was asked at sign-up, or withdrawn): asking stores health data.
    ask_consent = visitor or consent_current(user=request.user) is None
    kept: list = []
    if request.method == "POST" and request.POST.get("prefill"):
        # "Ask this as a question" from a search that found nothing: the words arrive in
        # a POST body, never in a URL, and fill the form without being checked yet.
        text = request.POST.get("text", "").replace("\x00", "")[: settings.QUESTION_MAX_LENGTH]
        form = QuestionForm(initial={"text": text}, ask_consent=ask_consent)
    elif request.method == "POST":
        form = QuestionForm(request.POST, ask_consent=ask_consent)
        files = _files_of(request)
        # Photos and reports are health data: kept only once consent is on record or given.
        if not visitor and (not ask_consent or request.POST.get("consent")):
            # Files that pass are stored (without a question) before anything else is
            # judged, so an error anywhere loses none of them: the form lists them, ticked.
            kept = staged_attachment_list(
                user=request.user, ids=request.POST.getlist("kept_attachments")
            )
            try:
                check_attachment_count(already=len(kept), adding=len(files))
            except ValidationError as exc:
                form.add_error(None, exc.messages)
                files = []
            new, file_errors = attachments_stage(user=request.user, files=files)
            kept += new
            for error in file_errors:
                form.add_error(None, error.messages)
        if form.is_valid():
            if visitor:
                draft_save(request, form.to_draft())
                messages.info(
                    request,
                    gettext(
                        "Create a free account or log in to post your question. We have kept "
                        "what you typed and will post it as soon as you are signed in."
                    ),
                )
                if files:
                    messages.warning(request, gettext(question_messages.ATTACHMENTS_AFTER_SIGNUP))
                return redirect("account_signup")
            data = form.cleaned_data
            try:
                question = question_create(
                    author=request.user,
                    text=data["text"],
                    age=data["age"],
                    gender=data["gender"],
                    specialty=data["specialty"],
                    is_private=data["is_private"],
                    address=client_address(request),
                    attachments=kept,
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                if ask_consent:
                    consent_record(user=request.user)
                draft_clear(request)
                if question.is_held:
                    messages.info(request, gettext(question_messages.QUESTION_WAITING))
                else:
                    messages.success(
                        request,
                        gettext("Your question is posted. We will tell you when a doctor answers."),
                    )
                return redirect(question)
        if kept:
            messages.info(request, gettext(question_messages.ATTACHMENTS_KEPT))
    else:
        draft = draft_get(request)
        initial = dict(draft) if draft else {}
        if not draft and request.GET.get("specialty"):
            specialty = specialty_for_slug(request.GET["specialty"])
            initial["specialty"] = specialty.pk if specialty else None
        if not draft and request.GET.get("q"):
            initial["text"] = request.GET["q"][:3000]
        form = QuestionForm(initial=initial, ask_consent=ask_consent)
    return render(
        request,
        "questions/ask.html",
        {"form": form, "kept_attachments": kept, **_emergency_context()},
    )


# POST, so a patient's half-typed health text never lands in a URL, an access log or a
# browser history.
@require_POST
def similar_view(request):
    text = request.POST.get("q", "")[: settings.QUESTION_MAX_LENGTH]
    results = [
        {"text": q.text[:140], "url": q.get_absolute_url(), "answers": q.answer_count}
        for q in similar_question_list(text=text)
    ]
    suggestion = specialty_suggest(text) if len(text) >= 20 else None
    return JsonResponse(
        {
            "results": results,
            "specialty": {"id": suggestion.pk, "name": suggestion.name} if suggestion else None,
            "emergency": looks_like_emergency(text),
        },
        headers={"Cache-Control": "no-store"},
    )


def _searched_page(request, specialty=None):
    """With ?q=, the page of answered questions matching it (the site search's engine,
    best first); else None."""
    search = search_for(request.GET.get("q", "")[:2000])
    if search is None:
        return None, ""
    ids = question_search_ids(search=search, specialty=specialty)
    page = page_of(request, ids, PAGE_SIZE)
    page.object_list = question_search_page(ids=list(page.object_list), search=search)
    return page, search.text


@public_page("questions", "taxonomy")
def question_list_view(request):
    page, q = _searched_page(request)
    if page is None:
        page = page_of(
            request,
            answered_question_keys(),
            PAGE_SIZE,
            paginator_class=CachedCountPaginator,
            bounded=True,
            count_key="answered-questions",
        )
        keys = [question.pk for question in page.object_list]
        cards = kept_cards(
            f"answered-list:{page.number}",
            lambda: answered_questions_by_keys(keys),
            tags=["questions"],
            heading_level=2,
        )
    else:
        cards = question_cards(page.object_list, heading_level=2)
    return render(
        request,
        "questions/list.html",
        {
            "q": q,
            "q_query": urlencode({"q": q}) if q else "",
            "page_obj": page,
            "cards": cards,
            "specialties": specialty_list(),
            "heading": gettext("Answered questions"),
            "breadcrumbs": question_list_breadcrumbs(),
        },
    )


@public_page("taxonomy")
def specialty_question_list_view(request, slug: str):
    specialty = get_object_or_404(Specialty, slug=slug)
    pagecache.depends_on(*question_list_tags(specialty.pk)[1:])
    page, q = _searched_page(request, specialty)
    if page is None:
        page = page_of(
            request,
            answered_question_keys(specialty=specialty),
            PAGE_SIZE,
            paginator_class=CachedCountPaginator,
            bounded=True,
            count_key=f"answered-questions:{specialty.pk}",
        )
        keys = [question.pk for question in page.object_list]
        cards = kept_cards(
            f"answered-list:{specialty.pk}:{page.number}",
            lambda: answered_questions_by_keys(keys),
            tags=question_list_tags(specialty.pk)[1:],
            heading_level=2,
        )
    else:
        cards = question_cards(page.object_list, heading_level=2)
    return render(
        request,
        "questions/list.html",
        {
            "q": q,
            "q_query": urlencode({"q": q}) if q else "",
            "page_obj": page,
            "cards": cards,
            "specialty": specialty,
            "specialties": specialty_list(),
            "heading": gettext("%(specialty)s questions") % {"specialty": specialty.name},
            "breadcrumbs": question_list_breadcrumbs(specialty),
        },
    )


def question_redirect_view(request, pk: int):
    # Only for those who may read it: the slug is the question's first words, so a held
    # or hidden question looks missing to everyone but its author and moderators.
    question = question_get_for_viewer(request.user, pk)
    if not question.is_public and not may_see_moderated(request.user, author_id=question.author_id):
        raise Http404("No such question")
    return redirect(question, permanent=True)


@public_page("taxonomy")
def question_detail_view(request, pk: int, slug: str):
    pagecache.depends_on(f"question:{pk}")
    question = question_get_for_viewer(request.user, pk, for_page=True)
    if not question.is_public and not may_see_moderated(request.user, author_id=question.author_id):
        if question.is_hidden:
            return removed_response(request)
        raise Http404("No such question")
    if question.is_private:
        # An old address with the question's first words: its asker is sent on to the
        # address without them; to everyone else it is missing, whoever may read it.
        if question.author_id != request.user.pk:
            raise Http404("No such question")
        return redirect(question)
    if slug != question.slug:
        return redirect(question, permanent=True)
    return _question_page(request, question)


def question_private_view(request, pk: int):
    """A private question's page, at an address with no words of it."""
    question = question_get_for_viewer(request.user, pk, for_page=True)
    if not question.is_public and not may_see_moderated(request.user, author_id=question.author_id):
        if question.is_hidden:
            return removed_response(request)
        raise Http404("No such question")
    if not question.is_private:
        return redirect(question)
    return _question_page(request, question)


RELATED_QUESTIONS = 4
BADGE_TEMPLATE = "partials/doctor_badge.html"


def _badge_identity(answer) -> tuple:
    return badge_identity(answer.doctor), tuple(answer.doctor.specialty_names)


def _attach_badges(answers) -> None:
    """Each answer's ``badge``: its doctor's badge with their specialties, kept rendered
    by what it shows (pagecache.rendered_blocks: the photo's <picture> and its srcsets were
    a tenth of a question page's render), all of a page's in one round trip."""
    badges = pagecache.rendered_blocks(
        BADGE_TEMPLATE,
        [
            (
                _badge_identity(answer),
                {
                    "doctor": answer.doctor,
                    "size": "",
                    "specialties": True,
                    "specialty_names": answer.doctor.specialty_names,
                },
            )
            for answer in answers
        ],
    )
    for answer, badge in zip(answers, badges, strict=True):
        answer.badge = badge


SPECIALTY_TAIL = "questions/partials/specialty_tail.html"


def _specialty_part_name(specialty) -> str:
    return f"question-specialty:{specialty.pk if specialty else None}"


def _specialty_parts(specialty) -> tuple[list[tuple[int, str]], str]:
    """What every question page of ``specialty`` shows below its answers, kept as one
    part for visitors (pagecache.captured: one round trip where it took seven, and no
    query): the newest answered questions of the specialty as cards, one more than a page
    shows so that each can leave itself out, as ``[(pk, html)]``; and the consult box and
    directory links as HTML. Stale when the specialty's list, a card's doctor, the
    taxonomy or the directory links move on, and when a card doctor's verification ends."""

    def compute():
        if specialty is None:
            newest = []
        else:
            pagecache.depends_on("taxonomy", *question_list_tags(specialty.pk)[1:])
            newest = list(answered_question_rows(specialty=specialty)[: RELATED_QUESTIONS + 1])
            declare_question_cards(newest)
        cards = [str(html) for html in card_blocks(newest)]
        tail = get_template(SPECIALTY_TAIL).render({"specialty": specialty})
        return list(zip([q.pk for q in newest], cards, strict=True)), tail

    related, tail = pagecache.captured(_specialty_part_name(specialty), compute)
    return related, mark_safe(tail)  # noqa: S308 - our own templates' output


def _question_page(request, question):
    question_record_view(user=request.user, question=question)
    answers = answer_list_for_viewer(question=question, user=request.user)
    # What follows reads, for a visitor, its doctors' versions, their badges and the
    # specialty's part: one round trip for all three (pagecache.read_ahead).
    pagecache.read_ahead(
        tags=[f"doctor:{answer.doctor.pk}" for answer in answers],
        blocks=[(BADGE_TEMPLATE, _badge_identity(answer)) for answer in answers],
        captured=[_specialty_part_name(question.specialty)],
    )
    declare_doctors([answer.doctor for answer in answers])
    _attach_badges(answers)
    related, specialty_tail = _specialty_parts(question.specialty)
    is_asker = request.user.is_authenticated and question.author_id == request.user.pk
    attachments = question.page_attachments
    context = {
        "attachments": attachments if can_view_attachments(request.user, question) else [],
        "attachment_summary": attachment_summary(attachments),
        "can_attach": can_attach(request.user, question),
        "attachment_help": QuestionForm.ATTACHMENT_HELP,
        "resolution_form": ResolutionForm(initial={"resolution": question.resolution})
        if can_mark_resolved(request.user, question)
        else None,
        "question": question,
        "answers": answers,
        "is_asker": is_asker,
        "show_emergency": is_asker and looks_like_emergency(question.text),
        "jsonld": question_jsonld(question, [a for a in answers if a.is_public])
        if question.is_public
        else None,
        "answer_form": AnswerForm()
        if can_answer_question(request.user, question)
        and not any(a.doctor.user_id == request.user.pk for a in answers)
        else None,
        "related": pagecache.mark_joined(
            [html for pk, html in related if pk != question.pk][:RELATED_QUESTIONS]
        ),
        "specialty_tail": specialty_tail,
        **_emergency_context(),
    }
    return render(request, "questions/detail.html", context)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _dashboard_after_answer(target: str, answer) -> str:
    parts = urlsplit(target)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in {"answered", "page"}]
    query.append(("answered", str(answer.pk)))
    return f"{parts.path}?{urlencode(query)}#answered"


@login_required
@require_POST
def answer_create_view(request, pk: int):
    question = question_get_for_viewer(request.user, pk)
    check_answer_permission(request.user, question)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answer = answer_create(
                user=request.user, question=question, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            target = _safe_next(request, question.get_absolute_url())
            if urlsplit(target).path == reverse("questions:dashboard"):
                # Back on the dashboard, on a card for this answer (with its link) above
                # the next question, rather than at the top with the answer gone.
                return redirect(_dashboard_after_answer(target, answer))
            if answer.is_held:
                messages.info(request, gettext(question_messages.ANSWER_WAITING))
            else:
                messages.success(
                    request, gettext("Your answer is published. The patient has been notified.")
                )
            return redirect(target)
    return render(
        request,
        "questions/answer_form.html",
        {"question": question, "answer_form": form, "next": _safe_next(request, "")},
        status=400,
    )


def _attachment_response(request, pk: int, *, thumbnail: bool):
    attachment = attachment_get_for_viewer(request.user, pk)
    field = attachment.thumbnail if thumbnail else attachment.file
    if not field:
        raise Http404("No thumbnail")
    response = private_file_response(
        field,
        # A PDF is downloaded, never shown inside the portal's origin.
        as_attachment=attachment.kind == Attachment.Kind.PDF and not thumbnail,
        filename=f"question-{attachment.question_id}-file-{attachment.pk}.{attachment.extension}",
        content_type="image/jpeg" if thumbnail else attachment.content_type,
    )
    attachment_record_view(user=request.user, attachment=attachment)
    return response


@login_required
def attachment_view(request, pk: int):
    return _attachment_response(request, pk, thumbnail=False)


@login_required
def attachment_thumbnail_view(request, pk: int):
    return _attachment_response(request, pk, thumbnail=True)


@login_required
@require_POST
def attachments_add_view(request, pk: int):
    question = question_get_for_viewer(request.user, pk)
    try:
        added = attachments_add(user=request.user, question=question, files=_files_of(request))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        if added:
            messages.success(
                request,
                ngettext(
                    "%(count)d file added for the doctors.",
                    "%(count)d files added for the doctors.",
                    len(added),
                )
                % {"count": len(added)},
            )
    return redirect(question)


@login_required
@require_POST
def follow_up_create_view(request, pk: int):
    answer = answer_get_for_viewer(request.user, pk)
    check_follow_up_permission(request.user, answer)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow_up_create(user=request.user, answer=answer, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("Your follow-up is sent to %(name)s.")
                % {"name": answer.doctor.display_name},
            )
            if looks_like_emergency(form.cleaned_data["text"]):
                messages.warning(request, gettext(EMERGENCY_MESSAGE))
            return redirect(answer)
    return render(
        request,
        "questions/follow_up_form.html",
        {"answer": answer, "form": form, "action": "create", **_emergency_context()},
        status=400,
    )


@login_required
@require_POST
def follow_up_reply_view(request, pk: int):
    follow_up = follow_up_get_for_viewer(request.user, pk)
    check_follow_up_reply_permission(request.user, follow_up)
    form = FollowUpReplyForm(request.POST)
    if form.is_valid():
        try:
            follow_up_reply(user=request.user, follow_up=follow_up, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, gettext("Your reply is sent. The patient has been notified."))
            return redirect(follow_up.answer)
    return render(
        request,
        "questions/follow_up_form.html",
        {"answer": follow_up.answer, "form": form, "action": "reply", "follow_up": follow_up},
        status=400,
    )


@login_required
@require_POST
def resolve_view(request, pk: int):
    question = question_get_for_viewer(request.user, pk)
    form = ResolutionForm(request.POST)
    if not form.is_valid():
        check_resolve_permission(request.user, question)
        messages.error(request, gettext(question_messages.RESOLUTION_INVALID))
        return redirect(question)
    question_mark_resolved(
        user=request.user, question=question, resolution=form.cleaned_data["resolution"]
    )
    messages.success(request, gettext("Thank you: the doctors see how their answers helped."))
    return redirect(question)


@login_required
def my_questions_view(request):
    page = page_of(request, question_list_for_author(user=request.user), PAGE_SIZE)
    return render(request, "questions/mine.html", {"page_obj": page})


@login_required
@require_POST
def answer_thank_view(request, pk: int):
    answer = answer_get_for_viewer(request.user, pk)
    if answer_thank(user=request.user, answer=answer):
        messages.success(
            request, gettext("You thanked %(name)s.") % {"name": answer.doctor.display_name}
        )
    return redirect(answer)


@login_required
@require_POST
def answer_agree_view(request, pk: int):
    answer = answer_get_for_viewer(request.user, pk)
    if answer_agree(user=request.user, answer=answer):
        messages.success(
            request,
            gettext("You agreed with %(name)s's answer.") % {"name": answer.doctor.display_name},
        )
    return redirect(answer)


# --- The doctor's dashboard: their answer queue and figures --------------------------------
@login_required
def dashboard_view(request):
    doctor = roles.doctor_profile(request.user)
    if doctor is None:
        raise PermissionDenied(gettext("The dashboard is for doctors."))
    tab = request.GET.get("tab", "open")
    # Read once for the completeness check, the open questions' order and the chips.
    lists = doctor_profile_lists(doctor=doctor)
    stats = doctor_dashboard_stats(doctor=doctor)
    context = {
        "doctor": doctor,
        "tab": tab,
        "stats": stats,
        "completeness": doctor_profile_completeness(doctor=doctor, lists=lists),
        "can_reconfirm": can_reconfirm(request.user),
    }
    if not doctor.is_verified:
        context["events"] = doctor_verification_events(doctor=doctor)[:5]
        return render(request, "doctors/dashboard_pending.html", context)
    if tab == "answers":
        answers = DoctorAnswerList(doctor=doctor, count=stats["total"])
        context["page_obj"] = page_of(request, answers, 20)
    else:
        mine = set(lists["specialty_ids"])
        specialties = specialty_list()
        my_specialties = [s for s in specialties if s.pk in mine]
        chosen = specialty_for_slug(request.GET.get("specialty", ""))
        open_questions = doctor_open_question_list(
            doctor=doctor,
            specialty=chosen,
            max_count=settings.LIST_MAX_PAGES * DASHBOARD_PAGE_SIZE,
            specialty_ids=[s.pk for s in my_specialties],
        )
        context["page_obj"] = page_of(request, open_questions, DASHBOARD_PAGE_SIZE, bounded=True)
        context["follow_ups"] = doctor_follow_ups_waiting(doctor=doctor)
        context["reply_form"] = FollowUpReplyForm()
        context["answer_form"] = AnswerForm()
        context["my_specialties"] = my_specialties
        context["chosen_specialty"] = chosen
        context["other_specialties"] = [s for s in specialties if s.pk not in mine]
        answered = request.GET.get("answered", "")
        # A key: ASCII digits, fewer than a bigint's 19 (int() refuses over 4,300 digits).
        if answered.isascii() and answered.isdigit() and len(answered) < 19:
            context["just_answered"] = (
                doctor_answer_list(doctor=doctor).filter(pk=int(answered)).first()
            )
    return render(request, "doctors/dashboard.html", context)
