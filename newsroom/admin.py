from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import CleanTextModelForm
from newsroom.front_page import TOP_STORIES_MAX
from newsroom.models import FrontPage, SiteSettings, TopStory


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("site_name", "tagline", "logo")}),
        (
            _("Call to action and social links"),
            {
                "fields": (
                    "call_to_action",
                    "facebook_url",
                    "instagram_url",
                    "x_url",
                    "youtube_url",
                )
            },
        ),
        (_("Contact"), {"fields": ("contact_email", "contact_address")}),
        (
            _("Comments"),
            {
                "fields": (
                    "comment_moderation",
                    "comments_close_after_days",
                    "trusted_commenter_threshold",
                    "comment_max_links",
                    "moderation_digest_minutes",
                    "moderation_email",
                    "comment_report_threshold",
                    "comments_closed_from",
                    "comments_closed_until",
                    "comments_closed_message",
                ),
                "description": _(
                    "Banned words and phrases are listed under Comments › Banned "
                    "words and phrases."
                ),
            },
        ),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        SiteSettings.load()
        return HttpResponseRedirect(
            reverse("admin:newsroom_sitesettings_change", args=(1,))
        )


class TopStoryFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        lead_id = self.instance.lead_id
        for form in self.forms:
            article = form.cleaned_data.get("article")
            if (
                lead_id
                and article
                and article.pk == lead_id
                and not form.cleaned_data.get("DELETE")
            ):
                form.add_error(
                    "article",
                    _("This story is the lead already: pin another one here."),
                )


class TopStoryInline(admin.TabularInline):
    model = TopStory
    formset = TopStoryFormSet
    fields = ("position", "article", "on_site")
    readonly_fields = ("on_site",)
    autocomplete_fields = ("article",)
    extra = 1
    max_num = TOP_STORIES_MAX
    verbose_name_plural = _("top stories (under the lead, in this order)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    @admin.display(boolean=True, description=_("on the site"))
    def on_site(self, top_story: TopStory) -> bool | None:
        return top_story.article.is_published if top_story.article_id else None


@admin.register(FrontPage)
class FrontPageAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    inlines = (TopStoryInline,)
    autocomplete_fields = ("lead", "breaking_news_article")
    readonly_fields = ("lead_status", "banner_status", "updated_at")
    fieldsets = (
        (
            _("Lead story"),
            {
                "fields": ("lead", "lead_status"),
                "description": _(
                    "Pinned stories appear on the home page only while they are "
                    "published. With nothing pinned, the home page leads with the "
                    "newest stories."
                ),
            },
        ),
        (
            _("Breaking news"),
            {
                "fields": (
                    "breaking_news",
                    "breaking_news_article",
                    "breaking_news_until",
                    "banner_status",
                )
            },
        ),
        (None, {"fields": ("updated_at",)}),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        FrontPage.objects.get_or_create(pk=1)
        return HttpResponseRedirect(
            reverse("admin:newsroom_frontpage_change", args=(1,))
        )

    @admin.display(description=_("lead on the site"))
    def lead_status(self, front_page: FrontPage) -> str:
        if front_page.lead is None:
            return _("Automatic: the newest story with a photo.")
        if front_page.lead.is_published:
            return _("Shown.")
        return _("Hidden until the story is published.")

    @admin.display(description=_("banner on the site"))
    def banner_status(self, front_page: FrontPage) -> str:
        if not front_page.breaking_news.strip() or not front_page.breaking_news_until:
            return _("No banner.")
        until = format_date(
            timezone.localtime(front_page.breaking_news_until), "j F Y, H:i"
        )
        if front_page.breaking_news_is_live():
            return _("Shown until {time}.").format(time=until)
        return _("Hidden: it expired at {time}.").format(time=until)


def view_on_site(
    request: HttpRequest, content_type_id: str, object_id: str
) -> HttpResponse:
    """Redirect to an object's page, for those its admin lets see the object.

    Django's own shortcut redirects any staff user to any object's URL, and an
    unpublished article's URL carries its slug (usually its headline).
    """
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        model_admin = admin.site.get_model_admin(model)
    except (ValueError, ContentType.DoesNotExist, NotRegistered):
        raise Http404 from None
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
