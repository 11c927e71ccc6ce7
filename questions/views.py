from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from doctors.permissions import can_reconfirm
from doctors.selectors import doctor_profile_completeness, doctor_verification_events
from portal.accounts import roles
from portal.client import client_address
from portal.forms import add_validation_errors
from portal.pagination import CachedCountPaginator, page_of
from portal.search import search_for
from portal.taxonomy.models import Specialty
from portal.taxonomy.selectors import specialty_for_slug, specialty_list, specialty_suggest

from .drafts import draft_clear, draft_get, draft_save
from .emergency import EMERGENCY_NUMBERS, EMERGENCY_PHRASES, looks_like_emergency
from .forms import AnswerForm, QuestionForm
from .permissions import (
    can_answer_question,
    check_answer_permission,
)
from .selectors import (
    answer_get_for_viewer,
    answer_list_for_viewer,
    answered_question_list,
    doctor_answer_list,
    doctor_dashboard_stats,
    doctor_open_question_list,
    question_get_for_viewer,
    question_list_for_author,
    question_search_ids,
    question_search_page,
    similar_question_list,
)
from .services import (
    answer_agree,
    answer_create,
    answer_thank,
    question_create,
    question_record_view,
)
from .structured_data import question_jsonld, question_list_breadcrumbs

PAGE_SIZE = 20


def _emergency_context() -> dict:
    return {"emergency_numbers": EMERGENCY_NUMBERS, "emergency_phrases": EMERGENCY_PHRASES}


def home_view(request):
    context = {
        "form": QuestionForm(),
        "recent_questions": answered_question_list()[:6],
        "specialties": specialty_list(),
        **_emergency_context(),
    }
    return render(request, "home.html", context)


def ask_view(request):
    if request.method == "POST" and request.POST.get("prefill"):
        # "Ask this as a question" from a search that found nothing: the words arrive in
        # a POST body, never in a URL, and fill the form without being checked yet.
        text = request.POST.get("text", "").replace("\x00", "")[:3000]
        form = QuestionForm(initial={"text": text})
    elif request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            if not request.user.is_authenticated:
                draft_save(request, form.to_draft())
                messages.info(
                    request,
                    "Create a free account or log in to post your question. We have kept "
                    "what you typed and will post it as soon as you are signed in.",
                )
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
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                draft_clear(request)
                messages.success(
                    request, "Your question is posted. We will tell you when a doctor answers."
                )
                return redirect(question)
    else:
        draft = draft_get(request)
        initial = dict(draft) if draft else {}
        if not draft and request.GET.get("specialty"):
            specialty = specialty_for_slug(request.GET["specialty"])
            initial["specialty"] = specialty.pk if specialty else None
        if not draft and request.GET.get("q"):
            initial["text"] = request.GET["q"][:3000]
        form = QuestionForm(initial=initial)
    return render(request, "questions/ask.html", {"form": form, **_emergency_context()})


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


def question_list_view(request):
    page, q = _searched_page(request)
    if page is None:
        page = page_of(
            request, answered_question_list(), PAGE_SIZE, paginator_class=CachedCountPaginator
        )
    return render(
        request,
        "questions/list.html",
        {
            "q": q,
            "q_query": urlencode({"q": q}) if q else "",
            "page_obj": page,
            "specialties": specialty_list(),
            "heading": "Answered questions",
            "breadcrumbs": question_list_breadcrumbs(),
        },
    )


def specialty_question_list_view(request, slug: str):
    specialty = get_object_or_404(Specialty, slug=slug)
    page, q = _searched_page(request, specialty)
    if page is None:
        qs = answered_question_list(specialty=specialty)
        page = page_of(request, qs, PAGE_SIZE, paginator_class=CachedCountPaginator)
    return render(
        request,
        "questions/list.html",
        {
            "q": q,
            "q_query": urlencode({"q": q}) if q else "",
            "page_obj": page,
            "specialty": specialty,
            "specialties": specialty_list(),
            "heading": f"{specialty.name} questions",
            "breadcrumbs": question_list_breadcrumbs(specialty),
        },
    )


def question_redirect_view(request, pk: int):
    # Only for those who may read it: the slug is the question's first words.
    question = question_get_for_viewer(request.user, pk)
    return redirect(question, permanent=True)


def question_detail_view(request, pk: int, slug: str):
    question = question_get_for_viewer(request.user, pk, for_page=True)
    if slug != question.slug:
        return redirect(question, permanent=True)
    question_record_view(user=request.user, question=question)
    answers = answer_list_for_viewer(question=question, user=request.user)
    is_asker = request.user.is_authenticated and question.author_id == request.user.pk
    context = {
        "question": question,
        "answers": answers,
        "is_asker": is_asker,
        "show_emergency": is_asker and looks_like_emergency(question.text),
        "jsonld": question_jsonld(question, answers),
        "answer_form": AnswerForm()
        if can_answer_question(request.user, question)
        and not any(a.doctor.user_id == request.user.pk for a in answers)
        else None,
        "related": answered_question_list(specialty=question.specialty).exclude(pk=question.pk)[:4]
        if question.specialty_id
        else [],
        **_emergency_context(),
    }
    return render(request, "questions/detail.html", context)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
@require_POST
def answer_create_view(request, pk: int):
    question = question_get_for_viewer(request.user, pk)
    check_answer_permission(request.user, question)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answer_create(user=request.user, question=question, body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Your answer is published. The patient has been notified.")
            return redirect(_safe_next(request, question.get_absolute_url()))
    return render(
        request,
        "questions/answer_form.html",
        {"question": question, "answer_form": form, "next": _safe_next(request, "")},
        status=400,
    )


@login_required
def my_questions_view(request):
    page = page_of(request, question_list_for_author(user=request.user), PAGE_SIZE)
    return render(request, "questions/mine.html", {"page_obj": page})


@login_required
@require_POST
def answer_thank_view(request, pk: int):
    answer = answer_get_for_viewer(request.user, pk)
    if answer_thank(user=request.user, answer=answer):
        messages.success(request, f"You thanked {answer.doctor.display_name}.")
    return redirect(answer)


@login_required
@require_POST
def answer_agree_view(request, pk: int):
    answer = answer_get_for_viewer(request.user, pk)
    if answer_agree(user=request.user, answer=answer):
        messages.success(request, f"You agreed with {answer.doctor.display_name}'s answer.")
    return redirect(answer)


# --- The doctor's dashboard: their answer queue and figures --------------------------------
@login_required
def dashboard_view(request):
    doctor = roles.doctor_profile(request.user)
    if doctor is None:
        raise PermissionDenied("The dashboard is for doctors.")
    tab = request.GET.get("tab", "open")
    context = {
        "doctor": doctor,
        "tab": tab,
        "stats": doctor_dashboard_stats(doctor=doctor),
        "completeness": doctor_profile_completeness(doctor=doctor),
        "can_reconfirm": can_reconfirm(request.user),
    }
    if not doctor.is_verified:
        context["events"] = doctor_verification_events(doctor=doctor)[:5]
        return render(request, "doctors/dashboard_pending.html", context)
    if tab == "answers":
        context["page_obj"] = page_of(request, doctor_answer_list(doctor=doctor), 20)
    else:
        context["page_obj"] = page_of(request, doctor_open_question_list(doctor=doctor), 10)
        context["answer_form"] = AnswerForm()
        context["my_specialties"] = list(doctor.specialties.all())
    return render(request, "doctors/dashboard.html", context)
