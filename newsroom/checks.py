"""System checks of the deployment (`manage.py check --deploy`)."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, register

PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def check_shared_cache_for_several_processes(app_configs, **kwargs):
    """Several app processes need one shared cache (REDIS_URL).

    The page cache, its invalidation and the comment rate limits live in the
    default cache: kept per process, one process would go on serving a page
    another has already unpublished, and each would count comments on its own.
    """
    backend = settings.CACHES["default"]["BACKEND"]
    try:
        processes = int(os.environ.get("WEB_CONCURRENCY") or 1)
    except ValueError:
        processes = 1
    if backend in PROCESS_LOCAL_CACHES and processes > 1:
        return [
            Error(
                f"WEB_CONCURRENCY={processes} app processes, but the cache is kept "
                "in each process: pages unpublished through one would still be "
                "served by the others, and rate limits counted apart.",
                hint="Set REDIS_URL to a shared Redis, or unset WEB_CONCURRENCY "
                "(deploy/gunicorn.conf.py then runs one process with threads).",
                id="newsroom.E001",
            )
        ]
    return []
