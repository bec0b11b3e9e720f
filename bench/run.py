"""The benchmark harness: `make bench` (or `python -m bench --help`).

Loads (or reuses) the data sets through load_demo, serves the project as in
production (gunicorn, 2 sync workers, DEBUG off, collected static files, Redis)
and measures each page with wrk in five ways:

- cold: every cache off (NEWSROOM_PAGE_CACHE_SECONDS=0: no stored page and no
  per-generation data), what a page costs to compute from the database;
- miss: the page rendered each time, with what is kept warm (data and kept
  parts of pages, per site generation or per page): a page cache miss on a
  live site with nothing changed, as when the stored copy expired or a reader
  came with a query string of their own;
- page changed (after code only): as miss, but the page itself changed just
  before each request, as after a moderator's decision on the article's
  comments, so what is kept for that page alone (its comment threads) is
  rendered again too;
- hit: answered from the app's page cache;
- nginx: through the nginx micro-cache of deploy/nginx.conf in front of the app.

Each page is set against two references measured in the same run with the very
same bytes: a plain Django view with no middleware (bench/plain_urls.py, under
the same gunicorn) and nginx serving them as a static file. Beside req/s, which
swings with whatever else runs on the machine, each figure has the CPU
milliseconds a request cost the serving processes (gunicorn workers, their
PostgreSQL backends, nginx workers), read from /proc. With --before REF the
same run measures the code of a git ref too, on the same data, and query
counts per page come from both. Everything listens on 127.0.0.1, runs
niced, and each figure is bounded by --duration. Prints one table and writes
it as JSON under bench/results/.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.cpu import children, cpu_seconds, database_backends

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
DATASETS_FILE = RESULTS_DIR / "datasets.json"
PYTHON = sys.executable

APP_PORT = int(os.environ.get("BENCH_APP_PORT", "8018"))
PLAIN_PORT = int(os.environ.get("BENCH_PLAIN_PORT", "8019"))
NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", "8038"))
MICRO_CACHE_PORT = int(os.environ.get("BENCH_MICRO_CACHE_PORT", "8039"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "newsroom_bench")
LIST_PAGE_SIZE = 20

MODES = {
    "cold": {"NEWSROOM_PAGE_CACHE_SECONDS": "0"},
    "miss": {"BENCH_PAGE_CACHE": "miss"},
    # After code: the page's own change just before each request (a comment's
    # decision). Before this mode existed, code kept nothing per page: its
    # figures equal its miss.
    "changed": {"BENCH_PAGE_CACHE": "changed"},
    "hit": {"BENCH_PAGE_CACHE": "hit"},
}
TARGETS = {
    # Issue 18's "uncached": the page rendered on every request, with what is
    # kept per site generation (data and kept parts) warm: the miss mode.
    "article_miss_cpu_ms": 8.0,
    "home_miss_cpu_ms": 11.0,
    "nginx_cached_article_vs_nginx_file": 0.5,
    "growth_100k_vs_10k": 1.2,
}


@dataclass(frozen=True)
class DataSet:
    name: str
    database: str
    articles: int
    comments: int
    authors: int


DATA_SETS = {
    "100k": DataSet("100k", f"{DATABASE_PREFIX}_100k", 100_000, 1_000_000, 200),
    "10k": DataSet("10k", f"{DATABASE_PREFIX}_10k", 10_000, 100_000, 200),
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def server_url() -> str:
    """Return the PostgreSQL server part of BENCH_DATABASE_URL / DATABASE_URL."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    url = url or "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class Code:
    """A version of the project to serve: this checkout, or a git ref's."""

    name: str
    directory: Path


class Bench:
    def __init__(self, options: argparse.Namespace):
        self.options = options
        self.secret_key = secrets.token_urlsafe(50)
        self.tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
        self.tmp.chmod(0o755)
        # The measured pages' bytes, served by the two references.
        self.pages_dir = self.tmp / "pages"
        self.pages_dir.mkdir()
        self.pages_dir.chmod(0o755)
        self.processes: list[subprocess.Popen] = []
        self.after = Code("after", BASE_DIR)
        self.codes = [self.after]
        if options.before:
            self.codes.insert(0, self.checkout(options.before))

    def checkout(self, ref: str) -> Code:
        """Return the code of a git ref, unpacked apart (no worktree, no checkout)."""
        directory = self.tmp / "before"
        directory.mkdir()
        archive = subprocess.run(
            ["git", "archive", ref], cwd=BASE_DIR, capture_output=True, check=True
        )
        subprocess.run(
            ["tar", "-x", "-C", str(directory)], input=archive.stdout, check=True
        )
        log(f"Code before: {ref} unpacked in {directory}")
        return Code("before", directory)

    # Environment.

    def env(self, data_set: DataSet, code: Code | None = None, **extra) -> dict:
        code = code or self.after
        kept = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
        base = {name: os.environ[name] for name in kept if name in os.environ}
        media = BASE_DIR / "var" / "bench" / data_set.database / "media"
        media.mkdir(parents=True, exist_ok=True)
        return (
            base
            | {
                "DJANGO_SETTINGS_MODULE": "bench.settings",
                "DATABASE_URL": f"{server_url()}/{data_set.database}",
                "SECRET_KEY": self.secret_key,
                "DEBUG": "false",
                "ALLOWED_HOSTS": "127.0.0.1,testserver",
                "STATIC_ROOT": str(self.tmp / f"static-{code.name}"),
                "MEDIA_ROOT": str(media),
                "REDIS_URL": REDIS_URL,
                "SITE_URL": f"http://127.0.0.1:{APP_PORT}",
                # The old harness's floor view (bench/floor.py) reads it.
                "BENCH_FLOOR_FILE": str(self.pages_dir / "article.html"),
                "BENCH_PAGES_DIR": str(self.pages_dir),
                "LOG_LEVEL": "WARNING",
            }
            | extra
        )

    def manage(self, data_set: DataSet, *arguments: str, code=None, **extra) -> str:
        code = code or self.after
        result = subprocess.run(
            [PYTHON, "manage.py", *arguments],
            cwd=code.directory,
            env=self.env(data_set, code, **extra),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise SystemExit(
                f"manage.py {' '.join(arguments)} failed:\n{result.stderr}"
            )
        return result.stdout

    def task(self, data_set: DataSet, name: str, argument=None, code=None, **extra):
        code = code or self.after
        command = [PYTHON, "-m", "bench.tasks", name]
        if argument is not None:
            command.append(json.dumps(argument))
        result = subprocess.run(
            command,
            cwd=code.directory,
            env=self.env(data_set, code, **extra),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise SystemExit(f"bench task {name} failed:\n{result.stderr}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    # Data sets.

    def ensure_data_set(self, data_set: DataSet, reload: bool) -> dict:
        """Load the data set unless it is there already (judged by its counts)."""
        import psycopg2

        connection = psycopg2.connect(f"{server_url()}/postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [data_set.database]
            )
            exists = cursor.fetchone() is not None
            if exists and reload:
                log(f"Dropping {data_set.database} to load it again")
                cursor.execute(f'DROP DATABASE "{data_set.database}" WITH (FORCE)')
                exists = False
            if not exists:
                cursor.execute(f'CREATE DATABASE "{data_set.database}"')
        connection.close()

        self.manage(data_set, "migrate", "--no-input")
        counts = self.task(data_set, "counts")
        records = read_json(DATASETS_FILE, {})
        if (
            counts["articles"] == data_set.articles
            and counts["comments"] >= data_set.comments
            and counts["authors"] >= data_set.authors
        ):
            log(f"Reusing {data_set.database}: {counts}")
            return records.get(data_set.database, {}) | {"counts": counts}
        if counts["articles"]:
            raise SystemExit(
                f"{data_set.database} holds other data ({counts}); run with "
                "--reload to replace it"
            )
        log(
            f"Loading {data_set.database}: {data_set.articles:,} articles, "
            f"{data_set.comments:,} comments (load_demo shows its progress)"
        )
        started = time.monotonic()
        output = self.manage(
            data_set,
            "load_demo",
            "--articles",
            str(data_set.articles),
            "--comments",
            str(data_set.comments),
            "--authors",
            str(data_set.authors),
        )
        wall = time.monotonic() - started
        match = re.search(r"loaded in ([\d.]+)s", output)
        record = {
            "load_demo_seconds": float(match[1]) if match else wall,
            "load_demo_wall_seconds": round(wall, 1),
            "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_average_before": os.getloadavg()[0],
        }
        records[data_set.database] = record
        write_json(DATASETS_FILE, records)
        return record | {"counts": self.task(data_set, "counts")}

    # Servers.

    def collect_static(self, code: Code) -> None:
        self.manage(
            DATA_SETS["10k"], "collectstatic", "--no-input", "-v", "0", code=code
        )

    def start_gunicorn(
        self, code: Code, env: dict, port: int, probe: str, label: str
    ) -> subprocess.Popen:
        env = env | {
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            # No worker restarts in the middle of a measurement.
            "GUNICORN_MAX_REQUESTS": "0",
        }
        log_file = (self.tmp / f"gunicorn-{label}.log").open("ab")
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "-c",
                str(code.directory / "deploy" / "gunicorn.conf.py"),
            ],
            cwd=code.directory,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {log_file.name}")
            try:
                fetch(f"http://127.0.0.1:{port}{probe}")
                return process
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not start; see {log_file.name}")

    def start_nginx(self) -> subprocess.Popen:
        """Serve the pages' bytes as files, and the micro-cache in front of the app.

        The micro-cache has deploy/nginx.conf's cache directives, without TLS.
        """
        prefix = self.tmp / "nginx"
        prefix.mkdir(exist_ok=True)
        config = prefix / "nginx.conf"
        config.write_text(
            f"""
worker_processes 2;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    proxy_cache_path {prefix}/cache levels=1:2 keys_zone=newsroom:20m
                     max_size=1g inactive=10m use_temp_path=off;
    upstream newsroom {{
        server 127.0.0.1:{APP_PORT};
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{NGINX_PORT};
        root {self.pages_dir};
        location / {{ default_type "text/html; charset=utf-8"; }}
    }}
    server {{
        listen 127.0.0.1:{MICRO_CACHE_PORT};
        location / {{
            proxy_pass http://newsroom;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_cache newsroom;
            proxy_cache_key $scheme$host$request_uri;
            proxy_cache_valid 200 301 404 5s;
            proxy_cache_bypass $cookie_sessionid $http_authorization;
            proxy_no_cache $cookie_sessionid $http_authorization;
            proxy_cache_lock on;
            proxy_cache_lock_timeout 5s;
            proxy_cache_use_stale error timeout updating http_500 http_502
                                  http_503 http_504;
            proxy_cache_revalidate on;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
"""
        )
        process = subprocess.Popen(
            ["nginx", "-c", str(config), "-p", str(prefix)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        for _attempt in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{NGINX_PORT}/", timeout=2)
            except urllib.error.HTTPError:
                return process  # Answering (403/404 on the bare directory).
            except OSError:
                time.sleep(0.1)
            else:
                return process
        raise SystemExit("nginx did not start")

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process in self.processes:
            self.processes.remove(process)

    def cleanup(self) -> None:
        for process in list(self.processes):
            self.stop(process)
        shutil.rmtree(self.tmp, ignore_errors=True)

    # Measurements.

    def wrk(self, url: str) -> dict:
        result = subprocess.run(
            [
                "wrk",
                "--latency",
                "-t1",
                f"-c{self.options.connections}",
                f"-d{self.options.duration}s",
                "--timeout",
                "10s",
                url,
            ],
            capture_output=True,
            text=True,
        )
        return parse_wrk(result.stdout)

    def measure(self, url: str, processes) -> dict:
        """Measure one URL with wrk; add the CPU ms per request of the processes.

        processes() names them after the warm-up requests, so the workers'
        database connections (kept open: CONN_MAX_AGE) are among them.
        """
        for _warm in range(3):
            fetch(url)
        pids = processes()
        before = cpu_seconds(pids)
        result = self.wrk(url)
        used = cpu_seconds(pids) - before
        result["cpu_ms"] = used * 1000 / result["requests"] if result["requests"] else 0
        return result

    def app_processes(self, process: subprocess.Popen, data_set: DataSet):
        def pids() -> list[int]:
            return children(process.pid) + database_backends(
                server_url(), data_set.database
            )

        return pids

    def measure_app(
        self, code: Code, data_set: DataSet, mode: str, pages: dict[str, str]
    ) -> dict[str, dict]:
        """Start the code's app server in a mode, measure each page, stop it."""
        flush_redis()
        env = self.env(data_set, code, **MODES[mode])
        label = f"{code.name}-{data_set.name}-{mode}"
        process = self.start_gunicorn(code, env, APP_PORT, "/healthz", label)
        base = f"http://127.0.0.1:{APP_PORT}"
        processes = self.app_processes(process, data_set)
        results: dict[str, dict] = {mode: {}}
        try:
            for name, path in pages.items():
                results[mode][name] = figure = self.measure(base + path, processes)
                self.report(label, name, figure)
            if mode == "hit":
                results["nginx"] = self.measure_micro_cache(
                    label, pages, process, data_set
                )
            if code is self.after and mode == "cold":
                for name, path in pages.items():
                    (self.pages_dir / f"{name}.html").write_bytes(fetch(base + path))
            return results
        finally:
            self.stop(process)

    def measure_micro_cache(self, label, pages, process, data_set) -> dict:
        nginx = self.nginx
        app = self.app_processes(process, data_set)

        def processes() -> list[int]:
            return children(nginx.pid) + app()

        results = {}
        for name, path in pages.items():
            url = f"http://127.0.0.1:{MICRO_CACHE_PORT}{path}"
            results[name] = figure = self.measure(url, processes)
            figure["cache_status"] = cache_status(url)
            self.report(f"{label}+nginx", name, figure)
        return results

    def measure_references(self, data_set: DataSet, pages: dict) -> dict:
        """The same bytes from a plain Django view and from nginx as a file."""
        env = self.env(data_set, DJANGO_SETTINGS_MODULE="bench.plain_settings")
        probe = "/article.html"
        label = f"plain-{data_set.name}"
        process = self.start_gunicorn(self.after, env, PLAIN_PORT, probe, label)
        results: dict[str, dict] = {"plain": {}, "file": {}}
        try:
            for name in pages:
                url = f"http://127.0.0.1:{PLAIN_PORT}/{name}.html"
                results["plain"][name] = figure = self.measure(
                    url, lambda: children(process.pid)
                )
                self.report(label, name, figure)
        finally:
            self.stop(process)
        for name in pages:
            url = f"http://127.0.0.1:{NGINX_PORT}/{name}.html"
            results["file"][name] = figure = self.measure(
                url, lambda: children(self.nginx.pid)
            )
            self.report(f"nginx-file-{data_set.name}", name, figure)
        return results

    @staticmethod
    def report(label: str, name: str, figure: dict) -> None:
        log(
            f"  {label:24} {name:14} {figure['rps']:8.1f} req/s  "
            f"{figure['cpu_ms']:6.2f} CPU ms  p50 {figure['p50_ms']:6.1f} ms"
            + (f"  non-2xx {figure['non_2xx']}" if figure["non_2xx"] else "")
        )


def cache_status(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers.get("X-Cache-Status", "")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    finally:
        client.close()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str) -> dict:
    def latency(percentile: str) -> float:
        match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match[1]) * UNITS[match[2]] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    requests = re.search(r"(\d+) requests in", output)
    return {
        "rps": float(rps[1]) if rps else 0.0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "requests": int(requests[1]) if requests else 0,
        "non_2xx": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1].strip() if socket_errors else "",
    }


def read_json(path: Path, default):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return default


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


# The same deep page at both sizes (the 10k set's section has 220 pages), so
# growth compares one URL over a bigger archive. A page N deep costs an
# index-only walk of N pages' ids, whatever the archive's size.
DEEP_PAGE = 200


def page_paths(prepared: dict, more: bool = False) -> dict[str, str]:
    """The pages of issue 18's table: article, home, section (first and a deep
    page), tag, author; with more, search, the feed and the sitemap too."""
    last_page = max(1, (prepared["section_articles"] - 1) // LIST_PAGE_SIZE + 1)
    pages = {
        "article": prepared["article"],
        "home": "/",
        "section": prepared["section"],
        "section_deep": prepared["section"] + f"?page={min(DEEP_PAGE, last_page)}",
        "tag": prepared["tag"],
        "author": prepared["author"],
    }
    if more:
        pages |= {
            "search_common": "/search/?q="
            + urllib.parse.quote(prepared["common_word"]),
            "search_rare": "/search/?q=" + urllib.parse.quote(prepared["rare_word"]),
            "feed": "/feed/",
            "sitemap": "/sitemap.xml",
        }
    return pages


def median(values: list[float]) -> float:
    values = [value for value in values if value == value]
    return statistics.median(values) if values else float("nan")


def summarise(rounds: list[dict]) -> dict:
    """Median figures over the rounds: {data set: {code/mode: {page: figure}}}."""
    summary: dict = {}
    for data_set in rounds[0]:
        summary[data_set] = {}
        for config in rounds[0][data_set]:
            summary[data_set][config] = {}
            for page in rounds[0][data_set][config]:
                runs = [round_[data_set][config][page] for round_ in rounds]
                summary[data_set][config][page] = {
                    key: median([run[key] for run in runs])
                    for key in ("rps", "cpu_ms", "p50_ms", "p99_ms")
                } | {"non_2xx": sum(run["non_2xx"] for run in runs)}
    return summary


def check_targets(summary: dict, queries: dict) -> list[dict]:
    checks = []

    def check(name, value, limit, holds):
        checks.append(
            {"target": name, "value": round(value, 3), "limit": limit, "holds": holds}
        )

    for data_set, configs in summary.items():
        rendered = configs.get("after miss", {})
        for page in ("article", "home"):
            if page in rendered:
                limit = TARGETS[f"{page}_miss_cpu_ms"]
                value = rendered[page]["cpu_ms"]
                check(
                    f"{data_set}: {page} rendered (page cache missed) ≤ {limit} CPU ms",
                    value,
                    limit,
                    value <= limit,
                )
        nginx, files = configs.get("after nginx", {}), configs.get("nginx file", {})
        if "article" in nginx and "article" in files:
            ratio = nginx["article"]["rps"] / files["article"]["rps"]
            limit = TARGETS["nginx_cached_article_vs_nginx_file"]
            check(
                f"{data_set}: cached article through nginx ≥ {limit:.0%} of nginx "
                "serving the file",
                ratio,
                limit,
                ratio >= limit,
            )
        for page, counted in queries.get(data_set, {}).get("before", {}).items():
            after = queries[data_set]["after"].get(page)
            if after is not None:
                check(
                    f"{data_set}: {page} queries no more than before ({counted})",
                    after,
                    counted,
                    after <= counted,
                )
    if {"10k", "100k"} <= set(summary):
        for mode in ("cold", "miss"):
            for page, big in summary["100k"].get(f"after {mode}", {}).items():
                small = summary["10k"][f"after {mode}"][page]
                growth = big["cpu_ms"] / small["cpu_ms"]
                limit = TARGETS["growth_100k_vs_10k"]
                check(
                    f"growth {page} ({mode}): 100k within {limit}× of 10k",
                    growth,
                    limit,
                    growth <= limit,
                )
    return checks


COLUMNS = [
    ("before cold", "before, cold"),
    ("after cold", "after, cold"),
    ("before miss", "before, miss"),
    ("after miss", "after, miss"),
    ("after changed", "after, page changed"),
    ("before hit", "before, hit"),
    ("after hit", "after, hit"),
    ("before nginx", "before, nginx"),
    ("after nginx", "after, nginx"),
    ("plain django", "plain Django"),
    ("nginx file", "nginx file"),
]


def table(summary: dict, queries: dict) -> list[str]:
    """One table per data set: CPU ms per request (queries) and req/s per column."""
    lines = []
    for data_set, configs in summary.items():
        shown = [(key, title) for key, title in COLUMNS if key in configs]
        lines += [
            "",
            f"{data_set}: CPU ms per request (queries) / req/s",
            f"{'page':<14}" + "".join(f"{title:>22}" for _key, title in shown),
        ]
        for page in next(iter(configs.values())):
            cells = ""
            for key, _title in shown:
                figure = configs[key].get(page)
                if figure is None:
                    cells += f"{'-':>22}"
                    continue
                code, _space, mode = key.partition(" ")
                counted = queries.get(data_set, {}).get(code, {}).get(page)
                count = (
                    f" ({counted})" if counted is not None and mode == "cold" else ""
                )
                cells += f"{figure['cpu_ms']:>8.2f}{count:>6} / {figure['rps']:>6.0f}"
            lines.append(f"{page:<14}{cells}")
    return lines


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--duration", type=int, default=5, help="seconds per figure")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds")
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument(
        "--before",
        metavar="GIT_REF",
        help="measure this git ref's code too, on the same data (before/after)",
    )
    parser.add_argument(
        "--more",
        action="store_true",
        help="measure search, the feed and the sitemap too",
    )
    parser.add_argument(
        "--reload",
        action="store_true",
        help="drop and load the data sets again (to time load_demo)",
    )
    parser.add_argument(
        "--only", choices=sorted(DATA_SETS), help="measure one data set only"
    )
    options = parser.parse_args(argv)
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed: apt-get install -y {tool}")

    bench = Bench(options)
    started = datetime.now(UTC)
    load_start = os.getloadavg()[0]
    try:
        chosen = [DATA_SETS[options.only]] if options.only else list(DATA_SETS.values())
        datasets = {d.name: bench.ensure_data_set(d, options.reload) for d in chosen}
        prepared = {d.name: bench.task(d, "prepare") for d in chosen}
        log(f"Pages: {json.dumps(prepared)}")
        paths = {d.name: page_paths(prepared[d.name], options.more) for d in chosen}
        queries: dict = {}
        unindexed: dict = {}
        for code in bench.codes:
            bench.collect_static(code)
            for data_set in chosen:
                flush_redis()
                plans = bench.task(
                    data_set,
                    "plans",
                    list(paths[data_set.name].values()),
                    code=code,
                    NEWSROOM_PAGE_CACHE_SECONDS="0",
                )
                queries.setdefault(data_set.name, {})[code.name] = {
                    name: plans["pages"][path]["queries"]
                    for name, path in paths[data_set.name].items()
                }
                if code is bench.after:
                    unindexed[data_set.name] = sorted(
                        url for url, page in plans["pages"].items() if not page["ok"]
                    )
        log(f"Queries per page, every cache off: {json.dumps(queries)}")
        bench.nginx = bench.start_nginx()
        rounds = []
        for number in range(options.rounds):
            log(f"Round {number + 1} of {options.rounds}")
            results: dict = {}
            for data_set in chosen:
                configs = results[data_set.name] = {}
                # Alternate which code goes first, so a machine getting busier
                # during the run doesn't favour one of them.
                codes = bench.codes if number % 2 == 0 else bench.codes[::-1]
                for code in codes:
                    for mode in MODES:
                        if mode == "changed" and code is not bench.after:
                            continue
                        measured = bench.measure_app(
                            code, data_set, mode, paths[data_set.name]
                        )
                        for kind, figures in measured.items():
                            configs[f"{code.name} {kind}"] = figures
                references = bench.measure_references(data_set, paths[data_set.name])
                configs["plain django"] = references["plain"]
                configs["nginx file"] = references["file"]
            rounds.append(results)
    finally:
        bench.cleanup()
        flush_redis()

    summary = summarise(rounds)
    checks = check_targets(summary, queries)
    for name, urls in unindexed.items():
        checks.append(
            {
                "target": f"{name}: every query of these pages uses an index "
                "(EXPLAIN: no sequential scan of a table over 10,000 rows)",
                "value": len(urls),
                "limit": 0,
                "holds": not urls,
                "detail": ", ".join(urls),
            }
        )
    meta = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_start": load_start,
        "load_average_end": os.getloadavg()[0],
        "duration": options.duration,
        "rounds": options.rounds,
        "connections": options.connections,
        "cpu_count": os.cpu_count(),
        "before": options.before,
    }
    report = {
        "meta": meta,
        "datasets": datasets,
        "pages": prepared,
        "paths": paths,
        "queries": queries,
        "unindexed": unindexed,
        "summary": summary,
        "targets": checks,
        "rounds": rounds,
    }
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    write_json(RESULTS_DIR / f"bench-{stamp}.json", report)
    write_json(RESULTS_DIR / "latest.json", report)
    lines = [
        "",
        f"Newsroom benchmark {meta['finished_at']} (load average "
        f"{load_start:.2f} at start, {meta['load_average_end']:.2f} at end; "
        f"{options.rounds} round(s) of {options.duration} s per figure, "
        f"{options.connections} connections, {os.cpu_count()} CPUs)",
        *table(summary, queries),
        "",
        "Targets:",
    ]
    for check in checks:
        mark = "holds" if check["holds"] else "MISSED"
        detail = f"  {check['detail']}" if check.get("detail") else ""
        lines.append(f"  [{mark:>6}] {check['target']}: {check['value']:.3g}{detail}")
    print("\n".join(lines))
    log(f"Written to {RESULTS_DIR / f'bench-{stamp}.json'}")
