"""Settings of the benchmark's app server: the project's, plus the framework floor.

Selected with DJANGO_SETTINGS_MODULE=bench.settings by bench/run.py only; the
floor view is never a URL of the product.
"""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"

BENCH_MIDDLEWARE = {
    "newsroom.page_cache.SharedPageMiddleware": "bench.floor.BenchSharedPageMiddleware",
    "newsroom.page_cache.PageCacheMiddleware": "bench.floor.BenchPageCacheMiddleware",
}
MIDDLEWARE = [BENCH_MIDDLEWARE.get(name, name) for name in MIDDLEWARE]
