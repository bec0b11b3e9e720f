"""Serve anonymous readers from the page cache, and store what they are served.

- Only anonymous GET/HEAD requests without a session cookie are served from the
  cache; only 200 responses without cookies, messages or a Cache-Control of the
  view's own saying otherwise are stored. Logged-in users, previews (never
  cache), the admin and POSTs always get a freshly rendered page.
- Copies live at most NEWSROOM_PAGE_CACHE_SECONDS, and never past the next
  moment the site changes by itself (pagecache.schedule).
- Per-reader values in a page (pagecache.placeholders) are filled in for each
  response; those pages are cached here but sent as `private`. All others are
  `public` for a CDN, with an ETag and Last-Modified for 304 answers and
  ready-compressed copies.
- When the cache server fails, pages are rendered as if there were no cache,
  with a logged warning, and the cache is left alone for a few seconds.
"""

import contextlib
import functools
import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import get_resolver
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from pagecache import generations, placeholders, schedule
from pagecache.placeholders import PerReaderValue
from pagecache.store import (
    CachedPage,
    PageBody,
    PageCache,
    PageCacheUnavailable,
    cache_seconds,
    request_generation,
    request_path_generation,
)

# Larger pages (a 50,000-article sitemap is ~8 MB) are worth keeping; beyond
# this they are rendered each time.
MAX_PAGE_BYTES = 16 * 1024 * 1024
# Response headers never stored: recomputed or per-response.
UNSTORED_HEADERS = {
    "content-encoding",
    "content-length",
    "etag",
    "last-modified",
    "set-cookie",
    "x-page-cache",
    "x-request-id",
}
# A view's Cache-Control with any of these keeps its response out of the cache.
PERSONAL_CACHE_CONTROL = ("private", "no-cache", "no-store", "max-age=0")


def request_is_cacheable(request: HttpRequest) -> bool:
    """Return whether the request may be answered with a shared copy.

    Anyone with a session cookie (logged in, or with a message waiting) gets
    their own page. The session is not loaded for the others.
    """
    return (
        request.method in ("GET", "HEAD")
        and cache_seconds() > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "authorization" not in request.headers
        and not request.path_info.startswith("/" + settings.ADMIN_URL)
        and not is_static_file(request)
    )


def response_is_storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Return whether the response is the same for every anonymous reader."""
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or response.has_header("Content-Encoding")
        or len(response.content) > MAX_PAGE_BYTES
    ):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in PERSONAL_CACHE_CONTROL):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    if vary - {"", "accept-encoding", "cookie"}:
        return False
    # The page shows a real CSRF token (something called get_token() itself).
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "added_new", False):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def page_from_response(
    response: HttpResponse, generation: int, path_generation: int, expires_at: float
) -> CachedPage:
    content = response.content
    per_reader = placeholders.placeholders_in(content)
    etag = None
    if not per_reader:
        etag = f'W/"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
    return CachedPage(
        generation=generation,
        path_generation=path_generation,
        expires_at=expires_at,
        stored_at=time.time(),
        headers=stored_headers(response),
        digest=hashlib.sha256(content).hexdigest(),
        etag=etag,
        per_reader=per_reader,
        body=PageBody(content),
    )


def stored_headers(response: HttpResponse) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in UNSTORED_HEADERS
    ]


def accepted_encoding(request: HttpRequest) -> str | None:
    """Return "br" or "gzip" if the reader accepts it (not refused with q=0)."""
    accepted = set()
    for part in request.headers.get("accept-encoding", "").lower().split(","):
        coding, _semicolon, parameters = part.partition(";")
        quality = parameters.strip().removeprefix("q=").strip()
        try:
            refused = bool(quality) and float(quality) <= 0
        except ValueError:
            refused = False
        if not refused:
            accepted.add(coding.strip())
    return next((coding for coding in ("br", "gzip") if coding in accepted), None)


def response_from_page(
    request: HttpRequest, page: CachedPage, state: str
) -> HttpResponse:
    """Build the response for one reader: fill placeholders, set HTTP caching."""
    response = HttpResponse()
    for name, value in page.headers:
        response[name] = value
    response["X-Page-Cache"] = state
    body = page.body
    if page.per_reader:
        response.content, _filled = placeholders.fill(
            request, body.content, page.per_reader
        )
        # Each response is this reader's own: a shared cache must not keep it.
        patch_cache_control(response, private=True, no_cache=True)
        return response

    # Nothing secret in it (no BREACH concern): compressed once, for everyone.
    encoding = accepted_encoding(request) if body.compressible else None
    if encoding is None:
        response.content = body.content
    else:
        if body.encoded(encoding) is None:
            page.body = body = body.with_encoding(encoding)
            page.body_grew = True
        response.content = body.encoded(encoding)
        response["Content-Encoding"] = encoding
    if body.compressible:
        patch_vary_headers(response, ("Accept-Encoding",))
    response["Content-Length"] = str(len(response.content))
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.stored_at)
    max_age = max(0, min(cache_seconds(), math.floor(page.expires_at - time.time())))
    patch_cache_control(
        response,
        public=True,
        max_age=max_age,
        s_maxage=min(max_age, settings.NEWSROOM_SHARED_CACHE_SECONDS),
        stale_while_revalidate=settings.NEWSROOM_PAGE_CACHE_STALE_SECONDS,
    )
    return response


def hit(pages: PageCache, request: HttpRequest, page: CachedPage) -> HttpResponse:
    """Answer from the stored page, keeping a compressed copy made for it."""
    response = response_from_page(request, page, "hit")
    if page.body_grew:
        pages.keep_grown_body(page)
    return response


@dataclass
class Lookup:
    """What the shared cache held for a request: the generations and the page."""

    generation: int | None = None
    path_generation: int | None = None
    page: CachedPage | None = None

    def fresh_page(self, pages: "PageCache") -> CachedPage | None:
        """Return the stored page, with its body, if it may still be served."""
        page = self.page
        if (
            page is None
            or page.generation != self.generation
            or page.path_generation != self.path_generation
            or page.expires_at <= time.time()
            or not all(name in PerReaderValue.registry for name in page.per_reader)
        ):
            return None
        if page.body is None:
            try:
                page.body = pages.body(page)
            except PageCacheUnavailable:
                return None
        return page if page.body is not None else None


def lookup(pages: PageCache, request: HttpRequest) -> Lookup:
    """Look the request up once; the two middlewares share the answer."""
    found = getattr(request, "_page_cache_lookup", None)
    if found is None:
        try:
            found = Lookup(*pages.lookup(request))
        except PageCacheUnavailable:
            found = Lookup()
        request._page_cache_lookup = found
    return found


class PageCacheStep:
    """What the two middlewares share: the store, and which page may serve."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = PageCache(settings.NEWSROOM_PAGE_CACHE_ALIAS)

    def usable_page(self, found: Lookup) -> CachedPage | None:
        return found.fresh_page(self.pages)


class SharedPageMiddleware(PageCacheStep):
    """Answer anonymous readers with a stored public page, first thing.

    Sits right after the request log: a page the same for everyone (no
    per-reader values) is stored with the headers it left the app with
    (security policy, framing, permissions), so a hit needs no other middleware
    and costs one trip to the shared cache. It compresses and answers
    conditional requests itself. Pages with a per-reader token, and misses,
    go on to PageCacheMiddleware, which reuses this lookup and hands the public
    pages it renders back up here to be stored with their final headers.
    """

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_is_cacheable(request):
            return self.get_response(request)
        request._page_cache_stores_shared_pages = True
        page = self.usable_page(lookup(self.pages, request))
        if page is not None and not page.per_reader:
            response = hit(self.pages, request, page)
            return get_conditional_response(
                request,
                etag=page.etag,
                last_modified=math.floor(page.stored_at),
                response=response,
            )

        response = self.get_response(request)
        page = getattr(response, "shared_page_to_store", None)
        # (Not a 304 made on the way: it carries only some of the headers.)
        if page is not None and response.status_code == 200:
            page.headers = stored_headers(response)
            with contextlib.suppress(PageCacheUnavailable):
                self.pages.store(request, page)
        return response


@functools.cache
def _static_prefixes(static_url: str, media_url: str) -> tuple[str, ...]:
    return tuple(url for url in (static_url, media_url) if url.startswith("/"))


def is_static_file(request: HttpRequest) -> bool:
    """Return whether the request is for a static or media file (never a page)."""
    prefixes = _static_prefixes(settings.STATIC_URL or "", settings.MEDIA_URL or "")
    return bool(prefixes) and request.path_info.startswith(prefixes)


class PageCacheMiddleware(PageCacheStep):
    """Serve anonymous readers from the shared page cache (see the module's doc).

    Sits after AuthenticationMiddleware and MessageMiddleware, so it serves the
    pages with per-reader values (their CSRF token needs CsrfViewMiddleware) and
    renders and stores the misses. GZipMiddleware and ConditionalGetMiddleware
    sit before both middlewares (they compress per-reader pages and answer
    If-None-Match / If-Modified-Since with 304).
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        # Import the views (and the forms with PerReaderValues) now: a fresh
        # worker's first request may be a hit on a page holding placeholders.
        get_resolver().url_patterns  # noqa: B018

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_is_cacheable(request):
            return self.personal(request, self.get_response(request))

        found = lookup(self.pages, request)
        generation_token = request_generation.set(found.generation)
        path_token = request_path_generation.set(
            (request.path, found.path_generation or 0)
            if found.generation is not None
            else None
        )
        try:
            return self.serve(request, found)
        finally:
            request_path_generation.reset(path_token)
            request_generation.reset(generation_token)

    def serve(self, request: HttpRequest, found: Lookup) -> HttpResponse:
        page = self.usable_page(found)
        if page is not None:
            return hit(self.pages, request, page)

        token = placeholders.rendering_for_cache.set(True)
        try:
            response = self.get_response(request)
        finally:
            placeholders.rendering_for_cache.reset(token)

        if not response_is_storable(request, response):
            return self.fill_placeholders(request, response)
        generation = found.generation
        now = time.time()
        try:
            if generation is None:
                raise PageCacheUnavailable
            next_change = generations.next_change(self.pages, generation)
        except PageCacheUnavailable:
            next_change = schedule.next_change()
        page = page_from_response(
            response,
            generation=generation or 0,
            path_generation=found.path_generation or 0,
            expires_at=min(now + cache_seconds(), next_change),
        )
        response = response_from_page(request, page, "miss")
        if generation is None:
            return response
        if not page.per_reader and getattr(
            request, "_page_cache_stores_shared_pages", False
        ):
            # Stored by SharedPageMiddleware, with the headers added on the way.
            response.shared_page_to_store = page
        else:
            with contextlib.suppress(PageCacheUnavailable):
                self.pages.store(request, page)
        return response

    @staticmethod
    def fill_placeholders(request: HttpRequest, response: HttpResponse):
        """Return a response not for the cache with its placeholders filled in."""
        if response.streaming or not hasattr(response, "content"):
            return response
        response.content, filled = placeholders.fill(request, response.content)
        if filled:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def personal(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """Keep shared caches from storing a page rendered for one person."""
        if (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, private=True, no_cache=True)
        return response
