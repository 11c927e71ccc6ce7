"""The patient's account pages under "Your account": profile and consent, email
preferences, data export and account deletion (email, password and sessions are
allauth's pages, linked from the same menu)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from portal.accounts.consent import consent_current
from portal.forms import add_validation_errors
from portal.notifications.preferences import preferences_for
from portal.storage import private_file_response

from .forms import DeleteAccountForm, EmailPreferencesForm, ProfileForm
from .models import AccountDeletion, DataExport
from .permissions import delete_account_denial
from .selectors import public_questions_of
from .services import (
    account_deletion_request,
    data_export_get_for_owner,
    data_export_request,
    sessions_end_all,
)

PROFILE_SAVED = gettext_noop("Your profile is saved.")
PREFERENCES_SAVED = gettext_noop("Your email preferences are saved.")
EXPORT_QUEUED = gettext_noop(
    "We are preparing your copy. We will email you a link when it is ready (usually a "
    "few minutes); it also appears on this page."
)
DELETION_SCHEDULED = gettext_noop(
    "Your account will be deleted on %(date)s. You have been logged out everywhere; log "
    "in before then to cancel."
)


@login_required
def account_view(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext(PROFILE_SAVED))
        return redirect("patients:account")
    return render(
        request,
        "patients/account.html",
        {"form": form, "consent": consent_current(user=request.user), "section": "profile"},
        status=400 if form.errors else 200,
    )


@login_required
def preferences_view(request):
    form = EmailPreferencesForm(request.POST or None, instance=preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        preferences = form.save(commit=False)
        preferences.user = request.user
        preferences.save()
        messages.success(request, gettext(PREFERENCES_SAVED))
        return redirect("patients:preferences")
    return render(request, "patients/preferences.html", {"form": form, "section": "preferences"})


@login_required
def export_view(request):
    if request.method == "POST":
        try:
            data_export_request(user=request.user)
        except ValidationError as exc:
            messages.info(request, exc.messages[0])
        else:
            messages.success(request, gettext(EXPORT_QUEUED))
        return redirect("patients:export")
    exports = DataExport.objects.filter(user=request.user)[:5]
    return render(
        request,
        "patients/export.html",
        {"exports": exports, "section": "export", "export_days": settings.DATA_EXPORT_DAYS},
    )


@login_required
def export_download_view(request, pk: int):
    export = data_export_get_for_owner(request.user, pk)
    if export is None:
        raise Http404("No such export")
    return private_file_response(
        export.file,
        filename=f"health-portal-data-{export.ready_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )


@login_required
def delete_view(request):
    denial = delete_account_denial(request.user)
    withdraw = request.GET.get("withdraw") == "1" or request.POST.get("withdraw_consent") == "True"
    public_questions = public_questions_of(user=request.user)
    form = DeleteAccountForm(
        request.POST if request.method == "POST" and not denial else None,
        public_questions=public_questions,
        initial={"withdraw_consent": withdraw},
    )
    if request.method == "POST" and not denial and form.is_valid():
        try:
            deletion = account_deletion_request(
                user=request.user,
                password=form.cleaned_data["password"],
                remove_question_ids=form.cleaned_data["remove_questions"],
                withdraw_consent=form.cleaned_data["withdraw_consent"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            sessions_end_all(user=request.user)
            logout(request)
            messages.info(
                request,
                gettext(DELETION_SCHEDULED) % {"date": date_format(deletion.scheduled_for)},
            )
            return redirect("home")
    scheduled = AccountDeletion.objects.filter(user=request.user).first()
    return render(
        request,
        "patients/delete.html",
        {
            "form": form,
            "denial": denial,
            "withdraw": withdraw,
            "scheduled": scheduled,
            "section": "delete",
            "grace_days": settings.ACCOUNT_DELETION_GRACE_DAYS,
        },
        status=400 if form.errors else (403 if denial and request.method == "POST" else 200),
    )


@login_required
@require_POST
def logout_everywhere_view(request):
    sessions_end_all(user=request.user)
    logout(request)
    messages.info(request, gettext("You are logged out on every device, this one too."))
    return redirect("account_login")
