from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from articles.models import Section
from newsroom.models import SiteSettings
from pagecache.generations import generation_cached


def site(request: HttpRequest) -> dict:
    """Give templates the site settings and the sections menu, queried on use."""
    return {
        "site_settings": SimpleLazyObject(SiteSettings.load),
        "menu_sections": SimpleLazyObject(menu_sections),
    }


def menu_sections() -> list[Section]:
    """Return the top-level sections, kept in the shared cache until they change."""
    return generation_cached(
        "menu-sections", lambda: list(Section.objects.filter(parent__isnull=True))
    )
