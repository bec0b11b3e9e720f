from datetime import datetime, tzinfo
from functools import cached_property
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.utils import timezone

from core.text import xml_text
from pagecache.generations import generation_cached

# URLs per sitemap page. Google accepts up to 50,000; Django's template renders
# this many in well under a second, and the page cache keeps what it renders.
SITEMAP_LIMIT = 5_000


class CountedPaginator(Paginator):
    """Pages of a sitemap's items, counted once per content generation.

    The items (a query to build) are only built when a page is asked for: the
    index only needs to know how many pages there are.
    """

    def __init__(self, sitemap: "SiteSitemap"):
        super().__init__((), sitemap.limit)
        self.sitemap = sitemap
        self.count = sitemap.item_count()

    def page(self, number):
        self.object_list = self.sitemap.items()
        return super().page(number)


class SiteSitemap(Sitemap):
    """A sitemap whose URLs start with SITE_URL, whatever host the request named.

    Served by django.contrib.sitemaps' views (see newsroom/urls.py), which ask
    get_protocol() and get_domain() for each page's URLs. How many pages there
    are is counted once per content generation: the index lists every page of
    every sitemap, and counting grows with the archive.
    """

    limit = SITEMAP_LIMIT

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return settings.SITE_URL.split("://", 1)[1]

    def item_count(self) -> int:
        """Return how many items the sitemap lists (counted once per generation)."""
        return generation_cached(
            f"sitemap-count:{type(self).__name__}", lambda: self.items().count()
        )

    @cached_property
    def paginator(self) -> Paginator:
        return CountedPaginator(self)

    @cached_property
    def timezone(self) -> tzinfo:
        # Looked up once: timezone.localtime() per URL costs more than the URL.
        return timezone.get_current_timezone()

    def w3c_datetime(self, value: datetime) -> str:
        """Return value as core.meta.iso_datetime() does, for many values quickly."""
        return value.astimezone(self.timezone).isoformat(timespec="seconds")

    def get_urls(self, page=1, site=None, protocol=None) -> list[tuple[str, str]]:
        """Return the page's URLs as (location, lastmod) pairs, escaped for XML.

        Django's own builds a dictionary per URL (priority, change frequency,
        alternates) that the newsroom doesn't use, and its template formats
        each value: with thousands of URLs a page, that was most of the time.
        """
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        with_lastmod = hasattr(self, "lastmod")
        urls = []
        latest = None
        for item in self.paginator.page(page).object_list:
            location = escape(xml_text(base + self.location(item)))
            lastmod = self.lastmod(item) if with_lastmod else None
            if lastmod is not None:
                latest = lastmod if latest is None else max(latest, lastmod)
                urls.append((location, self.w3c_datetime(lastmod)))
            else:
                urls.append((location, ""))
        if latest is not None:
            # What Django's view sends as Last-Modified.
            self.latest_lastmod = latest
        return urls
