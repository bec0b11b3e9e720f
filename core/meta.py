"""Metadata for search engines, social networks and feed readers: the parts.

Views build a PageMeta with the builders of their app (articles/meta.py,
authors/meta.py, newsroom/seo.py), out of the blocks below; base.html renders
it through the ``page_meta`` tag (templates/includes/meta.html), which adds what
comes from the site settings. Every URL here is absolute, built from
settings.SITE_URL: absolute_url() is the one place that makes a URL so.
"""

import json
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

DESCRIPTION_MAX_LENGTH = 160
FALLBACK_LOGO = "img/logo.png"
FALLBACK_LOGO_SIZE = (512, 512)

JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@dataclass
class ShareImage:
    """An image for social cards, feeds and structured data."""

    url: str
    width: int | None = None
    height: int | None = None
    alt: str = ""

    @property
    def mime_type(self) -> str:
        return mimetypes.guess_type(urlsplit(self.url).path)[0] or "image/jpeg"


@dataclass
class FeedLink:
    title: str
    url: str
    type: str = "application/rss+xml"


@dataclass
class PageMeta:
    """What a page tells search engines and social networks about itself."""

    title: str
    description: str
    canonical: str
    og_type: str = "website"
    image: ShareImage | None = None
    # OpenGraph properties beyond the basic ones, in order (article:tag repeats).
    properties: list[tuple[str, str]] = field(default_factory=list)
    feeds: list[FeedLink] = field(default_factory=list)
    # Called with the SiteSettings when the page renders; returns JSON-LD objects.
    structured_data: Callable | None = None


def absolute_url(url: str) -> str:
    """Return url made absolute against SITE_URL (absolute URLs pass through)."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"{urlsplit(settings.SITE_URL).scheme}:{url}"
    return settings.SITE_URL + url


def paged_url(path: str, page_number: int) -> str:
    """Return the absolute URL of a list page: page 2 on keep their ?page=N."""
    url = absolute_url(path)
    return f"{url}?page={page_number}" if page_number > 1 else url


def page_title(title: str, page_number: int) -> str:
    if page_number > 1:
        return _("{title} · Page {number}").format(title=title, number=page_number)
    return title


def iso_datetime(value: datetime) -> str:
    """Return value as ISO 8601 (W3C) in the newsroom's time zone, with offset."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def og_locale() -> str:
    """Return LANGUAGE_CODE in OpenGraph's form, e.g. en-gb -> en_GB."""
    return to_locale(settings.LANGUAGE_CODE)


def news_language() -> str:
    """Return the language code Google News expects (ISO 639, zh-cn/zh-tw kept)."""
    code = settings.LANGUAGE_CODE.lower()
    chinese = {
        "zh-cn": "zh-cn",
        "zh-hans": "zh-cn",
        "zh-tw": "zh-tw",
        "zh-hant": "zh-tw",
    }
    return chinese.get(code, code.split("-")[0])


def shorten(text: str, length: int = DESCRIPTION_MAX_LENGTH) -> str:
    return Truncator(" ".join(text.split())).chars(length)


def json_ld(data: dict) -> SafeString:
    """Serialise data for a <script type="application/ld+json"> block.

    <, > and & are escaped so text such as "</script>" in a headline can't end
    the block early.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))


# JSON-LD objects. `site` is the site settings (site_name, logo, social_links),
# `person` anything with a name and a get_absolute_url() (an author).


def site_logo(site) -> ShareImage:
    """Return the logo from the site settings, or the bundled fallback logo."""
    if site.logo:
        return ShareImage(url=absolute_url(site.logo.url), alt=site.site_name)
    width, height = FALLBACK_LOGO_SIZE
    return ShareImage(
        url=absolute_url(static(FALLBACK_LOGO)),
        width=width,
        height=height,
        alt=site.site_name,
    )


def organisation(site) -> dict:
    logo = site_logo(site)
    data = {
        "@type": "NewsMediaOrganization",
        "@id": absolute_url("/#organization"),
        "name": site.site_name,
        "url": absolute_url("/"),
        "logo": image_object(logo),
    }
    same_as = [url for _label, url in site.social_links]
    if same_as:
        data["sameAs"] = same_as
    return data


def image_object(image: ShareImage) -> dict:
    data = {"@type": "ImageObject", "url": image.url}
    if image.width and image.height:
        data["width"] = image.width
        data["height"] = image.height
    return data


def person(author) -> dict:
    return {
        "@type": "Person",
        "name": author.name,
        "url": absolute_url(author.get_absolute_url()),
    }


def breadcrumbs(crumbs: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }
