"""Values kept in the shared cache for as long as the site's generation lasts.

generation_cached() keeps what many pages show and only changes with the
content; LocalData keeps, per process, what was read under the generation of
the page being served; next_change() is when the current generation's pages
and values stop being usable even if nobody saves anything.
"""

import contextlib
import hashlib
import math
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from pagecache import schedule
from pagecache.store import (
    KEY_PREFIX,
    PATH_GENERATION_SECONDS,
    PageCache,
    PageCacheUnavailable,
    cache_seconds,
    request_generation,
)

T = TypeVar("T")

# Data kept by generation_cached(), under generations long gone, expires.
DATA_SECONDS = 60 * 60


def next_change(pages: PageCache, generation: int) -> float:
    """Return when the site next changes by itself (inf if never), found once
    per generation (schedule.next_change() asks the registered hooks)."""
    key = pages.next_change_key(generation)
    kept = local_data.get(key, generation)
    if kept is not None and kept[0] > time.time():
        return kept[0]
    moment = pages._call("get", key)
    if moment is None or moment <= time.time():
        moment = schedule.next_change()
        pages._call("set", key, moment, PATH_GENERATION_SECONDS)
    if generation == request_generation.get():
        local_data.put(key, generation, (moment,))
    return moment


def generation_cached(
    name: str,
    compute: Callable[[], T],
    *,
    page: str | None = None,
    keep_none: bool = True,
) -> T:
    """Return compute()'s value, kept in the shared cache until the site changes.

    For what many pages show and only changes with the content (the site
    settings, the sections menu, the length of a list): every change to it
    starts a new generation (pagecache.invalidation), and the value is
    never used past the next scheduled change either. Computed each time when
    the page cache is off or unavailable.

    page: the path of the one page that shows the value, which is then also
    kept only until that page changes (pages_changed(), as an article's
    comments do). keep_none=False keeps only values found: what a lookup by a
    reader's input returns for junk must not fill the cache.
    """
    if cache_seconds() <= 0:
        return compute()
    pages = PageCache(settings.NEWSROOM_PAGE_CACHE_ALIAS)
    digest = hashlib.sha256(f"{name}|{page or ''}".encode()).hexdigest()[:40]
    try:
        generation = pages.generation()
        if generation is None:  # A cache that keeps nothing.
            raise PageCacheUnavailable
        key = f"{KEY_PREFIX}:data:{digest}:{generation}"
        if page is not None:
            key = f"{key}:{pages.path_generation(page)}"
        # A page being served has read the current generation from the shared
        # cache already: what this process kept under it is still current.
        serving = generation == request_generation.get()
        stored = local_data.get(key, generation) if serving else None
        if stored is None:
            stored = pages._call("get", key)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[1] > time.time():
            if serving:
                local_data.put(key, generation, stored)
            return stored[0]
        # Read before computing: a change after it must not be covered.
        valid_until = next_change(pages, generation)
    except PageCacheUnavailable:
        return compute()
    value = compute()
    timeout = math.floor(min(DATA_SECONDS, valid_until - time.time()))
    if timeout > 0 and (keep_none or value is not None):
        with contextlib.suppress(PageCacheUnavailable):
            pages._call("set", key, (value, valid_until), timeout)
            if serving:
                local_data.put(key, generation, (value, valid_until))
    return value


class LocalData:
    """What generation_cached() found under the site's current generation.

    Kept per process and only consulted while serving a page, whose generation
    was just read from the shared cache: a value stored under that generation
    can't have changed, and a new generation empties this at once. Bounded by
    entries and by the text the values hold (text_size()), as kept parts of
    pages and long comment threads can be large.
    """

    def __init__(self, max_entries: int, max_text: int):
        self.max_entries = max_entries
        self.max_text = max_text
        self.generation = None
        self.text = 0
        self._values: dict[str, tuple] = {}

    def get(self, key: str, generation: int) -> tuple | None:
        return self._values.get(key) if generation == self.generation else None

    def put(self, key: str, generation: int, stored: tuple) -> None:
        text = text_size(stored[0])
        if text > self.max_text // 8:
            return  # Read from the shared cache each time instead.
        if (
            generation != self.generation
            or len(self._values) >= self.max_entries
            or self.text + text > self.max_text
        ):
            self.clear()
            self.generation = generation
        self._values[key] = stored
        self.text += text

    def clear(self) -> None:
        self._values = {}
        self.text = 0
        self.generation = None


def text_size(value) -> int:
    """Return the length of the text a value holds at its top level: a string,
    or the string attributes of an object (a model's body, a part's HTML)."""
    if isinstance(value, str | bytes):
        return len(value)
    attributes = getattr(value, "__dict__", None)
    if attributes is None:
        return 0
    return sum(len(item) for item in attributes.values() if isinstance(item, str))


local_data = LocalData(max_entries=1000, max_text=32 * 1024 * 1024)
