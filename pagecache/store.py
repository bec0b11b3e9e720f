"""The shared cache's page records, page bodies and generation counters.

Storage only: what a record holds and where it is kept. Serving a record as an
HTTP response is the middleware's work (pagecache.middleware).

Every stored page records the *generations* it was rendered under: the site's
(bumped whenever anything readers see changes: pagecache.invalidation) and its
path's (bumped when only that page changes). A page is served only while both
are unchanged, so a change shows at once on every app server; old copies are
never read again and expire by themselves.
"""

import contextlib
import contextvars
import gzip
import hashlib
import logging
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, fields, replace

import brotli
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.http import HttpRequest

logger = logging.getLogger(__name__)

KEY_PREFIX = "page-cache"
# Path generations only need to outlive the pages that recorded them.
PATH_GENERATION_SECONDS = 24 * 60 * 60
# After a cache error, leave the cache alone this long (per process).
RETRY_AFTER_ERROR_SECONDS = 5
# Not worth compressing (as Django's GZipMiddleware).
MIN_COMPRESS_BYTES = 200
# Page bodies each process keeps (LocalBodies), per process.
LOCAL_BODIES_BYTES = 32 * 1024 * 1024

# The site's generation, as read by the middleware for the current request.
request_generation = contextvars.ContextVar("page_cache_generation", default=None)
# The request's path and that path's generation, read with the site's.
request_path_generation = contextvars.ContextVar(
    "page_cache_path_generation", default=None
)


def cache_seconds() -> int:
    """Return how long a page is kept at most (0: the page cache is off)."""
    return settings.NEWSROOM_PAGE_CACHE_SECONDS


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
        generation = request_generation.get()
        if generation is None:
            generation = self._call("get", self.generation_key())
        if generation is None:
            generation = self._start_generation()
        return generation

    def path_generation(self, path: str) -> int:
        served = request_path_generation.get()
        if served is not None and served[0] == path:
            return served[1]
        return self._call("get", self.path_generation_key(path)) or 0

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

    def keep_grown_body(self, page: CachedPage) -> None:
        """Keep the compressed copy that serving the page added to its body."""
        body = page.body
        local_bodies.put(page.digest, body)
        timeout = math.ceil(page.expires_at - time.time())
        if timeout > 0:
            stored = (body.content, body.gzip, body.brotli)
            with contextlib.suppress(PageCacheUnavailable):
                self._call("set", self.body_key(page.digest), stored, timeout)

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
