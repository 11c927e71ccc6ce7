from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.accounts import roles
from portal.accounts.services import audit_log_write
from portal.forms import add_validation_errors
from portal.pagination import page_of
from portal.storage import private_file_response

from .forms import (
    ApplicationForm,
    DecisionForm,
    PublicDetailsForm,
    QualificationFormSet,
    ReconfirmForm,
    public_details_initial,
    qualification_initial,
)
from .models import ApplicationStatus
from .permissions import (
    can_decide_application,
    check_apply_permission,
    check_download_document_permission,
    check_edit_public_profile_permission,
    check_reconfirm_permission,
    check_verify_permission,
)
from .selectors import (
    QUEUE_STATUSES,
    doctor_application_counts,
    doctor_application_for_review,
    doctor_application_list,
    doctor_profile_completeness,
    doctor_verification_events,
    proof_document_for_download,
)
from .services import (
    doctor_application_approve,
    doctor_application_reject,
    doctor_application_request_info,
    doctor_application_submit,
    doctor_profile_update,
    doctor_reconfirm,
    verification_end_text,
)

FILES_NOT_KEPT = gettext_lazy(
    "Browsers do not keep chosen files when a form is sent back, so please choose your "
    "documents and photo again. Everything else you typed is kept."
)


# --- Doctors -------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def apply_view(request):
    """Apply to be verified, or edit the application while it waits or after staff asked
    for more information or rejected it."""
    doctor = roles.doctor_profile(request.user)
    if doctor is not None and doctor.is_approved:
        # Approved doctors edit their public details; lapsed ones re-confirm.
        return redirect("doctors:reconfirm" if doctor.is_expired else "doctors:profile_edit")
    check_apply_permission(request.user)
    files_lost = False
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, doctor=doctor)
        formset = QualificationFormSet(request.POST, prefix="q")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                doctor_application_submit(
                    user=request.user,
                    full_name=data["full_name"],
                    registration_number=data["registration_number"],
                    licensing_council=data["licensing_council"],
                    licensing_council_other=data["licensing_council_other"],
                    registration_year=data["registration_year"],
                    qualifications=formset.qualification_data(),
                    details=form.public_details(),
                    new_documents=data["documents"],
                    remove_document_ids=data["remove_documents"],
                    photo=data["photo"],
                    remove_photo=data["remove_photo"],
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(
                    request,
                    gettext(
                        "Your application is sent. Our staff check every doctor's "
                        "registration; we will email you when it is reviewed."
                    ),
                )
                return redirect("questions:dashboard")
        files_lost = bool(request.FILES)
    else:
        initial = {}
        if doctor is not None:
            initial = {
                "full_name": doctor.full_name,
                "registration_number": doctor.registration_number,
                "licensing_council": doctor.licensing_council,
                "licensing_council_other": doctor.licensing_council_other,
                "registration_year": doctor.registration_year,
                **public_details_initial(doctor),
            }
        form = ApplicationForm(initial=initial, doctor=doctor)
        formset = QualificationFormSet(initial=qualification_initial(doctor), prefix="q")
    return render(
        request,
        "doctors/apply.html",
        {
            "form": form,
            "formset": formset,
            "doctor": doctor,
            "files_lost": files_lost,
            "files_not_kept": FILES_NOT_KEPT,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit_view(request):
    """A verified doctor edits the public parts of their profile."""
    check_edit_public_profile_permission(request.user)
    doctor = request.user.doctor_profile
    if request.method == "POST":
        form = PublicDetailsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                doctor_profile_update(
                    user=request.user,
                    details=form.public_details(),
                    photo=form.cleaned_data["photo"],
                    remove_photo=form.cleaned_data["remove_photo"],
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, gettext("Your profile is updated."))
                return redirect("questions:dashboard")
    else:
        form = PublicDetailsForm(initial=public_details_initial(doctor))
    return render(
        request,
        "doctors/profile_edit.html",
        {
            "form": form,
            "doctor": doctor,
            "completeness": doctor_profile_completeness(doctor=doctor),
            "files_not_kept": FILES_NOT_KEPT,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reconfirm_view(request):
    check_reconfirm_permission(request.user)
    doctor = request.user.doctor_profile
    form = ReconfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            doctor = doctor_reconfirm(user=request.user)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
            return redirect("questions:dashboard")
        if doctor.application_status == ApplicationStatus.PENDING:
            messages.success(
                request,
                gettext(
                    "Thank you. Because your verification had expired, our staff will review "
                    "your details again; we will email you when it is done."
                ),
            )
        else:
            messages.success(
                request,
                gettext("Thank you. You are verified until %(date)s.")
                % {"date": verification_end_text(doctor)},
            )
        return redirect("questions:dashboard")
    return render(
        request,
        "doctors/reconfirm.html",
        {"form": form, "doctor": doctor},
        status=400 if request.method == "POST" else 200,
    )


# --- Staff ---------------------------------------------------------------------------------
@never_cache
def verification_queue_view(request):
    check_verify_permission(request.user)
    status = request.GET.get("status", ApplicationStatus.PENDING)
    if status not in ApplicationStatus.values:
        status = ApplicationStatus.PENDING
    page = page_of(request, doctor_application_list(status=status), 20)
    for doctor in page.object_list:
        doctor.can_decide = can_decide_application(request.user, doctor)
    counts = doctor_application_counts()
    return render(
        request,
        "doctors/verification_queue.html",
        {
            "page_obj": page,
            "status": status,
            "status_label": ApplicationStatus(status).label,
            "tabs": [(s.value, s.label, counts[s.value]) for s in QUEUE_STATUSES],
            "decision_form": DecisionForm(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verification_detail_view(request, pk: int):
    check_verify_permission(request.user)
    doctor = doctor_application_for_review(pk=pk)
    if doctor is None:
        raise Http404("No such application")
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_decide_application(request.user, doctor):
            raise PermissionDenied("You cannot decide on your own application.")
        if form.is_valid():
            decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
            try:
                if decision == DecisionForm.APPROVE:
                    doctor_application_approve(actor=request.user, doctor=doctor)
                elif decision == DecisionForm.NEEDS_INFO:
                    doctor_application_request_info(
                        actor=request.user, doctor=doctor, reason=reason
                    )
                else:
                    doctor_application_reject(actor=request.user, doctor=doctor, reason=reason)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                done = {
                    DecisionForm.APPROVE: gettext(
                        "%(name)s: approved. The doctor is being emailed."
                    ),
                    DecisionForm.NEEDS_INFO: gettext(
                        "%(name)s: asked for more information. The doctor is being emailed."
                    ),
                    DecisionForm.REJECT: gettext(
                        "%(name)s: rejected. The doctor is being emailed."
                    ),
                }[decision]
                messages.success(request, done % {"name": doctor.display_name})
                return redirect(reverse("doctors:verification_queue"))
    return render(
        request,
        "doctors/verification_detail.html",
        {
            "doctor": doctor,
            "breadcrumbs": [
                (gettext("Doctor verification"), reverse("doctors:verification_queue")),
                (doctor.full_name, reverse("doctors:verification_detail", args=[doctor.pk])),
            ],
            "events": doctor_verification_events(doctor=doctor),
            "decision_form": form,
            "can_decide": can_decide_application(request.user, doctor)
            and doctor.application_status == ApplicationStatus.PENDING,
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def document_view(request, pk: int):
    """Stream one proof document to a verifier, as a download, and write it in the audit
    log. Everyone else gets a 403 and no file, whether or not the document exists."""
    check_download_document_permission(request.user, None)
    document = proof_document_for_download(pk=pk)
    if document is None:
        raise Http404("No such document")
    response = private_file_response(
        document.file,
        filename=f"doctor-{document.doctor_id}-document-{document.pk}.{document.extension}",
        content_type=document.content_type,
    )
    audit_log_write(
        actor=request.user,
        action="download_proof_document",
        target=document,
        detail=f"{document.doctor.display_name}: {document.original_name}",
    )
    return response
