"""Invalidate cached pages when anything readers see changes.

Signal receivers start new page-cache generations in the shared cache, so every
app server stops serving the old pages at once. They run after the transaction
commits: bumping earlier would let a reader re-cache the old content, still
visible until the commit, under the new generation. All changes of one
transaction cost one bump.

The apps say what readers see, from their AppConfig.ready():

- watch(models): any saved or deleted object of these models starts a new
  generation for the whole site (content_saved / content_deleted).
- Receivers of their own for finer rules (an article nobody can read yet, a
  comment waiting for moderation), calling site_changed() or pages_changed().
- InvalidatingQuerySetMixin on the querysets of watched models: bulk updates
  (QuerySet.update()) send no signals, so they invalidate everything
  themselves.

Nothing should listen to post_init: pages load hundreds of objects, and a
receiver there would cost every one of them.
"""

import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from pagecache.store import PageCache, PageCacheUnavailable

logger = logging.getLogger(__name__)

_pending = threading.local()
# Labels of the models watched by watch() ("app_label.ModelName").
_watched: set[str] = set()


@dataclass
class Changes:
    everything: bool = False
    paths: set[str] = field(default_factory=set)


def site_changed() -> None:
    """Invalidate every cached page once the current transaction commits."""
    _record(everything=True)


def pages_changed(*paths: str) -> None:
    """Invalidate the cached pages at these paths once the transaction commits."""
    _record(paths=paths)


def _record(everything: bool = False, paths=()) -> None:
    changes = getattr(_pending, "changes", None)
    if changes is None:
        changes = _pending.changes = Changes()
    changes.everything |= everything
    changes.paths.update(paths)
    # One callback per change; the first to run after the commit does the work
    # for all (outside a transaction it runs at once). If the transaction rolls
    # back, its changes wait for the next commit: invalidating a little too
    # much is harmless.
    transaction.on_commit(_apply)


@contextlib.contextmanager
def discarded() -> Iterator[None]:
    """Forget the invalidations recorded inside, for changes that are rolled back
    on purpose (e.g. an unsaved article saved only to render its preview)."""
    before = _pending.__dict__.pop("changes", None)
    try:
        yield
    finally:
        _pending.__dict__.pop("changes", None)
        if before is not None:
            _pending.changes = before


def _apply() -> None:
    changes = _pending.__dict__.pop("changes", None)
    if changes is None:
        return
    pages = PageCache(settings.NEWSROOM_PAGE_CACHE_ALIAS)
    try:
        if changes.everything:
            pages.bump(everything=True)
        elif changes.paths:
            pages.bump(paths=changes.paths)
    except PageCacheUnavailable:
        # The cache is down: nothing is served from it, and pages stored
        # before expire within NEWSROOM_PAGE_CACHE_SECONDS.
        logger.warning("Cached pages could not be invalidated: cache unavailable")


def content_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:  # loaddata
        return
    site_changed()


def content_deleted(sender, instance, **kwargs) -> None:
    site_changed()


def watch(watched: Iterable[type[models.Model]]) -> None:
    """Invalidate every cached page when one of these models is saved or deleted."""
    for model in watched:
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(content_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(content_deleted, sender=model, dispatch_uid=uid)
        _watched.add(model._meta.label)


def is_watched(model: type[models.Model]) -> bool:
    """Return whether watch() was given the model."""
    return model._meta.label in _watched


class InvalidatingQuerySetMixin:
    """Invalidate every cached page after a bulk update (which sends no signal)."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            site_changed()
        return rows
