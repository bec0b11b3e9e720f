"""A cache backend whose server is down: every read and write raises."""

from django.core.cache.backends.base import BaseCache


class CacheServerDown(ConnectionError):
    pass


class BrokenCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise CacheServerDown("Connection refused")

    add = get = set = touch = delete = incr = decr = has_key = _fail
    get_many = set_many = delete_many = _fail

    def clear(self):
        """Let test teardown clear it."""
