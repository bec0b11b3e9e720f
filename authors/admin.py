from django.contrib import admin
from django.db import models
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from authors.models import Author
from core.text import CleanTextModelForm


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("badge", "name", "job_title", "location", "email", "user")
    list_display_links = ("badge", "name")
    list_select_related = ("user",)
    search_fields = ("name", "slug", "email")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("user",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "user", "job_title", "location", "bio")}),
        (_("Photo and contact"), {"fields": ("photo", "email")}),
        (
            _("Social links"),
            {
                "fields": (
                    "website_url",
                    "x_url",
                    "facebook_url",
                    "instagram_url",
                    "linkedin_url",
                )
            },
        ),
    )

    @admin.display(description=_("badge"))
    def badge(self, author: Author) -> str:
        return render_to_string(
            "authors/includes/badge.html", {"author": author, "size": 32}
        )
