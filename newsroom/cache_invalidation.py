"""Invalidate cached pages when anything readers see changes.

Signal receivers (allowed for cache invalidation by the house style) start new
page-cache generations in the shared cache, so every app server stops serving
the old pages at once. They run after the transaction commits: bumping earlier
would let a reader re-cache the old content, still visible until the commit,
under the new generation. All changes of one transaction cost one bump.

- Any saved or deleted object of the articles, authors, images (the media
  library), newsroom (site settings, front page) and taggit apps starts a new
  generation for the whole site, except an article that is not published and
  wasn't before (drafts and articles in review are nobody's page:
  articles.signals, connected by the articles app), editors' review notes and
  autosaves of the article form.
- A comment shows on its article's page and in the home page's most-commented
  list, so a moderator's decision or edit invalidates those two pages only; a
  new comment waiting for moderation invalidates nothing. Deleting an approved
  comment invalidates everything (its article may be being deleted too, and
  its URL can't be worked out for free).
- Nothing listens to post_init: pages load hundreds of comments and articles,
  and a receiver there would cost every one of them.
- Bulk updates (QuerySet.update()) send no signals: the querysets of articles
  and comments invalidate everything themselves (InvalidatingQuerySetMixin).
"""

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from newsroom.page_cache import PageCache, PageCacheUnavailable

logger = logging.getLogger(__name__)

WATCHED_APPS = ("articles", "authors", "images", "newsroom", "taggit")
# Models whose apps connect receivers of their own (live updates invalidate
# their own pages only, articles.live; an unpublished article nothing,
# articles.signals), or that readers never see.
UNWATCHED_MODELS = {
    "articles.Article",
    "articles.ReviewNote",
    "articles.ArticleAutosave",
    "articles.LiveEntry",
}

_pending = threading.local()


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
    from django.conf import settings

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


def comment_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw or (created and instance.status != instance.Status.APPROVED):
        return  # A new comment waiting for a moderator shows nowhere.
    pages_changed(instance.article.get_absolute_url(), reverse("home"))


def comment_deleted(sender, instance, **kwargs) -> None:
    if instance.__dict__.get("status") in (instance.Status.APPROVED, None):
        site_changed()


class InvalidatingQuerySetMixin:
    """Invalidate every cached page after a bulk update (which sends no signal)."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            site_changed()
        return rows


def connect() -> None:
    """Connect the receivers (called by NewsroomConfig.ready())."""
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label in UNWATCHED_MODELS:
                continue
            uid = f"page-cache-{model._meta.label_lower}"
            post_save.connect(content_saved, sender=model, dispatch_uid=uid)
            post_delete.connect(content_deleted, sender=model, dispatch_uid=uid)

    Comment = apps.get_model("comments", "Comment")
    post_save.connect(comment_saved, sender=Comment, dispatch_uid="page-cache-comment")
    post_delete.connect(
        comment_deleted, sender=Comment, dispatch_uid="page-cache-comment"
    )
