"""Profile uncached renders of one page (bench data set).

    python -m bench.profile /2026/11/23/some-article/ --requests 20

Runs in-process against newsroom_bench_100k (or --database) with the benchmark
server's settings, every request a page-cache miss, and prints where the time
goes: with pyinstrument if it is installed (a development tool, not a
dependency), else with cProfile (--sort, --limit), also with --cprofile.
"""

import argparse
import cProfile
import logging
import os
import pstats
import sys
import tempfile
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("path", help="the page, e.g. / or /section/spain/")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--database", default="newsroom_bench_100k")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="every cache off (page and per-generation data), as make bench's cold",
    )
    parser.add_argument(
        "--cprofile", action="store_true", help="cProfile even with pyinstrument"
    )
    parser.add_argument("--sort", default="cumulative", help="cProfile's sort key")
    parser.add_argument("--limit", type=int, default=60, help="cProfile's rows")
    options = parser.parse_args()
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None

    from bench.run import REDIS_URL, server_url

    floor = Path(tempfile.mkdtemp()) / "floor.html"
    floor.write_text("<!DOCTYPE html><title>floor</title>")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": f"{server_url()}/{options.database}",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "profile"),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "testserver",
            "REDIS_URL": REDIS_URL,
            "MEDIA_ROOT": str(BASE_DIR / "var" / "bench" / options.database / "media"),
            "BENCH_FLOOR_FILE": str(floor),
            "BENCH_PAGE_CACHE": "miss",
            "LOG_LEVEL": "WARNING",
        }
        | ({"NEWSROOM_PAGE_CACHE_SECONDS": "0"} if options.cold else {})
    )
    django.setup()
    logging.getLogger("newsroom.request").setLevel(logging.WARNING)
    from django.conf import settings
    from django.test import Client

    # Plain static storage: no collectstatic needed to render.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    client = Client()
    for _warm in range(3):
        assert client.get(options.path).status_code == 200
    if Profiler is None or options.cprofile:
        profile = cProfile.Profile()
        with profile:
            for _request in range(options.requests):
                client.get(options.path)
        stats = pstats.Stats(profile, stream=sys.stdout)
        stats.strip_dirs().sort_stats(options.sort).print_stats(options.limit)
        return
    profiler = Profiler()
    with profiler:
        for _request in range(options.requests):
            client.get(options.path)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
