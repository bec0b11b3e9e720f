from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from django import template

from core import text
from core.meta import (
    PageMeta,
    absolute_url,
    iso_datetime,
    json_ld,
    og_locale,
    site_logo,
)
from newsroom.models import SiteSettings

register = template.Library()


@register.inclusion_tag("includes/meta.html", takes_context=True)
def page_meta(context, meta: PageMeta) -> dict:
    """Render canonical, OpenGraph, Twitter, feed links and JSON-LD for a page."""
    site = context.get("site_settings") or SiteSettings.load()
    image = meta.image or site_logo(site)
    structured_data = meta.structured_data(site) if meta.structured_data else []
    return {
        "meta": meta,
        "site": site,
        "title": meta.title or site.site_name,
        "description": meta.description or site.tagline or site.site_name,
        "image": image,
        "locale": og_locale(),
        "twitter_card": "summary_large_image" if meta.image else "summary",
        "twitter_site": x_handle(site.x_url),
        "json_ld": [json_ld(data) for data in structured_data],
        # Previews say noindex themselves; don't add a second robots tag.
        "indexable": not context.get("noindex"),
    }


@register.filter
def w3c_datetime(value: datetime | None) -> str:
    """Format a datetime for sitemaps: ISO 8601 with the time zone offset."""
    return iso_datetime(value) if value else ""


@register.filter
def xml_text(value: str) -> str:
    """Drop the characters XML can't carry (see core/text.py)."""
    return text.xml_text(str(value))


@register.filter
def on_site_url(url: str) -> str:
    """Return the URL at SITE_URL: Django's sitemap index names the request's host."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, "")))


def x_handle(url: str) -> str:
    """Return "@name" for an X/Twitter profile URL, or ""."""
    parts = urlsplit(url)
    if parts.hostname not in {"x.com", "twitter.com", "www.x.com", "www.twitter.com"}:
        return ""
    name = parts.path.strip("/").split("/")[0]
    return f"@{name}" if name else ""
