from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX_LENGTH, CHANGE_NOTE_MAX_LENGTH, PolicyPage, PolicyVersion
from .services import BODY_UNCHANGED, policy_version_publish


class PolicyPageForm(forms.ModelForm):
    """The page's title and description, and its text: saving a changed text publishes
    a new version (earlier ones are kept, read-only, below)."""

    body = forms.CharField(
        label=_("Text (markdown)"),
        widget=forms.Textarea(attrs={"rows": 30}),
        max_length=BODY_MAX_LENGTH,
        help_text=_("Saving a changed text publishes a new version with today's date."),
    )
    change_note = forms.CharField(
        label=_("What changed"), max_length=CHANGE_NOTE_MAX_LENGTH, required=False
    )

    class Meta:
        model = PolicyPage
        fields = ["kind", "title", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.versions.order_by("-number").first() if self.instance.pk else None
        if current is not None:
            self.fields["body"].initial = current.body
            self.fields["kind"].disabled = True


class PolicyVersionInline(admin.TabularInline):
    model = PolicyVersion
    fields = ["number", "published_at", "published_by", "change_note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PolicyPage)
class PolicyPageAdmin(admin.ModelAdmin):
    form = PolicyPageForm
    list_display = ["title", "kind"]
    inlines = [PolicyVersionInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        try:
            version = policy_version_publish(
                page=obj,
                body=form.cleaned_data["body"],
                author=request.user,
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as error:
            if error.messages != [BODY_UNCHANGED]:
                raise
        else:
            messages.success(
                request, gettext("Published version %(number)s.") % {"number": version.number}
            )
