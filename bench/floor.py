"""The framework floor: a plain Django view returning the article page's bytes.

It runs in the same gunicorn, with the same settings and middleware as the
product, but does no work of its own and skips the page cache, so it measures
what any response costs in this deployment. The bytes are a copy of the
benchmarked article page, saved by bench/run.py to BENCH_FLOOR_FILE.
"""

import functools
import os
from pathlib import Path

from django.http import HttpRequest, HttpResponse

from pagecache.middleware import (
    CachedPage,
    Lookup,
    PageCacheMiddleware,
    SharedPageMiddleware,
)

FLOOR_PATH = "/__bench__/floor/"


@functools.cache
def floor_bytes() -> bytes:
    return Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(floor_bytes(), content_type="text/html; charset=utf-8")


class BenchMissOnly:
    """With BENCH_PAGE_CACHE=miss every request is a miss: looked up, rendered
    and stored, but never answered from the cache (the "uncached" figures).
    With BENCH_PAGE_CACHE=changed, each request's page has changed just before,
    as after a moderator's decision on an article's comment: what is kept for
    that page alone (its comment threads) is rendered again too."""

    miss_only = os.environ.get("BENCH_PAGE_CACHE") in ("miss", "changed")
    page_changes = os.environ.get("BENCH_PAGE_CACHE") == "changed"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == FLOOR_PATH:
            return self.get_response(request)
        return super().__call__(request)

    def usable_page(self, found: Lookup) -> CachedPage | None:
        return None if self.miss_only else super().usable_page(found)


class BenchSharedPageMiddleware(BenchMissOnly, SharedPageMiddleware):
    """The early page-cache step, left out for the floor."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.page_changes and request.path_info != FLOOR_PATH:
            self.pages.bump(paths=[request.path])
        return super().__call__(request)


class BenchPageCacheMiddleware(BenchMissOnly, PageCacheMiddleware):
    """The page cache, left out for the floor."""
