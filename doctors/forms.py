"""Forms parse and check input; the rules themselves live in doctors.services (which runs
the same upload checks again, so a form can never be the only guard). Lengths and ranges
come from doctors.models, messages from doctors.services: nothing here re-types a limit."""

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from portal.taxonomy.models import City, Specialty

from . import services
from .models import (
    FIRST_YEAR,
    MAX_FEE,
    DoctorProfile,
    LicensingCouncil,
    Qualification,
    years_of_experience_max,
)
from .services import PublicDetails, QualificationData
from .uploads import MAX_DOCUMENTS, check_photo, check_proof_documents

DOCUMENT_ACCEPT = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


def _this_year() -> int:
    return timezone.localdate().year


def _max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def _profile_max(field_name: str) -> int:
    return _max_length(DoctorProfile, field_name)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented recipe)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class PublicDetailsForm(forms.Form):
    """What patients read on the profile and a verified doctor may change at any time."""

    specialties = forms.ModelMultipleChoiceField(
        queryset=Specialty.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=True,
        label=gettext_lazy("Specialties"),
        error_messages={"required": gettext_lazy("Choose at least one specialty.")},
    )
    years_of_experience = forms.IntegerField(
        label=gettext_lazy("Years of experience"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Enter your years of experience since your first degree.")
        },
    )
    languages = forms.CharField(
        label=gettext_lazy("Languages you consult in"),
        max_length=_profile_max("languages"),
        required=False,
        help_text=gettext_lazy("Separate with commas: English, Hindi, Marathi"),
    )
    city = forms.ModelChoiceField(
        queryset=City.objects.select_related("country").order_by("name"),
        required=False,
        empty_label=gettext_lazy("Choose your city"),
        label=gettext_lazy("City"),
    )
    clinic = forms.CharField(
        label=gettext_lazy("Clinic or hospital"),
        max_length=_profile_max("clinic"),
        required=False,
        help_text=gettext_lazy("Name and area, for example “Skin Care Clinic, Bandra West”."),
    )
    consultation_fee = forms.IntegerField(
        label=gettext_lazy("Fee in ₹ (optional)"),
        min_value=0,
        max_value=MAX_FEE,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"min_value": services.FEE_RANGE, "max_value": services.FEE_RANGE},
    )
    bio = forms.CharField(
        label=gettext_lazy("Short bio"),
        max_length=services.BIO_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(
            gettext_lazy(
                "A few sentences for patients: what you treat, how you work. Up to {limit} "
                "characters."
            ),
            limit=f"{services.BIO_MAX_LENGTH:,}",
        ),
    )
    photo = forms.FileField(
        label=gettext_lazy("Photo (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT}),
        help_text=gettext_lazy(
            "A clear photo of your face: JPEG, PNG or WebP, up to 5 MB. We resize it."
        ),
    )
    remove_photo = forms.BooleanField(label=gettext_lazy("Remove my current photo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The bound moves with the calendar (doctors.models.years_of_experience_max).
        years = self.fields["years_of_experience"]
        years.max_value = years_of_experience_max()
        years.validators.append(validators.MaxValueValidator(years.max_value))
        years.widget.attrs.update(max=years.max_value)
        message = services.YEARS_OF_EXPERIENCE_RANGE % {"limit_value": years.max_value}
        years.error_messages = {**years.error_messages, "min_value": message, "max_value": message}

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            check_photo(photo)
        return photo

    def public_details(self) -> PublicDetails:
        data = self.cleaned_data
        return PublicDetails(
            years_of_experience=data["years_of_experience"],
            specialties=data["specialties"],
            languages=data["languages"],
            city=data["city"],
            clinic=data["clinic"],
            consultation_fee=data["consultation_fee"],
            bio=data["bio"],
        )


def public_details_initial(doctor) -> dict:
    """A PublicDetailsForm's initial data: the doctor's public details as they are now."""
    return {
        "specialties": list(doctor.specialties.all()),
        "years_of_experience": doctor.years_of_experience,
        "languages": doctor.languages,
        "city": doctor.city_id,
        "clinic": doctor.clinic,
        "consultation_fee": doctor.consultation_fee,
        "bio": doctor.bio,
    }


class ApplicationForm(PublicDetailsForm):
    """The whole application: who the doctor is, their registration, and proof."""

    field_order = [
        "full_name",
        "registration_number",
        "licensing_council",
        "licensing_council_other",
        "registration_year",
    ]

    full_name = forms.CharField(
        label=gettext_lazy("Full name"),
        max_length=_profile_max("full_name"),
        help_text=gettext_lazy("As on your registration certificate."),
        error_messages={"required": gettext_lazy("Enter your full name.")},
    )
    registration_number = forms.CharField(
        label=gettext_lazy("Registration number"),
        max_length=_profile_max("registration_number"),
        error_messages={"required": services.REGISTRATION_NUMBER_REQUIRED},
    )
    licensing_council = forms.ChoiceField(
        label=gettext_lazy("Licensing council"),
        choices=[("", gettext_lazy("Choose your council")), *LicensingCouncil.choices],
        error_messages={"required": services.COUNCIL_REQUIRED},
    )
    licensing_council_other = forms.CharField(
        label=gettext_lazy("Name of your council"),
        max_length=_profile_max("licensing_council_other"),
        required=False,
    )
    registration_year = forms.IntegerField(
        label=gettext_lazy("Year of registration"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": gettext_lazy("Enter the year you were registered.")},
    )
    documents = MultipleFileField(
        label=gettext_lazy("Add documents"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=format_lazy(
            gettext_lazy(
                "Your registration certificate (and degrees if you like): PDF, PNG or JPEG, up "
                "to 5 MB each, {limit} at most. Only our verification staff can open them; they "
                "are never public."
            ),
            limit=MAX_DOCUMENTS,
        ),
    )
    remove_documents = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Documents you sent (tick to remove)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, doctor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.doctor = doctor
        self.existing_documents = list(doctor.documents.all()) if doctor else []
        self.fields["remove_documents"].choices = [
            (d.pk, d.original_name) for d in self.existing_documents
        ]
        year = self.fields["registration_year"]
        year.min_value, year.max_value = FIRST_YEAR, _this_year()
        year.widget.attrs.update(min=FIRST_YEAR, max=_this_year())

    def clean_registration_year(self):
        year = self.cleaned_data["registration_year"]
        if not FIRST_YEAR <= year <= _this_year():
            raise ValidationError(services.YEAR_RANGE % {"first": FIRST_YEAR, "last": _this_year()})
        return year

    def clean(self):
        data = super().clean()
        council = data.get("licensing_council")
        if council == LicensingCouncil.OTHER and not data.get("licensing_council_other", ""):
            self.add_error("licensing_council_other", services.COUNCIL_OTHER_REQUIRED)
        removed = set(data.get("remove_documents") or [])
        kept = sum(1 for d in self.existing_documents if d.pk not in removed)
        try:
            check_proof_documents(data.get("documents") or [], already_kept=kept)
        except ValidationError as exc:
            self.add_error("documents", exc)
        return data


class QualificationForm(forms.Form):
    degree = forms.CharField(
        label=gettext_lazy("Degree"),
        max_length=_max_length(Qualification, "degree"),
        help_text=gettext_lazy("For example MBBS, MD"),
    )
    institution = forms.CharField(
        label=gettext_lazy("College or university"),
        max_length=_max_length(Qualification, "institution"),
        required=False,
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=FIRST_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and year > _this_year():
            raise ValidationError(gettext("Enter a year up to %(year)d.") % {"year": _this_year()})
        return year

    def to_data(self) -> QualificationData:
        data = self.cleaned_data
        return QualificationData(
            degree=data["degree"], institution=data.get("institution", ""), year=data.get("year")
        )


class BaseQualificationFormSet(forms.BaseFormSet):
    def qualification_data(self) -> list[QualificationData]:
        return [
            form.to_data()
            for form in self.forms
            if form.has_changed() and form.cleaned_data.get("degree")
        ]


QualificationFormSet = forms.formset_factory(
    QualificationForm,
    formset=BaseQualificationFormSet,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=10,
    validate_max=True,
    # Django builds up to max_num + 1000 forms from a tampered TOTAL_FORMS: seconds of work
    # and a megabyte of page per request. Nobody holds more than ten qualifications.
    absolute_max=10,
)


def qualification_initial(doctor) -> list[dict]:
    if doctor is None:
        return []
    return [
        {"degree": q.degree, "institution": q.institution, "year": q.year}
        for q in doctor.qualification_set.all()
    ]


class DecisionForm(forms.Form):
    """A verifier's decision on an application."""

    APPROVE, NEEDS_INFO, REJECT = "approve", "needs_info", "reject"
    decision = forms.ChoiceField(
        choices=[
            (APPROVE, gettext_lazy("Approve")),
            (NEEDS_INFO, gettext_lazy("Ask for more information")),
            (REJECT, gettext_lazy("Reject")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose approve, ask for more information, or reject.")
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason the doctor will read"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Needed to ask for information or to reject. Shown on the doctor's "
            "dashboard, never in the email."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in {self.NEEDS_INFO, self.REJECT} and (
            len((data.get("reason") or "").strip()) < services.REASON_MIN_LENGTH
        ):
            self.add_error("reason", services.reason_required())
        return data


class ReconfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I confirm that my registration, qualifications and the details on my profile "
            "are current and correct."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm your details.")},
    )
