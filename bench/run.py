"""The benchmark harness: `make bench` (or `python -m bench --help`).

Loads (or reuses) two data sets through load_demo, serves the project as in
production (gunicorn, 2 sync workers, DEBUG off, collected static files, Redis)
and measures each page with wrk, uncached (every request a page-cache miss)
and from the warm page cache, in interleaved rounds. Two references are
measured in the same run: a plain Django view returning the article page's
bytes under the same gunicorn (the framework floor) and nginx serving those
bytes as a static file (the machine's limit). Prints one table and writes it
as JSON under bench/results/.
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

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
DATASETS_FILE = RESULTS_DIR / "datasets.json"
GUNICORN_CONFIG = BASE_DIR / "deploy" / "gunicorn.conf.py"
PYTHON = sys.executable

APP_PORT = int(os.environ.get("BENCH_APP_PORT", "8018"))
NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", "8038"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
FLOOR_PATH = "/__bench__/floor/"

TARGETS = {
    "uncached_article_vs_floor": 0.10,
    "uncached_list_vs_floor": 0.08,
    "cached_vs_floor": 0.80,
    "growth_100k_vs_10k": 1.2,
    "section_page_500_vs_1": 1.5,
    "search_p50_ms": 50,
    "load_demo_seconds": 600,
}
LIST_PAGES = ("home", "section", "tag", "author")


@dataclass(frozen=True)
class DataSet:
    name: str
    database: str
    articles: int
    comments: int
    authors: int


DATA_SETS = {
    "100k": DataSet("100k", "newsroom_bench_100k", 100_000, 1_000_000, 200),
    "10k": DataSet("10k", "newsroom_bench_10k", 10_000, 100_000, 200),
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def server_url() -> str:
    """Return the PostgreSQL server part of BENCH_DATABASE_URL / DATABASE_URL."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    url = url or "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Bench:
    def __init__(self, options: argparse.Namespace):
        self.options = options
        self.secret_key = secrets.token_urlsafe(50)
        self.tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
        self.static_root = self.tmp / "static"
        self.floor_file = self.tmp / "floor" / "article.html"
        self.floor_file.parent.mkdir()
        self.floor_file.parent.chmod(0o755)
        self.tmp.chmod(0o755)
        self.processes: list[subprocess.Popen] = []

    # Environment.

    def env(self, data_set: DataSet, **extra: str) -> dict[str, str]:
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
                "STATIC_ROOT": str(self.static_root),
                "MEDIA_ROOT": str(media),
                "REDIS_URL": REDIS_URL,
                "SITE_URL": f"http://127.0.0.1:{APP_PORT}",
                "BENCH_FLOOR_FILE": str(self.floor_file),
                "LOG_LEVEL": "WARNING",
            }
            | extra
        )

    def manage(self, data_set: DataSet, *arguments: str, **extra) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *arguments],
            cwd=BASE_DIR,
            env=self.env(data_set, **extra),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise SystemExit(
                f"manage.py {' '.join(arguments)} failed:\n{result.stderr}"
            )
        return result.stdout

    def task(self, data_set: DataSet, name: str, argument=None) -> dict:
        command = [PYTHON, "-m", "bench.tasks", name]
        if argument is not None:
            command.append(json.dumps(argument))
        result = subprocess.run(
            command,
            cwd=BASE_DIR,
            env=self.env(data_set),
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

    def collect_static(self) -> None:
        self.manage(DATA_SETS["10k"], "collectstatic", "--no-input", "-v", "0")

    def start_app(self, data_set: DataSet, mode: str) -> subprocess.Popen:
        env = self.env(
            data_set,
            GUNICORN_BIND=f"127.0.0.1:{APP_PORT}",
            WEB_CONCURRENCY="2",
            # No worker restarts in the middle of a measurement.
            GUNICORN_MAX_REQUESTS="0",
            BENCH_PAGE_CACHE=mode,
        )
        log_file = (self.tmp / f"gunicorn-{data_set.name}-{mode}.log").open("ab")
        process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG)],
            cwd=BASE_DIR,
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
                fetch(f"http://127.0.0.1:{APP_PORT}/healthz")
                return process
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not start; see {log_file.name}")

    def start_nginx(self) -> subprocess.Popen:
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
    server {{
        listen 127.0.0.1:{NGINX_PORT};
        root {self.floor_file.parent};
        location / {{ default_type "text/html; charset=utf-8"; }}
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
        url = f"http://127.0.0.1:{NGINX_PORT}/{self.floor_file.name}"
        for _attempt in range(50):
            try:
                fetch(url)
                return process
            except OSError:
                time.sleep(0.1)
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

    def wrk(self, url: str, connections: int | None = None, duration=None) -> dict:
        connections = connections or self.options.connections
        duration = duration or self.options.duration
        result = subprocess.run(
            [
                "wrk",
                "--latency",
                "-t1",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                url,
            ],
            capture_output=True,
            text=True,
        )
        return parse_wrk(result.stdout)

    def measure_server(
        self, data_set: DataSet, mode: str, pages: dict[str, str]
    ) -> dict[str, dict]:
        """Start the app server, measure the floor and each page, stop it."""
        flush_redis()
        process = self.start_app(data_set, mode)
        base = f"http://127.0.0.1:{APP_PORT}"
        try:
            if not self.floor_file.exists():
                self.floor_file.write_bytes(fetch(base + pages["article"]))
                self.floor_file.chmod(0o644)
            results = {}
            for name, path in {"floor": FLOOR_PATH, **pages}.items():
                for _warm in range(3):
                    fetch(base + path)
                results[name] = self.wrk(base + path)
                log(
                    f"  {data_set.name} {mode:4} {name:16} "
                    f"{results[name]['rps']:8.1f} req/s  "
                    f"p50 {results[name]['p50_ms']:7.1f} ms  "
                    f"p99 {results[name]['p99_ms']:7.1f} ms"
                )
            if mode == "miss" and data_set.name == "100k":
                for name in ("search_common", "search_rare"):
                    results[name + "_single_user"] = self.wrk(
                        base + pages[name], connections=1
                    )
            return results
        finally:
            self.stop(process)

    def measure_nginx(self) -> dict:
        process = self.start_nginx()
        try:
            result = self.wrk(f"http://127.0.0.1:{NGINX_PORT}/{self.floor_file.name}")
            log(f"  nginx static              {result['rps']:8.1f} req/s")
            return result
        finally:
            self.stop(process)


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


def page_paths(prepared: dict, deep_section_page: bool) -> dict[str, str]:
    pages = {
        "home": "/",
        "article": prepared["article"],
        "section": prepared["section"],
        "section_p500": prepared["section"] + "?page=500",
        "tag": prepared["tag"],
        "author": prepared["author"],
        "search_common": "/search/?q=" + urllib.parse.quote(prepared["common_word"]),
        "search_rare": "/search/?q=" + urllib.parse.quote(prepared["rare_word"]),
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
    }
    if not deep_section_page:
        del pages["section_p500"]
    return pages


def median(values: list[float]) -> float:
    values = [value for value in values if value == value]
    return statistics.median(values) if values else float("nan")


def summarise(rounds: list[dict], nginx: list[dict]) -> dict:
    """Median figures over the rounds; ratios to the floor of the same server run."""
    summary: dict = {"pages": {}, "references": {}}
    configs = {key for round_ in rounds for key in round_}
    for config in sorted(configs):
        runs = [round_[config] for round_ in rounds if config in round_]
        for name in runs[0]:
            entry = summary["pages"].setdefault(name, {})
            entry[config] = {
                "rps": median([run[name]["rps"] for run in runs]),
                "p50_ms": median([run[name]["p50_ms"] for run in runs]),
                "p99_ms": median([run[name]["p99_ms"] for run in runs]),
                "vs_floor": median(
                    [run[name]["rps"] / run["floor"]["rps"] for run in runs]
                ),
                "non_2xx": sum(run[name]["non_2xx"] for run in runs),
            }
    floor = summary["pages"].pop("floor")
    summary["references"]["floor"] = floor
    summary["references"]["nginx"] = {
        "rps": median([run["rps"] for run in nginx]),
        "p50_ms": median([run["p50_ms"] for run in nginx]),
        "p99_ms": median([run["p99_ms"] for run in nginx]),
    }
    return summary


def check_targets(summary: dict, datasets: dict, plans: dict) -> list[dict]:
    pages = summary["pages"]
    checks = []

    def check(name, value, target, holds, detail=""):
        checks.append(
            {
                "target": name,
                "value": round(value, 3) if value == value else None,
                "limit": target,
                "holds": bool(holds),
                "detail": detail,
            }
        )

    for name, entry in pages.items():
        if name.endswith("_single_user"):
            continue
        uncached = entry.get("100k-miss")
        cached = entry.get("100k-hit")
        if uncached and (name == "article" or name in LIST_PAGES):
            limit = TARGETS[
                "uncached_article_vs_floor"
                if name == "article"
                else "uncached_list_vs_floor"
            ]
            check(
                f"uncached {name} ≥ {limit:.0%} of floor",
                uncached["vs_floor"],
                limit,
                uncached["vs_floor"] >= limit,
            )
        if cached:
            limit = TARGETS["cached_vs_floor"]
            check(
                f"cached {name} ≥ {limit:.0%} of floor",
                cached["vs_floor"],
                limit,
                cached["vs_floor"] >= limit,
            )
        small = entry.get("10k-miss")
        if uncached and small:
            # Time per request relative to the floor of the same server run,
            # which cancels most of the machine's noise between runs.
            growth = small["vs_floor"] / uncached["vs_floor"]
            limit = TARGETS["growth_100k_vs_10k"]
            check(
                f"growth {name}: 100k within {limit}× of 10k",
                growth,
                limit,
                growth <= limit,
            )
    if "section_p500" in pages and "100k-miss" in pages["section_p500"]:
        ratio = (
            pages["section"]["100k-miss"]["vs_floor"]
            / pages["section_p500"]["100k-miss"]["vs_floor"]
        )
        limit = TARGETS["section_page_500_vs_1"]
        check(
            f"section page 500 within {limit}× of page 1", ratio, limit, ratio <= limit
        )
    for name in ("search_common", "search_rare"):
        key = name + "_single_user"
        if key in pages:
            p50 = pages[key]["100k-miss"]["p50_ms"]
            limit = TARGETS["search_p50_ms"]
            check(
                f"{name} p50 < {limit} ms single-user (100k)", p50, limit, p50 < limit
            )
    load = datasets.get("100k", {}).get("load_demo_seconds")
    if load is not None:
        limit = TARGETS["load_demo_seconds"]
        check("load_demo 100k/1M < 10 min", load, limit, load < limit, "seconds")
    if plans:
        bad = [url for url, page in plans["pages"].items() if not page["ok"]]
        check(
            "every public query uses an index (100k)",
            len(bad),
            0,
            not bad,
            ", ".join(bad),
        )
        gin = any(
            "article_search_vector_idx" in plan["indexes"]
            for url, page in plans["pages"].items()
            if url.startswith("/search/")
            for plan in page["plans"]
        )
        check("search EXPLAIN uses the GIN index", float(gin), 1, gin)
    return checks


def print_table(summary: dict, checks: list[dict], meta: dict) -> None:
    configs = ["100k-miss", "100k-hit", "10k-miss"]
    headings = {
        "100k-miss": "100k uncached",
        "100k-hit": "100k cached",
        "10k-miss": "10k uncached",
    }
    lines = [
        "",
        f"Newsroom benchmark {meta['finished_at']}  (load average "
        f"{meta['load_average_start']:.2f} at start, {meta['load_average_end']:.2f} "
        f"at end; {meta['rounds']} rounds of {meta['duration']} s per figure, "
        f"{meta['connections']} connections)",
        "",
        f"{'page':<24}"
        + "".join(f"{headings[c]:>30}" for c in configs)
        + f"{'growth':>9}",
        f"{'':<24}" + "".join(f"{'req/s   p50   p99  floor%':>30}" for _c in configs),
    ]
    floor = summary["references"]["floor"]
    rows = {"floor (plain Django view)": floor, **summary["pages"]}
    for name, entry in rows.items():
        cells = ""
        for config in configs:
            figure = entry.get(config)
            if figure is None:
                cells += f"{'-':>30}"
            else:
                cells += (
                    f"{figure['rps']:>9.1f}{figure['p50_ms']:>7.1f}"
                    f"{figure['p99_ms']:>7.1f}{figure.get('vs_floor', 1) * 100:>6.1f}%"
                )
        growth = ""
        if (
            "100k-miss" in entry
            and "10k-miss" in entry
            and name != "floor (plain Django view)"
        ):
            ratio = entry["10k-miss"]["vs_floor"] / entry["100k-miss"]["vs_floor"]
            growth = f"{ratio:>8.2f}×"
        lines.append(f"{name:<24}{cells}{growth}")
    nginx = summary["references"]["nginx"]
    floor_rps = floor["100k-miss"]["rps"]
    lines += [
        f"{'nginx static (same bytes)':<24}{nginx['rps']:>9.1f}{nginx['p50_ms']:>7.1f}"
        f"{nginx['p99_ms']:>7.1f}   (floor is {floor_rps / nginx['rps']:.1%} of nginx)",
        "",
        "Targets:",
    ]
    for check in checks:
        mark = "holds" if check["holds"] else "MISSED"
        value = check["value"]
        shown = f"{value:.3g}" if isinstance(value, float) else str(value)
        detail = f"  {check['detail']}" if check["detail"] else ""
        lines.append(f"  [{mark:>6}] {check['target']}: {shown}{detail}")
    print("\n".join(lines))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="seconds per figure")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds")
    parser.add_argument("--connections", type=int, default=4)
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
            log(f"Installing {tool} (apt-get install -y {tool})")
            subprocess.run(["apt-get", "install", "-y", tool], check=True)

    bench = Bench(options)
    started = datetime.now(UTC)
    load_start = os.getloadavg()[0]
    try:
        chosen = [DATA_SETS[options.only]] if options.only else list(DATA_SETS.values())
        datasets = {d.name: bench.ensure_data_set(d, options.reload) for d in chosen}
        prepared = {d.name: bench.task(d, "prepare") for d in chosen}
        # The same search words at both sizes, from the small data set.
        words = prepared[chosen[-1].name]
        for data in prepared.values():
            data["common_word"], data["rare_word"] = (
                words["common_word"],
                words["rare_word"],
            )
        log(f"Pages: {json.dumps(prepared)}")
        bench.collect_static()

        big = DATA_SETS["100k"] if "100k" in prepared else chosen[0]
        paths = {
            d.name: page_paths(
                prepared[d.name], prepared[d.name]["section_articles"] >= 10_000
            )
            for d in chosen
        }
        log("EXPLAIN of every query of every page (100k)")
        flush_redis()
        plans = bench.task(big, "plans", list(paths[big.name].values()))

        configs = [(big, "miss"), (big, "hit")]
        if "10k" in prepared and big.name != "10k":
            configs.insert(1, (DATA_SETS["10k"], "miss"))
        rounds, nginx = [], []
        for number in range(options.rounds):
            log(f"Round {number + 1} of {options.rounds}")
            results = {}
            for data_set, mode in configs:
                results[f"{data_set.name}-{mode}"] = bench.measure_server(
                    data_set, mode, paths[data_set.name]
                )
            rounds.append(results)
            nginx.append(bench.measure_nginx())
    finally:
        bench.cleanup()
        flush_redis()

    summary = summarise(rounds, nginx)
    checks = check_targets(summary, datasets, plans)
    meta = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_start": load_start,
        "load_average_end": os.getloadavg()[0],
        "duration": options.duration,
        "rounds": options.rounds,
        "connections": options.connections,
        "cpu_count": os.cpu_count(),
    }
    report = {
        "meta": meta,
        "datasets": datasets,
        "pages": prepared,
        "summary": summary,
        "targets": checks,
        "rounds": rounds,
        "nginx": nginx,
        "plans": plans,
    }
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    write_json(RESULTS_DIR / f"bench-{stamp}.json", report)
    write_json(RESULTS_DIR / "latest.json", report)
    print_table(summary, checks, meta)
    log(f"Written to {RESULTS_DIR / f'bench-{stamp}.json'}")
