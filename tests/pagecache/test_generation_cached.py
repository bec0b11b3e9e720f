"""generation_cached(): values kept until the site, or one page, changes."""

import itertools

import pytest

from pagecache import invalidation
from pagecache.generations import generation_cached

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def counted():
    """Return a compute function that answers how many times it ran."""
    runs = itertools.count(1)
    return lambda: next(runs)


def test_a_value_for_one_page_is_kept_until_that_page_changes(commit):
    compute = counted()
    assert generation_cached("threads", compute, page="/a/") == 1
    assert generation_cached("threads", compute, page="/a/") == 1

    with commit():
        invalidation.pages_changed("/b/")
    assert generation_cached("threads", compute, page="/a/") == 1

    with commit():
        invalidation.pages_changed("/a/")
    assert generation_cached("threads", compute, page="/a/") == 2

    with commit():
        invalidation.site_changed()
    assert generation_cached("threads", compute, page="/a/") == 3


def test_values_for_two_pages_are_kept_apart():
    compute = counted()
    assert generation_cached("threads", compute, page="/a/") == 1
    assert generation_cached("threads", compute, page="/b/") == 2
    assert generation_cached("threads", compute) == 3
    assert generation_cached("threads", compute, page="/a/") == 1


def test_nothing_found_is_not_kept_when_asked():
    runs = itertools.count(1)

    def lookup():
        next(runs)
        return None

    assert generation_cached("junk", lookup, keep_none=False) is None
    assert generation_cached("junk", lookup, keep_none=False) is None
    assert next(runs) == 3

    assert generation_cached("none", lookup) is None
    assert generation_cached("none", lookup) is None
    assert next(runs) == 5
