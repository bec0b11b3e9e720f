from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from articles.models import Section
from newsroom.models import SiteSettings


def site(request: HttpRequest) -> dict:
    """Give templates the site settings and the sections menu, queried on use."""
    return {
        "site_settings": SimpleLazyObject(SiteSettings.load),
        "menu_sections": Section.objects.filter(parent__isnull=True),
    }
