from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Accreditation, Clinic, CostEntry
from .services import cost_entry_place_resolve, cost_entry_rule_errors


class AccreditationFilter(admin.SimpleListFilter):
    title = _("accreditation")
    parameter_name = "accreditation"

    def lookups(self, request, model_admin):
        return Accreditation.choices

    def queryset(self, request, queryset):
        if self.value() in Accreditation.values:
            return queryset.filter(accreditations__contains=[self.value()])
        return queryset


class ClinicForm(forms.ModelForm):
    """The admin builds the model form from ClinicAdmin.fieldsets; this adds checkboxes
    for the accreditation list."""

    accreditations = forms.MultipleChoiceField(
        choices=Accreditation.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class CostEntryForm(forms.ModelForm):
    """Fills in the city and country from the clinic (or the country from the city) and
    applies the same rules as the CSV import, through directory.services."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "country" in self.fields:
            self.fields["country"].required = False
            self.fields["country"].help_text = _("Filled in from the clinic or city if empty.")
        if "currency" in self.fields:
            self.fields["currency"].required = False

    def clean(self):
        data = super().clean()
        try:
            clinic, city, country = cost_entry_place_resolve(
                clinic=data.get("clinic"), city=data.get("city"), country=data.get("country")
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        data["city"], data["country"] = city, country
        self.instance.clinic, self.instance.city, self.instance.country = clinic, city, country
        if not data.get("currency"):
            data["currency"] = country.currency
        data["currency"] = data["currency"].upper()
        probe = CostEntry(
            low_price=data.get("low_price"),
            high_price=data.get("high_price"),
            currency=data["currency"],
            source_kind=data.get("source_kind", ""),
            source_url=data.get("source_url", ""),
            checked_on=data.get("checked_on"),
        )
        for name, message in cost_entry_rule_errors(probe).items():
            self.add_error(name if name in self.fields else None, message)
        return data


# Links typed without a scheme are taken as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class CostEntryInline(admin.TabularInline):
    model = CostEntry
    formfield_overrides = URL_FIELDS
    form = CostEntryForm
    extra = 0
    fields = [
        "treatment",
        "low_price",
        "high_price",
        "currency",
        "includes",
        "source_kind",
        "source_name",
        "source_url",
        "checked_on",
    ]
    autocomplete_fields = ["treatment"]


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    form = ClinicForm
    formfield_overrides = URL_FIELDS
    list_display = [
        "name",
        "kind",
        "city",
        "accreditation_list",
        "is_sponsored",
        "doctor_count",
        "updated_at",
    ]
    list_filter = ["kind", "is_sponsored", AccreditationFilter, "city__country", "specialties"]
    list_select_related = ["city"]
    search_fields = ["name", "address", "city__name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["city", "doctors"]
    filter_horizontal = ["specialties", "treatments"]
    inlines = [CostEntryInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "city", "description", "photo"]}),
        (_("Contact"), {"fields": ["address", "postcode", "phone", "website"]}),
        (
            _("What it offers"),
            {"fields": ["accreditations", "specialties", "treatments", "doctors"]},
        ),
        (
            _("Sponsorship"),
            {
                "fields": ["is_sponsored"],
                "description": _(
                    "A sponsored clinic always carries a visible “Sponsored” "
                    "label. Sponsorship never changes the order of any list."
                ),
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_doctor_count=Count("doctors"))

    @admin.display(description=_("accreditations"))
    def accreditation_list(self, obj):
        return ", ".join(obj.accreditations) or "—"

    @admin.display(description=_("doctors"), ordering="_doctor_count")
    def doctor_count(self, obj):
        return obj._doctor_count


@admin.register(CostEntry)
class CostEntryAdmin(admin.ModelAdmin):
    form = CostEntryForm
    formfield_overrides = URL_FIELDS
    list_display = [
        "treatment",
        "place",
        "country",
        "low_price",
        "high_price",
        "currency",
        "source_kind",
        "source_name",
        "checked_on",
    ]
    list_filter = ["source_kind", "treatment", "country", "checked_on"]
    list_select_related = ["treatment", "clinic", "city", "country"]
    search_fields = ["treatment__name", "clinic__name", "city__name", "source_name", "includes"]
    autocomplete_fields = ["treatment", "clinic", "city", "country"]
    date_hierarchy = "checked_on"
    fieldsets = [
        (None, {"fields": ["treatment"]}),
        (
            _("Place"),
            {
                "fields": ["clinic", "city", "country"],
                "description": _("Give a clinic, a city or a country; the rest is filled in."),
            },
        ),
        (_("Price"), {"fields": ["low_price", "high_price", "currency", "includes"]}),
        (
            _("Source"),
            {
                "fields": ["source_kind", "source_name", "source_url", "checked_on"],
                "description": _("Pages never show a price without its source and date."),
            },
        ),
    ]

    @admin.display(description=_("place"))
    def place(self, obj):
        return obj.place_label
