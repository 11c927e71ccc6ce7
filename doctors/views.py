from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from portal.accounts import roles
from questions.forms import AnswerForm
from questions.selectors import (
    answered_question_list,
    doctor_answer_list,
    doctor_open_question_list,
)

from .selectors import doctor_dashboard_stats, doctor_for_profile_page


@login_required
def dashboard_view(request):
    if not roles.is_verified_doctor(request.user) and not roles.is_doctor_applicant(request.user):
        raise PermissionDenied("The dashboard is for doctors.")
    doctor = request.user.doctor_profile
    tab = request.GET.get("tab", "open")
    context = {"doctor": doctor, "tab": tab, "stats": doctor_dashboard_stats(doctor=doctor)}
    if not doctor.is_verified:
        return render(request, "doctors/dashboard_pending.html", context)
    if tab == "answers":
        context["page_obj"] = Paginator(doctor_answer_list(doctor=doctor), 20).get_page(
            request.GET.get("page")
        )
    else:
        context["page_obj"] = Paginator(doctor_open_question_list(doctor=doctor), 10).get_page(
            request.GET.get("page")
        )
        context["answer_form"] = AnswerForm()
        context["my_specialties"] = list(doctor.specialties.all())
    return render(request, "doctors/dashboard.html", context)


def profile_view(request, slug: str):
    doctor = doctor_for_profile_page(slug=slug)
    if doctor is None:
        raise Http404("No such doctor")
    answers = answered_question_list().filter(answers__doctor=doctor).distinct()
    page = Paginator(answers, 10).get_page(request.GET.get("page"))
    return render(request, "doctors/profile.html", {"doctor": doctor, "page_obj": page})
