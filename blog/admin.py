"""The editors' workspace. Every save and every workflow step goes through blog.services,
and what the admin offers is what blog.permissions allows."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from doctors.models import DoctorProfile
from portal.accounts.models import User
from portal.forms import add_validation_errors

from . import permissions, services
from .models import Article, ArticleStatusChange, AuthorProfile, FAQItem, Reference
from .selectors import author_name as byline_name
from .selectors import review_cutoff

Status = Article.Status


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    # Bylines, not accounts: editors see names, never the login emails behind them.
    list_display = ["display_name", "job_title"]
    search_fields = ["display_name"]
    prepopulated_fields = {"slug": ["display_name"]}
    raw_id_fields = ["user"]


class BylineChoiceField(forms.ModelChoiceField):
    """The author dropdown: each person by the name readers see, never the login."""

    def label_from_instance(self, obj):
        return byline_name(obj)


class _ArticlePartInline:
    """References and FAQ items change only with the article they belong to."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (
            obj is None or permissions.can_edit_article(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or permissions.can_edit_article(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or permissions.can_edit_article(request.user, obj)
        )


class ReferenceInline(_ArticlePartInline, admin.TabularInline):
    model = Reference
    fields = ["order", "title", "publisher", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    verbose_name_plural = "References (outside sources, in order)"


class FAQItemInline(_ArticlePartInline, admin.StackedInline):
    model = FAQItem
    fields = ["order", "question", "answer"]
    verbose_name_plural = "FAQ (plain text; shown in order and marked up as FAQPage)"


class StatusChangeInline(admin.TabularInline):
    model = ArticleStatusChange
    fields = ["created_at", "by", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Workflow history"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="by")
    def by(self, obj):
        # The person's byline, never their login email (doctors who approve included).
        return byline_name(obj.actor, fallback="Staff") if obj.actor_id else "-"


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = services.EDITABLE_FIELDS
        widgets = {
            "body": forms.Textarea(attrs={"rows": 30, "cols": 100, "spellcheck": "true"}),
            "summary": forms.Textarea(attrs={"rows": 2, "cols": 100}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "publish_at" in self.fields:
            # Times are read in the portal's time zone, whatever the editor's browser is
            # set to: said here once, instead of Django's "You are N hours behind".
            zone = timezone.get_current_timezone()
            offset = timezone.localtime(timezone.now()).strftime("%z")
            self.fields["publish_at"].help_text = (
                f"In the portal's time zone, {zone} (UTC{offset[:3]}:{offset[3:]}). "
                "A time ahead schedules the article."
            )

    def _post_clean(self):
        super()._post_clean()
        try:
            services.article_validate(article=self.instance)
        except ValidationError as exc:
            add_validation_errors(self, exc)


class WorkflowFilter(admin.SimpleListFilter):
    title = "workflow"
    parameter_name = "workflow"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "Waiting for review"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
            ("due", "Due for re-review"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value in (Status.DRAFT, Status.REVIEW):
            return queryset.filter(status=value)
        if value == "scheduled":
            return queryset.filter(status=Status.PUBLISHED, publish_at__gt=now)
        if value == "live":
            return queryset.filter(status=Status.PUBLISHED, publish_at__lte=now)
        if value == "due":
            return queryset.alias(reviewed=Coalesce("last_reviewed_at", "publish_at")).filter(
                status=Status.PUBLISHED, reviewed__lt=review_cutoff(now=now)
            )
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "workflow_state",
        "topic",
        "author_name",
        "reviewer",
        "reviewed_on",
        "preview_link",
    ]
    list_filter = [WorkflowFilter, "specialty", "treatment"]
    search_fields = ["title", "summary", "body", "slug"]
    list_select_related = [
        "specialty",
        "treatment",
        "author__author_profile",
        "author__doctor_profile",
        "reviewer",
    ]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "workflow_state",
        "preview_link",
        "read_minutes",
        "last_reviewed_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["workflow_state", "preview_link"]}),
        ("Article", {"fields": ["title", "slug", "specialty", "treatment", "summary", "body"]}),
        (
            "Cover image (needed to publish)",
            {
                "fields": ["cover_image", "cover_alt"],
                "description": "JPEG, PNG or WebP, ideally 1280 px wide or more. We make "
                "smaller sizes for phones and remove the camera's data (such as location).",
            },
        ),
        (
            "People and dates",
            {
                "fields": [
                    "author",
                    "reviewer",
                    "non_medical",
                    "publish_at",
                    "read_minutes",
                    "last_reviewed_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [ReferenceInline, FAQItemInline, StatusChangeInline]
    actions = ["send_to_review", "approve", "publish", "return_to_draft"]

    # --- who sees what ---------------------------------------------------------------
    def has_add_permission(self, request):
        return super().has_add_permission(request) and permissions.is_writer(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_edit_article(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Articles are unpublished (back to draft), not deleted, except by superusers.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return permissions.is_publisher(request.user)

    def has_review_permission(self, request):
        return permissions.is_medical_reviewer(request.user)

    def has_workflow_permission(self, request):
        return permissions.is_writer(request.user) or permissions.is_medical_reviewer(request.user)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reviewer":
            kwargs["queryset"] = DoctorProfile.objects.verified()
        elif db_field.name == "author":
            # A byline is one's own (blog.permissions.check_byline): the editor
            # themselves, or the writer of the article being edited.
            author_ids = {request.user.pk}
            match = request.resolver_match
            object_id = match.kwargs.get("object_id") if match else None
            if object_id and str(object_id).isdigit():
                author_ids.update(
                    Article.objects.filter(pk=object_id).values_list("author_id", flat=True)
                )
            kwargs["queryset"] = User.objects.filter(pk__in=author_ids).select_related(
                "author_profile", "doctor_profile"
            )
            kwargs["form_class"] = BylineChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_live else None

    def save_model(self, request, obj, form, change):
        changed = tuple(form.changed_data) if change else None
        services.article_save(actor=request.user, article=obj, changed=changed)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if change and formset.has_changed():
            services.article_review_lapse(actor=request.user, article=form.instance)

    # --- columns ---------------------------------------------------------------------
    @admin.display(description="status")
    def workflow_state(self, obj):
        if obj.pk is None:
            return "New draft"
        if obj.is_scheduled:
            return f"Scheduled for {timezone.localtime(obj.publish_at):%d %b %Y %H:%M}"
        label = obj.get_status_display()
        if obj.status == Status.PUBLISHED and obj.is_live:
            label = "Live"
        if obj.last_reviewed_at and obj.status != Status.DRAFT:
            label += " · medically approved"
        return label

    @admin.display(description="topic")
    def topic(self, obj):
        return " · ".join(t.name for t in (obj.specialty, obj.treatment) if t is not None)

    @admin.display(description="author", ordering="author__author_profile__display_name")
    def author_name(self, obj):
        return byline_name(obj.author)

    @admin.display(description="last reviewed", ordering="last_reviewed_at")
    def reviewed_on(self, obj):
        if obj.last_reviewed_at is None:
            return "-"
        return f"{timezone.localtime(obj.last_reviewed_at):%d %b %Y}"

    @admin.display(description="preview")
    def preview_link(self, obj):
        if obj.pk is None:
            return "Save the article to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview</a>',
            reverse("blog:preview", kwargs={"pk": obj.pk}),
        )

    # --- the article's own page: "Save and send to review", "Save and publish" -----------
    WORKFLOW_BUTTONS = {
        "_send_to_review": (services.article_send_to_review, "Saved and sent to review."),
        "_publish": (services.article_publish, "Saved and published (or scheduled)."),
    }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_send_to_review": article is not None
            and permissions.can_send_to_review(request.user, article),
            "can_publish_article": article is not None
            and permissions.can_publish_article(request.user, article),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        for name, (step, done) in self.WORKFLOW_BUTTONS.items():
            if name in request.POST:
                # The blog's own services decide (permissions, medical review rules).
                try:
                    step(actor=request.user, article=obj)
                except (PermissionDenied, ValidationError) as exc:
                    reason = "; ".join(getattr(exc, "messages", None) or [str(exc)])
                    self.message_user(request, f"Saved, but not moved on: {reason}", messages.ERROR)
                else:
                    self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # --- workflow actions ------------------------------------------------------------
    def _run(self, request, queryset, step, done_message: str):
        done = 0
        for article in queryset:
            try:
                step(actor=request.user, article=article)
            except (PermissionDenied, ValidationError) as exc:
                reason = "; ".join(getattr(exc, "messages", None) or [str(exc)])
                self.message_user(request, f"“{article}”: {reason}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message.format(n=done), messages.SUCCESS)

    @admin.action(description="Send to review", permissions=["workflow"])
    def send_to_review(self, request, queryset):
        self._run(request, queryset, services.article_send_to_review, "{n} sent to review.")

    @admin.action(description="Approve (medical review)", permissions=["review"])
    def approve(self, request, queryset):
        self._run(request, queryset, services.article_approve, "{n} approved.")

    @admin.action(
        description="Publish (or schedule, if the publish time is ahead)", permissions=["publish"]
    )
    def publish(self, request, queryset):
        self._run(request, queryset, services.article_publish, "{n} published or scheduled.")

    @admin.action(description="Return to draft", permissions=["workflow"])
    def return_to_draft(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda *, actor, article: services.article_return_to_draft(
                actor=actor, article=article, note="Returned to draft from the admin"
            ),
            "{n} returned to draft.",
        )
