"""Settings of the benchmark's app server: the project's, plus the framework floor.

Selected with DJANGO_SETTINGS_MODULE=bench.settings by bench/run.py only; the
floor view is never a URL of the product.
"""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"

BENCH_MIDDLEWARE = {
    "pagecache.middleware.SharedPageMiddleware": (
        "bench.floor.BenchSharedPageMiddleware"
    ),
    "pagecache.middleware.PageCacheMiddleware": "bench.floor.BenchPageCacheMiddleware",
}
MIDDLEWARE = [BENCH_MIDDLEWARE.get(name, name) for name in MIDDLEWARE]
