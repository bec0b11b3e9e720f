"""Send the reads of anonymous page views to a read replica (DATABASE_REPLICA_URL).

Only code running inside reading_from_replica() reads from the replica; the
middleware (newsroom.middleware.ReplicaRoutingMiddleware) wraps anonymous GET
requests to public pages in it. Every write, every read anywhere else (the
admin, logged-in users, form posts, management commands) and every migration
goes to the primary ("default"), so nobody ever acts on a lagging copy.

A replica lags the primary a little. So that no reader's page (and no page
cached from it for everyone) shows content older than a change that has just
been committed, all reads stay on the primary for NEWSROOM_REPLICA_LAG_SECONDS
after any change to what readers see; the shared cache carries that news to
every app server.
"""

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"
RECENT_CHANGE_KEY = "newsroom:replica:recent-change"
# Apps whose changes readers see at once (comments show after moderation, so a
# reader's new comment doesn't keep everyone on the primary).
PUBLISHED_APPS = frozenset({"articles", "authors", "newsroom", "taggit"})

_replica_safe: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "replica_safe", default=False
)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Read from the replica (when there is one) inside this block."""
    token = _replica_safe.set(True)
    try:
        yield
    finally:
        _replica_safe.reset(token)


def replica_is_current() -> bool:
    """Return False for a while after a committed change to published content."""
    try:
        return cache.get(RECENT_CHANGE_KEY) is None
    except Exception:
        logger.warning("Cache unavailable: reading from the primary", exc_info=True)
        return False


def _note_change() -> None:
    """Keep reads on the primary once the current transaction commits."""
    pending = connections[PRIMARY].run_on_commit
    if not any(entry[1] is _mark_recent_change for entry in pending):
        transaction.on_commit(_mark_recent_change, using=PRIMARY)


def _mark_recent_change() -> None:
    try:
        cache.set(RECENT_CHANGE_KEY, True, settings.NEWSROOM_REPLICA_LAG_SECONDS)
    except Exception:
        logger.warning("Could not note a change for the replica", exc_info=True)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if _replica_safe.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        if model._meta.app_label in PUBLISHED_APPS:
            _note_change()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both databases hold the same data, so objects from either may relate.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # The replica copies the primary's schema; it is never migrated itself.
        return db == PRIMARY
