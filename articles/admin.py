from datetime import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import csrf_protect_m
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.forms.models import construct_instance
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from articles import live_admin, revisions  # noqa: F401 (live_admin registers the live desk)
from articles.admin_autosave import ArticleAutosaveAdminMixin
from articles.media import refuse_expired_images
from articles.models import (
    LEAD_IMAGE_NEEDS_ALT,
    Article,
    Byline,
    Correction,
    Section,
)
from articles.permissions import can_delete, can_edit, can_publish, can_view
from articles.services import (
    SavedArticle,
    Transition,
    article_apply,
    article_corrections_save,
    article_for_update,
    article_plan,
    article_transitions,
)
from articles.tags import TagsField
from articles.views import article_page_context
from core.text import CleanTextFormMixin, CleanTextModelForm
from images import embeds
from images.forms import ImageChoiceField, ImageChooserWidget
from images.models import Image
from images.services import add_image


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ("name", "parent", "menu_order", "slug")
    list_editable = ("menu_order",)
    list_select_related = ("parent",)
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "slug")


class BylineInline(admin.TabularInline):
    model = Byline
    autocomplete_fields = ("author",)
    extra = 0
    min_num = 1
    fields = ("position", "author")
    verbose_name = _("byline author")
    verbose_name_plural = _("byline (in order of appearance)")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The order is set with the rows' up and down buttons (article_fields.js).
        if db_field.name == "position":
            kwargs["widget"] = forms.HiddenInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CorrectionInline(admin.StackedInline):
    model = Correction
    form = CleanTextModelForm
    extra = 0
    fields = ("kind", "text", "created_at", "created_by")
    readonly_fields = ("created_by",)
    verbose_name = _("correction or update note")
    verbose_name_plural = _(
        "corrections and updates (shown to readers under the article, with the date)"
    )


def lock_token(article: Article) -> str:
    return article.updated_at.isoformat() if article.updated_at else ""


def _parse_token(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


class ArticleAdminForm(CleanTextFormMixin, forms.ModelForm):
    """The article form: content fields, one workflow button, and an edit lock."""

    # The article's last saved time when the form was opened: saving over a
    # newer version is refused (optimistic locking).
    lock_token = forms.CharField(widget=forms.HiddenInput, required=False)
    workflow_action = forms.ChoiceField(
        required=False,
        choices=Transition.choices,
        error_messages={
            "invalid_choice": _(
                "You can't do that with this article. Use one of the buttons below."
            )
        },
    )
    review_note = forms.CharField(
        label=_("Note to the reporter"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60, "spellcheck": "true"}),
        help_text=_(
            "Required when sending the article back: what should change? Kept "
            "with the article whichever button you press."
        ),
    )

    # The lead image's library details: shown for the chosen photo (and saved
    # to its library entry), or given to a photo uploaded with the form.
    lead_image_credit = forms.CharField(
        label=_("credit"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "true", "class": "vTextField"}),
        help_text=_("Who took or owns the photo, e.g. “Image Twitter@Dust”."),
    )
    lead_image_alt = forms.CharField(
        label=_("alt text"),
        max_length=250,
        required=False,
        widget=forms.TextInput(
            attrs={"spellcheck": "true", "class": "vTextField article-form__wide"}
        ),
        help_text=_(
            "Describe the photo for readers who cannot see it. Required to "
            "publish an article with a lead image."
        ),
    )
    lead_image_focal_x = forms.IntegerField(
        label=_("focal point across"),
        min_value=0,
        max_value=100,
        initial=50,
        required=False,
        help_text=_(
            "Where the subject is, in percent from the left edge (0 left, 50 "
            "centre, 100 right). Thumbnails of other shapes keep it in frame."
        ),
    )
    lead_image_focal_y = forms.IntegerField(
        label=_("focal point down"),
        min_value=0,
        max_value=100,
        initial=50,
        required=False,
        help_text=_(
            "Where the subject is, in percent from the top edge (0 top, 50 "
            "centre, 100 bottom)."
        ),
    )

    # Set by ArticleAdmin.get_form() for the request's user.
    user = None

    class Meta:
        model = Article
        fields = (
            "headline",
            "seo_headline",
            "slug",
            "standfirst",
            "body",
            "lead_image",
            "lead_image_caption",
            "section",
            "tags",
            "published_at",
            "comments_open",
            "coverage_started_at",
            "coverage_ended_at",
        )
        field_classes = {"tags": TagsField, "lead_image": ImageChoiceField}
        widgets = {
            "lead_image": ImageChooserWidget(
                x_field="lead_image_focal_x", y_field="lead_image_focal_y"
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.transitions = (
            article_transitions(article=self.instance, user=self.user)
            if self.user is not None
            else []
        )
        self.fields["workflow_action"].choices = [
            (transition.value, transition.label) for transition in self.transitions
        ]
        self.fields["lock_token"].initial = lock_token(self.instance)
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = _(
                "Leave empty and press “Publish now” to publish at once, or choose "
                "a future time and press “Schedule”. A time that has passed is kept "
                "by “Publish now” (e.g. the original date of an article published "
                "again)."
            )
        self.conflict = None
        self.workflow = None
        self.lead_image_upload = None
        self.lead_image_changed = []
        self.plan = None
        image = self.instance.lead_image if self.instance.lead_image_id else None
        if image is not None:
            self.initial.setdefault("lead_image_credit", image.credit)
            self.initial.setdefault("lead_image_alt", image.alt)
            self.initial.setdefault("lead_image_focal_x", image.focal_x)
            self.initial.setdefault("lead_image_focal_y", image.focal_y)

    def clean_lead_image(self):
        name = self.add_prefix("lead_image")
        if self.fields["lead_image"].widget.value_omitted_from_data(
            self.data, self.files, name
        ):
            # Not posted at all (as an omitted file input): keep the photo.
            return self.instance.lead_image if self.instance.lead_image_id else None
        value = self.cleaned_data.get("lead_image")
        if value is not None and not isinstance(value, Image):
            # A new upload: added to the library when the article is saved.
            self.lead_image_upload = value
            return None
        return value

    def _clean_lead_image_details(self, cleaned_data):
        """Check a new upload's library details, or apply them to the chosen photo.

        The chosen photo's changed details are saved to its library entry with
        the article (apply_lead_image()); set on it now, the model's checks (alt
        text to publish) see them.
        """
        credit = (cleaned_data.get("lead_image_credit") or "").strip()
        alt = (cleaned_data.get("lead_image_alt") or "").strip()
        if self.lead_image_upload is not None:
            if not credit:
                self.add_error(
                    "lead_image_credit",
                    _("Say who took or owns the photo: the library needs a credit."),
                )
            return
        image = cleaned_data.get("lead_image")
        if image is None:
            return
        details = {"credit": credit, "alt": alt}
        for name in ("focal_x", "focal_y"):
            value = cleaned_data.get(f"lead_image_{name}")
            if value is not None:
                details[name] = value
        for name, value in details.items():
            if value not in ("", getattr(image, name)):
                setattr(image, name, value)
                self.lead_image_changed.append(name)

    def clean(self):
        cleaned_data = super().clean()
        self._clean_lead_image_details(cleaned_data)
        self._refuse_workflow_fields()
        if self.instance.pk is not None:
            self._check_lock()
        action = cleaned_data.get("workflow_action") or Transition.SAVE
        if "workflow_action" in self.errors:
            return cleaned_data
        if action not in self.transitions:
            raise ValidationError(
                _("You can't do that with this article."), code="permission"
            )
        requested = (
            cleaned_data.get("published_at")
            if "published_at" in self.fields
            else self.instance.published_at
        )
        try:
            self.plan = article_plan(
                article=self.instance,
                user=self.user,
                action=action,
                published_at=requested,
                saved=self._saved(),
            )
        except ValidationError as error:
            self._add_workflow_error(error)
        except PermissionDenied:
            raise ValidationError(
                _("You can't do that with this article."), code="permission"
            ) from None
        else:
            self.workflow = self.plan.target
        if cleaned_data.get("review_note", "").strip() and not can_publish(self.user):
            self.add_error(
                "review_note", _("Only editors write notes to the reporter.")
            )
        if (
            action == Transition.SEND_BACK
            and not cleaned_data.get("review_note", "").strip()
        ):
            self.add_error(
                "review_note", _("Write a note telling the reporter what to change.")
            )
        cleaned_data["workflow_action"] = action
        return cleaned_data

    def _refuse_workflow_fields(self):
        """Refuse a posted status or time: only the buttons change them."""
        posted_status = self.data.get(self.add_prefix("status"))
        if posted_status and posted_status != self.instance.status:
            raise ValidationError(
                _(
                    "The status changes only with the buttons below, and only as "
                    "your role allows."
                ),
                code="permission",
            )
        if "published_at" not in self.fields:
            name = self.add_prefix("published_at")
            if any(self.data.get(key) for key in (name, f"{name}_0", f"{name}_1")):
                raise ValidationError(
                    _("Only editors can set the publication time."),
                    code="permission",
                )

    def _saved(self) -> SavedArticle | None:
        """Return the article as saved, read under its row lock (None if new).

        ArticleAdmin.get_object() has made that read (article_for_update()); a
        form used on its own makes it here. The lock holds until the admin's
        transaction ends: of two saves at once, the second waits for it, then
        reads the first one's changes.
        """
        if self.instance.pk is None:
            return None
        if getattr(self.instance, "saved", None) is None:
            locked = article_for_update(pk=self.instance.pk)
            self.instance.saved = locked.saved if locked is not None else None
        return self.instance.saved

    def _check_lock(self):
        saved = self._saved()
        current = saved.updated_at if saved is not None else None
        token = _parse_token(self.data.get(self.add_prefix("lock_token")))
        if current is None or token == current:
            return
        self.conflict = revisions.changes_since(
            article=self.instance, token=token, yours=self._snapshot_of_form()
        )
        # The editor has now seen what changed: saving again is a deliberate choice.
        data = self.data.copy()
        data[self.add_prefix("lock_token")] = current.isoformat()
        self.data = data
        raise ValidationError(
            _(
                "Someone else saved this article after you opened it. Nothing was "
                "saved: your text is still in the form below. Compare it with their "
                "changes, listed above, then save again to keep your version."
            ),
            code="stale",
        )

    def _snapshot_of_form(self) -> dict[str, str]:
        snapshot = {}
        for model_field in Article._meta.concrete_fields:
            if (
                model_field.name in self.fields
                and model_field.name in self.cleaned_data
            ):
                value = self.cleaned_data[model_field.name]
                if model_field.is_relation and value is not None:
                    value = value.pk
                snapshot[model_field.attname] = revisions._display(model_field, value)
        if "tags" in self.cleaned_data:
            snapshot[revisions.TAGS] = ", ".join(
                sorted(self.cleaned_data["tags"] or [], key=str.lower)
            )
        return snapshot

    def _add_workflow_error(self, error: ValidationError):
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)

    def apply_lead_image(self, user):
        """Add an uploaded photo to the library, or save the chosen one's details."""
        data = self.cleaned_data
        credit = (data.get("lead_image_credit") or "").strip()
        alt = (data.get("lead_image_alt") or "").strip()
        focal = (
            50
            if data.get("lead_image_focal_x") is None
            else data["lead_image_focal_x"],
            50
            if data.get("lead_image_focal_y") is None
            else data["lead_image_focal_y"],
        )
        if self.lead_image_upload is not None:
            self.instance.lead_image = add_image(
                self.lead_image_upload,
                title=self.instance.headline,
                caption=self.instance.lead_image_caption,
                credit=credit,
                alt=alt,
                focal=focal,
                uploaded_by=user,
            )
            return
        if self.lead_image_changed and self.instance.lead_image_id:
            self.instance.lead_image.save(update_fields=self.lead_image_changed)

    def _check_new_lead_image_alt(self):
        """Ask for a new upload's alt text: the library needs it."""
        if (
            self.lead_image_upload is None
            or (self.cleaned_data.get("lead_image_alt") or "").strip()
        ):
            return
        if (
            self.workflow is not None
            and self.workflow.status == Article.Status.PUBLISHED
        ):
            self.add_error("lead_image_alt", LEAD_IMAGE_NEEDS_ALT)
        else:
            self.add_error(
                "lead_image_alt",
                _(
                    "Describe the photo for readers who can't see it: the library "
                    "keeps alt text with every photo."
                ),
            )

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # A slug the article already holds is its own (and unique).
        if self.instance.pk is not None and "slug" not in self.changed_data:
            exclude.add("slug")
        return exclude

    def _save_m2m(self):
        # Tags as they were need no writing (taggit would look each one up and
        # version the article again).
        if "tags" in self.cleaned_data and "tags" not in self.changed_data:
            cleaned_data = self.cleaned_data
            self.cleaned_data = {
                name: value for name, value in cleaned_data.items() if name != "tags"
            }
            try:
                super()._save_m2m()
            finally:
                self.cleaned_data = cleaned_data
        else:
            super()._save_m2m()

    def _post_clean(self):
        self._check_new_lead_image_alt()
        # Validate the model in the state the button leads to (e.g. a published
        # article must have alt text for its lead image), then put the saved state
        # back: the workflow service makes the change when the admin saves.
        if self.workflow is None:
            return super()._post_clean()
        action = self.cleaned_data.get("workflow_action")
        if action in (Transition.PUBLISH, Transition.SCHEDULE):
            try:
                refuse_expired_images(construct_instance(self, self.instance))
            except ValidationError as error:
                self._update_errors(error)
        status = self.instance.status
        in_form = "published_at" in self.cleaned_data
        requested = (
            self.cleaned_data["published_at"] if in_form else self.instance.published_at
        )
        self.instance.status = self.workflow.status
        if in_form:
            self.cleaned_data["published_at"] = self.workflow.published_at
        else:
            self.instance.published_at = self.workflow.published_at
        try:
            super()._post_clean()
        finally:
            self.instance.status = status
            self.instance.published_at = requested
            if in_form:
                self.cleaned_data["published_at"] = requested


class WorkflowFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "workflow"

    def lookups(self, request, model_admin):
        return (
            ("draft", _("Draft")),
            ("review", _("In review")),
            ("scheduled", _("Scheduled")),
            ("live", _("Published (live)")),
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value == "draft":
            return queryset.drafts()
        if value == "review":
            return queryset.in_review()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "live":
            return queryset.published()
        return queryset


TRANSITION_MESSAGES = {
    Transition.SAVE: _("Saved."),
    Transition.SUBMIT: _("Submitted for review: an editor will look at it."),
    Transition.PUBLISH: _("Published: it is on the site now."),
    Transition.SCHEDULE: _("Scheduled: it will appear on the site on {time}."),
    Transition.UNPUBLISH: _(
        "Unpublished: the article is a draft again and its address no longer answers."
    ),
    Transition.SEND_BACK: _("Sent back to the reporter with your note."),
}


class RevisionTransactionMixin:
    """Save the change form in the transaction django-reversion has opened.

    VersionAdmin's views open the transaction with the revision, so the
    savepoint ModelAdmin.changeform_view would add inside it could only roll
    back to where the transaction itself does.
    """

    @csrf_protect_m
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        using = router.db_for_write(self.model)
        if reversion.is_active() and transaction.get_connection(using).in_atomic_block:
            return self._changeform_view(request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(Article)
class ArticleAdmin(ArticleAutosaveAdminMixin, RevisionTransactionMixin, VersionAdmin):
    form = ArticleAdminForm
    inlines = (BylineInline, CorrectionInline)
    list_display = (
        "headline",
        "section",
        "byline",
        "workflow_state",
        "published_at",
        "is_published",
    )
    list_filter = (WorkflowFilter, "section", "bylines__author", "comments_open")
    list_select_related = ("section", "section__parent")
    search_fields = ("headline", "seo_headline", "standfirst", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section",)
    ordering = ("-published_at", "-created_at")
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    revision_form_template = "admin/articles/article/revision_form.html"
    recover_form_template = "admin/articles/article/recover_form.html"
    history_latest_first = True

    def get_fieldsets(self, request, obj=None):
        return (
            (
                None,
                {"fields": ("headline", "seo_headline", "slug", "standfirst", "body")},
            ),
            (
                _("Lead image"),
                {
                    "fields": (
                        "lead_image",
                        "lead_image_caption",
                        "lead_image_credit",
                        "lead_image_alt",
                        ("lead_image_focal_x", "lead_image_focal_y"),
                    )
                },
            ),
            (_("Filing"), {"fields": ("section", "tags")}),
            (
                _("Publishing"),
                {"fields": ("workflow_state", "published_at", "comments_open")},
            ),
            (
                _("Live coverage"),
                {
                    "fields": ("coverage_started_at", "coverage_ended_at"),
                    "classes": ("collapse",),
                },
            ),
            (
                _("History"),
                {
                    "fields": (
                        "created_at",
                        "created_by",
                        "updated_at",
                        "content_updated_at",
                    ),
                    "classes": ("collapse",),
                },
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        fields = [
            "workflow_state",
            "created_at",
            "created_by",
            "updated_at",
            "content_updated_at",
        ]
        if not can_publish(request.user):
            fields += ["published_at", "coverage_started_at", "coverage_ended_at"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_inline_instances(self, request, obj=None):
        # Corrections belong to articles that exist (and usually to published ones).
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if obj is not None or not isinstance(inline, CorrectionInline)
        ]

    # Permissions: the role decides per object, on every view and every POST.

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("bylines__author")
        if can_publish(request.user):
            return queryset
        return queryset.owned_by(request.user)

    def get_object(self, request, object_id, from_field=None):
        # Look in every article: object permissions decide, so another reporter's
        # article answers 403 rather than pretending not to exist.
        try:
            pk = int(object_id)
        except (ValueError, TypeError):
            return None
        if request.method == "POST" and transaction.get_connection().in_atomic_block:
            # Saving: the one read of the save, locking the row (see
            # article_for_update); the form checks the edit lock against it.
            article = article_for_update(pk=pk)
        else:
            article = Article.objects.with_byline_user_ids().filter(pk=pk).first()
        if article is None:
            return None
        restoring = getattr(request, "_article_before_restore", None)
        if restoring is not None and restoring.pk == article.pk:
            self._keep_current_state(article, restoring)
            if hasattr(article, "saved"):
                article.saved = SavedArticle.of(restoring)
        return article

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_delete(request.user, obj)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

    # List columns.

    @admin.display(description=_("byline"))
    def byline(self, article: Article) -> str:
        return ", ".join(str(author) for author in article.byline_authors)

    @admin.display(boolean=True, description=_("live"))
    def is_published(self, article: Article) -> bool:
        return article.is_published

    @admin.display(description=_("status"), ordering="status")
    def workflow_state(self, article: Article) -> str:
        if article.pk is None:
            return gettext("New draft")
        if article.is_scheduled:
            return format_html(
                '<span class="workflow workflow--scheduled">{}</span>',
                gettext("Scheduled for {time}").format(
                    time=_format_time(article.published_at)
                ),
            )
        if article.is_published:
            return format_html(
                '<span class="workflow workflow--live">{}</span>', gettext("Published")
            )
        if article.status == Article.Status.IN_REVIEW:
            label = gettext("In review")
            if article.submitted_at:
                label = gettext("In review since {time}").format(
                    time=_format_time(article.submitted_at)
                )
            return format_html(
                '<span class="workflow workflow--review">{}</span>', label
            )
        return format_html(
            '<span class="workflow workflow--draft">{}</span>', gettext("Draft")
        )

    # Saving goes through the workflow services.

    def save_model(self, request, obj, form, change):
        form.apply_lead_image(request.user)
        action = form.cleaned_data.get("workflow_action") or Transition.SAVE
        request._article_action = action
        article_apply(
            article=obj,
            user=request.user,
            action=action,
            published_at=form.cleaned_data.get("published_at", obj.published_at),
            note=form.cleaned_data.get("review_note", ""),
            plan=form.plan,
        )
        request._article_note_kept = action != Transition.SEND_BACK and bool(
            form.cleaned_data.get("review_note", "").strip()
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        corrections = formset.save(commit=False)
        for correction in formset.deleted_objects:
            correction.delete()
        if corrections:
            article_corrections_save(
                article=form.instance, corrections=corrections, user=request.user
            )

    def _revision_comment(self, request, entry):
        """Name the workflow action in the version's comment ("Publish now. …")."""
        action = getattr(request, "_article_action", Transition.SAVE)
        if action != Transition.SAVE and reversion.is_active():
            message = entry.get_change_message()
            reversion.set_comment(f"{Transition(action).label}. {message}".strip())

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._revision_comment(request, entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._revision_comment(request, entry)
        return entry

    def _after_save(self, request, obj):
        action = getattr(request, "_article_action", Transition.SAVE)
        message = TRANSITION_MESSAGES[action]
        if action == Transition.SCHEDULE:
            message = message.format(time=_format_time(obj.published_at))
        self.message_user(request, message, messages.SUCCESS)
        if getattr(request, "_article_note_kept", False):
            self.message_user(
                request,
                _("Your note to the reporter is kept with the article."),
                messages.INFO,
            )
        url = reverse("admin:articles_article_change", args=(quote(obj.pk),))
        return HttpResponseRedirect(url)

    def response_add(self, request, obj, post_url_continue=None):
        if "_popup" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return self._after_save(request, obj)

    def response_change(self, request, obj):
        if "_popup" in request.POST or "_addanother" in request.POST:
            return super().response_change(request, obj)
        return self._after_save(request, obj)

    # Extra pages: preview, history with diffs, restore.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/preview/",
                self.preview_view,
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
        ] + super().get_urls()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        context = dict(extra_context or {})
        if object_id is not None:
            context["preview_url"] = reverse(
                "admin:articles_article_preview", args=(object_id,)
            )
        return super().changeform_view(request, object_id, form_url, context)

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        form = context["adminform"].form
        article = context.get("original")
        context.update(
            {
                "workflow_buttons": _workflow_buttons(form, article),
                "review_note_field": (
                    form["review_note"]
                    if Transition.SEND_BACK in form.transitions
                    else None
                ),
                "conflict": form.conflict,
                "review_notes": (
                    article.review_notes.select_related("created_by")
                    if article is not None and article.pk
                    else []
                ),
            }
        )
        return super().render_change_form(request, context, add, change, **kwargs)

    def preview_view(self, request, object_id):
        """Show the article exactly as readers will, to those who may edit it."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        user = request.user
        if not (user.is_active and user.is_staff):
            raise Http404
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404
        article = Article.objects.for_detail().get(pk=article.pk)
        if article.published_at is None:
            # The date it would carry if it went out now.
            article.published_at = timezone.now()
        context = article_page_context(request, article).context
        response = render(
            request,
            "articles/article_detail.html",
            context | {"preview": True, "noindex": True},
        )
        embeds.allow_frames(response, context["body"].frame_hosts)
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        versions = []
        if article is not None and self.has_view_permission(request, article):
            can_restore = self.has_change_permission(request, article)
            for version in revisions.article_versions(article):
                versions.append(
                    {
                        "version": version,
                        "revision": version.revision,
                        "restore_url": reverse(
                            "admin:articles_article_revision",
                            args=(quote(article.pk), version.pk),
                        )
                        if can_restore
                        else None,
                    }
                )
        context = {
            "versions": versions,
            "compare_url": reverse("admin:articles_article_compare", args=(object_id,)),
        } | (extra_context or {})
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        """Show what changed between two versions, field by field."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_permission(request, article):
            raise PermissionDenied

        def pick(name: str, default):
            value = request.GET.get(name)
            if value is None:
                return default
            version = revisions.article_version(article, value)
            if version is None:
                raise Http404
            return version

        latest = list(revisions.article_versions(article)[:2])
        if not latest:
            raise Http404
        newer = pick("to", latest[0])
        older = pick("from", latest[-1])
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        rows = revisions.compare(
            revisions.version_snapshot(older), revisions.version_snapshot(newer)
        )
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Changes to “{headline}”").format(headline=article),
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "original": article,
            "older": older,
            "newer": newer,
            "changed": [row for row in rows if row.changed],
            "unchanged": [row for row in rows if not row.changed],
            "history_url": reverse(
                "admin:articles_article_history", args=(quote(article.pk),)
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore an old version into the form; saving it makes a new version."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        # django-reversion finds the version by its id and object id alone, which
        # a byline or tag row of another article can match: only the article's
        # own versions are accepted, with the same answer as for a missing one.
        if revisions.restorable_version(article, version_id) is None:
            raise Http404
        # django-reversion puts the old version in the database (inside a
        # transaction) to fill the form; get_object() then restores the current
        # row so that the workflow state, the edit lock and the published URL
        # are today's, and only the content comes from the old version.
        request._article_before_restore = article
        context = {"restoring": True} | (extra_context or {})
        return super().revision_view(request, object_id, version_id, context)

    @staticmethod
    def _keep_current_state(article: Article, current: Article):
        concrete = {
            model_field.attname: getattr(current, model_field.attname)
            for model_field in Article._meta.concrete_fields
            if not model_field.primary_key
        }
        Article.objects.filter(pk=current.pk).update(**concrete)
        for name in (
            "status",
            "published_at",
            "submitted_at",
            "content_updated_at",
            "created_at",
            "created_by_id",
            "updated_at",
        ):
            setattr(article, name, getattr(current, name))

    def recoverlist_view(self, request, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied
        if revisions.recoverable_version(version_id) is None:
            raise Http404
        # The article exists only while the form is shown: nothing to delete.
        context = {"show_delete": False} | (extra_context or {})
        return super().recover_view(request, version_id, context)

    def changelist_view(self, request, extra_context=None):
        context = {"can_recover": can_publish(request.user)} | (extra_context or {})
        return super().changelist_view(request, context)


def _format_time(value) -> str:
    return date_format(timezone.localtime(value), "j F Y, H:i") if value else ""


BUTTON_LABELS = {
    Transition.PUBLISH: _("Publish now"),
    Transition.SCHEDULE: _("Schedule"),
    Transition.SUBMIT: _("Submit for review"),
    Transition.SEND_BACK: _("Send back to reporter"),
}


def _workflow_buttons(form: ArticleAdminForm, article: Article | None) -> list[dict]:
    """Return the buttons the user may press, the default (plain save) first."""
    status = article.status if article is not None else Article.Status.DRAFT
    buttons = []
    for transition in form.transitions:
        if transition == Transition.SAVE:
            label = {
                Article.Status.DRAFT: _("Save draft"),
                Article.Status.IN_REVIEW: _("Save (stays in review)"),
            }.get(status, _("Save changes"))
        elif transition == Transition.UNPUBLISH:
            label = (
                _("Cancel schedule (back to draft)")
                if article is not None and article.is_scheduled
                else _("Unpublish (back to draft)")
            )
        else:
            label = BUTTON_LABELS[transition]
        buttons.append(
            {
                "value": transition.value,
                "label": label,
                "default": transition == Transition.SAVE,
                "danger": transition == Transition.UNPUBLISH,
            }
        )
    return buttons
