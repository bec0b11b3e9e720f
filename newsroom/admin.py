from django.contrib import admin
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
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
