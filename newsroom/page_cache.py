"""A full-page cache for anonymous readers that never serves stale news.

Pages are kept in the shared cache (Redis when REDIS_URL is set), so every app
server serves and invalidates the same copies:

- Every cached page records the *generations* it was rendered under: the site's
  (bumped by newsroom.cache_invalidation whenever anything readers see changes:
  an article, byline, tag, section, author, site settings, front page) and its
  path's (bumped when a comment on that article is approved or removed). A page
  is served only while both are unchanged, so a change shows at once on every
  app server; old copies are never read again and expire by themselves.
- Copies live at most NEWSROOM_PAGE_CACHE_SECONDS, and never past the next
  moment the site changes by itself (a scheduled article going live, the
  breaking-news banner's end), so no cron job is needed.
- Only anonymous GET/HEAD requests without a session cookie are served from the
  cache; only 200 responses without cookies, messages or a Cache-Control of the
  view's own saying otherwise are stored. Logged-in users, previews (never
  cache), the admin and POSTs always get a freshly rendered page.
- Per-reader values in a page (the CSRF token and the comment form's one-time
  token) are rendered as placeholders and filled in for each response, so no
  reader's token is ever stored or shown to another. Those pages are cached
  here but sent as `private`; all others are `public` for a CDN, with an ETag
  and Last-Modified for 304 answers and ready-compressed copies.
- When the cache server fails, pages are rendered as if there were no cache,
  with a logged warning, and the cache is left alone for a few seconds.
"""

import contextlib
import contextvars
import datetime
import functools
import gzip
import hashlib
import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import TypeVar

import brotli
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import get_resolver
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.crypto import salted_hmac
from django.utils.http import http_date

logger = logging.getLogger(__name__)

T = TypeVar("T")

KEY_PREFIX = "page-cache"
# Path generations only need to outlive the pages that recorded them.
PATH_GENERATION_SECONDS = 24 * 60 * 60
# Data kept by generation_cached(), under generations long gone, expires.
DATA_SECONDS = 60 * 60
# After a cache error, leave the cache alone this long (per process).
RETRY_AFTER_ERROR_SECONDS = 5
# Larger pages (a 50,000-article sitemap is ~8 MB) are worth keeping; beyond
# this they are rendered each time.
MAX_PAGE_BYTES = 16 * 1024 * 1024
# Not worth compressing (as Django's GZipMiddleware).
MIN_COMPRESS_BYTES = 200
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

# Page bodies each process keeps (LocalBodies), per process.
LOCAL_BODIES_BYTES = 32 * 1024 * 1024

# A view's Cache-Control with any of these keeps its response out of the cache.
PERSONAL_CACHE_CONTROL = ("private", "no-cache", "no-store", "max-age=0")

_rendering_for_cache = contextvars.ContextVar("page_cache_placeholders", default=False)
# The site's generation, as read by the middleware for the current request.
_request_generation = contextvars.ContextVar("page_cache_generation", default=None)


class PerReaderValue:
    """A value that must differ for each response, such as a token in a form.

    Pages rendered for the cache get a placeholder instead (the same on every
    app server: derived from SECRET_KEY), which the middleware replaces with a
    fresh value for each reader.
    """

    registry: dict[str, "PerReaderValue"] = {}

    def __init__(self, name: str, make: Callable[[HttpRequest], str]):
        self.name = name
        self.make = make
        self.registry[name] = self

    @property
    def placeholder(self) -> str:
        return _placeholder(self.name, settings.SECRET_KEY)

    def get(self, request: HttpRequest | None = None) -> str:
        """Return the placeholder while rendering for the cache, else a value."""
        if _rendering_for_cache.get():
            return self.placeholder
        return self.make(request)


@functools.lru_cache(maxsize=32)
def _placeholder(name: str, secret: str) -> str:
    digest = salted_hmac("newsroom.page_cache", name, secret=secret).hexdigest()
    return f"pagecache{digest[:32]}"


CSRF_TOKEN = PerReaderValue("csrf-token", get_token)


def per_reader_values(request: HttpRequest) -> dict:
    """Context processor: the CSRF token as a placeholder in pages for the cache.

    Listed after Django's built-in csrf processor, whose csrf_token it replaces
    only while a page is rendered for the cache.
    """
    if _rendering_for_cache.get():
        return {"csrf_token": CSRF_TOKEN.placeholder}
    return {}


@dataclass(frozen=True)
class PageBody:
    """A stored page's bytes: as rendered, and compressed once for everyone."""

    content: bytes
    gzip: bytes | None = None
    brotli: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.content) + len(self.gzip or b"") + len(self.brotli or b"")

    @property
    def compressible(self) -> bool:
        return len(self.content) >= MIN_COMPRESS_BYTES

    def encoded(self, encoding: str) -> bytes | None:
        return {"br": self.brotli, "gzip": self.gzip}[encoding]

    def with_encoding(self, encoding: str) -> "PageBody":
        """Return the body with a compressed copy for the encoding added.

        Each copy is made when a reader first asks for it, once per page.
        """
        if encoding == "br":
            compressed = brotli.compress(self.content, mode=brotli.MODE_TEXT, quality=4)
            return replace(self, brotli=compressed)
        compressed = gzip.compress(self.content, compresslevel=6, mtime=0)
        return replace(self, gzip=compressed)


@dataclass
class CachedPage:
    """A rendered page as stored: what it depends on, when it expires, its bytes.

    The record is small; the body is stored apart under its digest, and each
    process keeps the bodies it served last (see LocalBodies), so a hit reads
    only the record from the shared cache.
    """

    generation: int
    path_generation: int
    expires_at: float
    stored_at: float
    headers: list[tuple[str, str]]
    digest: str
    etag: str | None = None
    # Names of the PerReaderValues it holds placeholders for.
    per_reader: tuple[str, ...] = ()
    body: PageBody | None = field(default=None, compare=False, repr=False)
    # Set when serving it added a compressed copy to the body, to be stored.
    body_grew: bool = field(default=False, compare=False, repr=False)

    # Stored as a plain tuple tagged with this, so a page stored by other code
    # (a release with a different layout) reads as missing, never as an error.
    FORMAT = "page-v2"

    def dump(self) -> tuple:
        return (self.FORMAT, *(getattr(self, f.name) for f in RECORD_FIELDS))

    @classmethod
    def load(cls, stored) -> "CachedPage | None":
        if (
            isinstance(stored, tuple)
            and stored[:1] == (cls.FORMAT,)
            and len(stored) == len(RECORD_FIELDS) + 1
        ):
            return cls(*stored[1:])
        return None


RECORD_FIELDS = [f for f in fields(CachedPage) if f.name not in ("body", "body_grew")]


class LocalBodies:
    """The page bodies this process served last, by digest, up to a size.

    A body is addressed by its content's digest, so a copy kept here is never
    stale: whether a page may be served is still decided by its record in the
    shared cache, on every request.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._bodies: OrderedDict[str, PageBody] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str) -> PageBody | None:
        with self._lock:
            body = self._bodies.get(digest)
            if body is not None:
                self._bodies.move_to_end(digest)
            return body

    def put(self, digest: str, body: PageBody) -> None:
        if body.size > self.max_bytes // 8:
            return
        with self._lock:
            kept = self._bodies.pop(digest, None)
            if kept is not None:
                self.size -= kept.size
            self._bodies[digest] = body
            self.size += body.size
            while self.size > self.max_bytes:
                _digest, oldest = self._bodies.popitem(last=False)
                self.size -= oldest.size

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()
            self.size = 0


local_bodies = LocalBodies(LOCAL_BODIES_BYTES)


class PageCacheUnavailable(Exception):
    pass


class PageCache:
    """The shared cache's page entries and generation counters."""

    _failed_at: float = -math.inf

    def __init__(self, alias: str = "default"):
        self.alias = alias

    @property
    def cache(self):
        return caches[self.alias]

    @property
    def available(self) -> bool:
        return time.monotonic() - PageCache._failed_at >= RETRY_AFTER_ERROR_SECONDS

    def _call(self, method: str, *args):
        if not self.available:
            raise PageCacheUnavailable
        try:
            return getattr(self.cache, method)(*args)
        except Exception as error:
            if method == "incr" and type(error) is ValueError:
                raise  # A missing counter: an answer, not a failure.
            # Logged once per pause, so an outage doesn't flood the logs.
            logger.warning(
                "The page cache is unavailable (%s: %s); serving pages uncached "
                "for %s seconds",
                type(error).__name__,
                error,
                RETRY_AFTER_ERROR_SECONDS,
            )
            PageCache._failed_at = time.monotonic()
            raise PageCacheUnavailable from error

    # Keys.

    @staticmethod
    def generation_key() -> str:
        return f"{KEY_PREFIX}:generation"

    @staticmethod
    def path_generation_key(path: str) -> str:
        digest = hashlib.sha256(path.encode()).hexdigest()[:40]
        return f"{KEY_PREFIX}:path:{digest}"

    @staticmethod
    def next_change_key(generation: int) -> str:
        return f"{KEY_PREFIX}:next-change:{generation}"

    @staticmethod
    def body_key(digest: str) -> str:
        return f"{KEY_PREFIX}:body:{digest}"

    @staticmethod
    def page_key(request: HttpRequest) -> str:
        variant = "|".join(
            (
                release(),
                request.scheme,
                request.get_host(),
                request.get_full_path(),
            )
        )
        digest = hashlib.sha256(variant.encode()).hexdigest()[:40]
        return f"{KEY_PREFIX}:page:{digest}"

    # Reads.

    def lookup(self, request: HttpRequest) -> tuple[int, int, CachedPage | None]:
        """Return the current generations and the stored page, if any (one trip)."""
        keys = [
            self.generation_key(),
            self.path_generation_key(request.path),
            self.page_key(request),
        ]
        found = self._call("get_many", keys)
        generation = found.get(keys[0])
        if generation is None:
            generation = self._start_generation()
        return generation, found.get(keys[1], 0), CachedPage.load(found.get(keys[2]))

    def body(self, page: CachedPage) -> PageBody | None:
        """Return the page's bytes: kept in this process, or from the cache."""
        body = local_bodies.get(page.digest)
        if body is None:
            stored = self._call("get", self.body_key(page.digest))
            if not isinstance(stored, tuple) or len(stored) != len(fields(PageBody)):
                return None
            body = PageBody(*stored)
            local_bodies.put(page.digest, body)
        return body

    def _start_generation(self) -> int:
        # Unlike 0, a time-based start can't repeat a generation that an
        # evicted counter had reached, whose pages might still be stored.
        self._call("add", self.generation_key(), time.time_ns(), None)
        return self._call("get", self.generation_key())

    def generation(self) -> int:
        generation = _request_generation.get()
        if generation is None:
            generation = self._call("get", self.generation_key())
        if generation is None:
            generation = self._start_generation()
        return generation

    def next_change(self, generation: int) -> float:
        """Return when the site next changes by itself (inf if never)."""
        key = self.next_change_key(generation)
        kept = local_data.get(key, generation)
        if kept is not None and kept[0] > time.time():
            return kept[0]
        moment = self._call("get", key)
        if moment is None or moment <= time.time():
            moment = next_scheduled_change()
            self._call("set", key, moment, PATH_GENERATION_SECONDS)
        if generation == _request_generation.get():
            local_data.put(key, generation, (moment,))
        return moment

    # Writes.

    def store(self, request: HttpRequest, page: CachedPage) -> None:
        timeout = math.ceil(page.expires_at - time.time())
        if timeout > 0:
            body = page.body
            stored = {
                self.body_key(page.digest): (body.content, body.gzip, body.brotli),
                self.page_key(request): page.dump(),
            }
            self._call("set_many", stored, timeout)
            local_bodies.put(page.digest, body)

    def hit(self, request: HttpRequest, page: CachedPage) -> HttpResponse:
        """Answer from the stored page, keeping a compressed copy made for it."""
        response = response_from_page(request, page, "hit")
        if page.body_grew:
            body = page.body
            local_bodies.put(page.digest, body)
            timeout = math.ceil(page.expires_at - time.time())
            if timeout > 0:
                stored = (body.content, body.gzip, body.brotli)
                with contextlib.suppress(PageCacheUnavailable):
                    self._call("set", self.body_key(page.digest), stored, timeout)
        return response

    def bump(self, paths=(), everything: bool = False) -> None:
        """Start new generations: for the whole site, or for some paths."""
        keys = [self.path_generation_key(path) for path in sorted(set(paths))]
        timeout = PATH_GENERATION_SECONDS
        if everything:
            keys, timeout = [self.generation_key()], None
        for key in keys:
            try:
                self._call("incr", key)
            except ValueError:
                self._call("add", key, time.time_ns(), timeout)
                try:
                    self._call("incr", key)
                except ValueError as error:  # A cache that keeps nothing.
                    raise PageCacheUnavailable from error


def release() -> str:
    """Return the static files' manifest hash: pages of one release only.

    Cached pages name hashed static files; after a deploy, the new app servers
    must not serve pages naming files the new release no longer has.
    """
    return getattr(staticfiles_storage, "manifest_hash", "") or ""


def next_scheduled_change() -> float:
    """Return when a page next changes without anyone saving anything (or inf)."""
    from django.db.models import Min
    from django.utils import timezone

    from articles.models import Article
    from images.models import Image
    from newsroom.models import FrontPage

    now = timezone.now()
    # A photo whose rights expire leaves pages at the start of the next day.
    expiring = Image.objects.filter(
        rights_expire_on__gte=timezone.localdate(now)
    ).aggregate(next=Min("rights_expire_on"))["next"]
    moments = [
        expiring
        and timezone.make_aware(
            datetime.datetime.combine(
                expiring + datetime.timedelta(days=1), datetime.time.min
            )
        ),
        Article.objects.scheduled().aggregate(next=Min("published_at"))["next"],
        # Live coverage starting or ending by itself (the cards' LIVE badge).
        Article.objects.published()
        .filter(coverage_started_at__gt=now)
        .aggregate(next=Min("coverage_started_at"))["next"],
        Article.objects.published()
        .filter(coverage_ended_at__gt=now)
        .aggregate(next=Min("coverage_ended_at"))["next"],
        FrontPage.objects.filter(pk=1, breaking_news_until__gt=now)
        .values_list("breaking_news_until", flat=True)
        .first(),
        # Comments closing or reopening for the night (the article's form).
        _next_comment_hours_change(now),
    ]
    return min((moment.timestamp() for moment in moments if moment), default=math.inf)


def _next_comment_hours_change(now):
    from newsroom.models import SiteSettings, daily_window

    hours = (
        SiteSettings.objects.filter(pk=1)
        .values_list("comments_closed_from", "comments_closed_until")
        .first()
    )
    if not hours or None in hours or hours[0] == hours[1]:
        return None
    return daily_window(now, *hours)[1]


def generation_cached(name: str, compute: Callable[[], T]) -> T:
    """Return compute()'s value, kept in the shared cache until the site changes.

    For what many pages show and only changes with the content (the site
    settings, the sections menu, the length of a list): every change to it
    starts a new generation (newsroom.cache_invalidation), and the value is
    never used past the next scheduled change either. Computed each time when
    the page cache is off or unavailable.
    """
    if cache_seconds() <= 0:
        return compute()
    pages = PageCache(settings.NEWSROOM_PAGE_CACHE_ALIAS)
    digest = hashlib.sha256(name.encode()).hexdigest()[:40]
    try:
        generation = pages.generation()
        if generation is None:  # A cache that keeps nothing.
            raise PageCacheUnavailable
        key = f"{KEY_PREFIX}:data:{digest}:{generation}"
        # A page being served has read the current generation from the shared
        # cache already: what this process kept under it is still current.
        serving = generation == _request_generation.get()
        stored = local_data.get(key, generation) if serving else None
        if stored is None:
            stored = pages._call("get", key)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[1] > time.time():
            if serving:
                local_data.put(key, generation, stored)
            return stored[0]
        # Read before computing: a change after it must not be covered.
        valid_until = pages.next_change(generation)
    except PageCacheUnavailable:
        return compute()
    value = compute()
    timeout = math.floor(min(DATA_SECONDS, valid_until - time.time()))
    if timeout > 0:
        with contextlib.suppress(PageCacheUnavailable):
            pages._call("set", key, (value, valid_until), timeout)
            if serving:
                local_data.put(key, generation, (value, valid_until))
    return value


class LocalData:
    """What generation_cached() found under the site's current generation.

    Kept per process and only consulted while serving a page, whose generation
    was just read from the shared cache: a value stored under that generation
    can't have changed, and a new generation empties this at once.
    """

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self.generation = None
        self._values: dict[str, tuple] = {}

    def get(self, key: str, generation: int) -> tuple | None:
        return self._values.get(key) if generation == self.generation else None

    def put(self, key: str, generation: int, stored: tuple) -> None:
        if generation != self.generation or len(self._values) >= self.max_entries:
            self._values = {}
            self.generation = generation
        self._values[key] = stored

    def clear(self) -> None:
        self._values = {}
        self.generation = None


local_data = LocalData(max_entries=1000)


def cache_seconds() -> int:
    return settings.NEWSROOM_PAGE_CACHE_SECONDS


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
    per_reader = tuple(
        name
        for name, value in PerReaderValue.registry.items()
        if value.placeholder.encode() in content
    )
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
        content = body.content
        for name in page.per_reader:
            value = PerReaderValue.registry[name]
            content = content.replace(
                value.placeholder.encode(), value.make(request).encode()
            )
        response.content = content
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


class SharedPageMiddleware:
    """Answer anonymous readers with a stored public page, first thing.

    Sits right after the request log: a page the same for everyone (no
    per-reader values) is stored with the headers it left the app with
    (security policy, framing, permissions), so a hit needs no other middleware
    and costs one trip to the shared cache. It compresses and answers
    conditional requests itself. Pages with a per-reader token, and misses,
    go on to PageCacheMiddleware, which reuses this lookup and hands the public
    pages it renders back up here to be stored with their final headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = PageCache(settings.NEWSROOM_PAGE_CACHE_ALIAS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_is_cacheable(request):
            return self.get_response(request)
        request._page_cache_stores_shared_pages = True
        page = self.usable_page(lookup(self.pages, request))
        if page is not None and not page.per_reader:
            response = self.pages.hit(request, page)
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

    def usable_page(self, found: Lookup) -> CachedPage | None:
        return found.fresh_page(self.pages)


@functools.cache
def _static_prefixes(static_url: str, media_url: str) -> tuple[str, ...]:
    return tuple(url for url in (static_url, media_url) if url.startswith("/"))


def is_static_file(request: HttpRequest) -> bool:
    """Return whether the request is for a static or media file (never a page)."""
    prefixes = _static_prefixes(settings.STATIC_URL or "", settings.MEDIA_URL or "")
    return bool(prefixes) and request.path_info.startswith(prefixes)


class PageCacheMiddleware:
    """Serve anonymous readers from the shared page cache (see the module's doc).

    Sits after AuthenticationMiddleware and MessageMiddleware, so it serves the
    pages with per-reader values (their CSRF token needs CsrfViewMiddleware) and
    renders and stores the misses. GZipMiddleware and ConditionalGetMiddleware
    sit before both middlewares (they compress per-reader pages and answer
    If-None-Match / If-Modified-Since with 304).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = PageCache(settings.NEWSROOM_PAGE_CACHE_ALIAS)
        # Import the views (and the forms with PerReaderValues) now: a fresh
        # worker's first request may be a hit on a page holding placeholders.
        get_resolver().url_patterns  # noqa: B018

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_is_cacheable(request):
            return self.personal(request, self.get_response(request))

        found = lookup(self.pages, request)
        generation_token = _request_generation.set(found.generation)
        try:
            return self.serve(request, found)
        finally:
            _request_generation.reset(generation_token)

    def usable_page(self, found: Lookup) -> CachedPage | None:
        return found.fresh_page(self.pages)

    def serve(self, request: HttpRequest, found: Lookup) -> HttpResponse:
        page = self.usable_page(found)
        if page is not None:
            return self.pages.hit(request, page)

        token = _rendering_for_cache.set(True)
        try:
            response = self.get_response(request)
        finally:
            _rendering_for_cache.reset(token)

        if not response_is_storable(request, response):
            return self.fill_placeholders(request, response)
        generation = found.generation
        now = time.time()
        try:
            if generation is None:
                raise PageCacheUnavailable
            next_change = self.pages.next_change(generation)
        except PageCacheUnavailable:
            next_change = next_scheduled_change()
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
        content = response.content
        for value in PerReaderValue.registry.values():
            placeholder = value.placeholder.encode()
            if placeholder in content:
                content = content.replace(placeholder, value.make(request).encode())
                patch_cache_control(response, private=True, no_cache=True)
        response.content = content
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
