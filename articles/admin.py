from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Byline, Section
from articles.services import article_save


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
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


class ArticleAdminForm(forms.ModelForm):
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
            "lead_image_credit",
            "lead_image_alt",
            "section",
            "tags",
            "status",
            "published_at",
            "comments_open",
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(
            "status"
        ) == Article.Status.PUBLISHED and not cleaned_data.get("published_at"):
            cleaned_data["published_at"] = timezone.now()
            self.instance.published_at = cleaned_data["published_at"]
        return cleaned_data


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = (BylineInline,)
    list_display = (
        "headline",
        "section",
        "byline",
        "status",
        "published_at",
        "is_published",
    )
    list_filter = ("status", "section", "bylines__author", "comments_open")
    list_select_related = ("section", "section__parent")
    search_fields = ("headline", "seo_headline", "standfirst", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section",)
    readonly_fields = ("created_at", "updated_at", "created_by")
    ordering = ("-published_at", "-created_at")
    fieldsets = (
        (None, {"fields": ("headline", "seo_headline", "slug", "standfirst", "body")}),
        (
            _("Lead image"),
            {
                "fields": (
                    "lead_image",
                    "lead_image_caption",
                    "lead_image_credit",
                    "lead_image_alt",
                )
            },
        ),
        (_("Filing"), {"fields": ("section", "tags")}),
        (
            _("Publishing"),
            {"fields": ("status", "published_at", "comments_open")},
        ),
        (
            _("History"),
            {
                "fields": ("created_at", "updated_at", "created_by"),
                "classes": ("collapse",),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    @admin.display(description=_("byline"))
    def byline(self, article: Article) -> str:
        return ", ".join(str(author) for author in article.byline_authors)

    @admin.display(boolean=True, description=_("live"))
    def is_published(self, article: Article) -> bool:
        return article.is_published

    def save_model(self, request, obj, form, change):
        article_save(article=obj, user=request.user)
