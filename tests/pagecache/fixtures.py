"""Fixtures for tests that run with the page cache on (tests/conftest.py loads them).

The suite runs with the page cache off (tests/conftest.py test_settings); these
turn it on, from a clean start, and commit changes so that their cache
invalidation runs.
"""

import pytest
from django.core.cache import cache

from pagecache import generations, invalidation, store


@pytest.fixture
def page_cache_on(settings):
    """Turn the page cache on, with nothing cached and the cache server usable."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    store.PageCache._failed_at = float("-inf")
    store.local_bodies.clear()
    generations.local_data.clear()
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Return a context manager running what it wraps as a committed change.

    Changes made before it (the test's own set-up, never committed in a test
    transaction) are forgotten, as if committed before the pages were read.
    """

    def committed():
        invalidation._pending.__dict__.pop("changes", None)
        return django_capture_on_commit_callbacks(execute=True)

    return committed
