"""Live coverage under load: `python -m bench.live` (docs/benchmarks.md).

Serves the project as in production (gunicorn from deploy/gunicorn.conf.py, 2
sync workers, DEBUG off, Redis) on 127.0.0.1, on a database of its own filled by
load_demo, whose running live blog is the one under test. Simulated readers
each poll its update endpoint every --interval seconds (2,000 every 20 s: 100
requests a second), sending ?since=<newest id at page load> and If-None-Match
as the page's script does, while an editor logged in to the admin posts an update from
the live desk every --post-every seconds. Bounded by --duration.

Reports the update endpoint's latency (p50, p99, max), the answers (304, 200,
errors), the longest time any reader took to see each update after it was
posted, and the app server's CPU time per request (gunicorn's master and
workers, from /proc), and writes them as JSON under bench/results/.
"""

import argparse
import asyncio
import contextlib
import gzip
import http.cookiejar
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
GUNICORN_CONFIG = BASE_DIR / "deploy" / "gunicorn.conf.py"
PYTHON = sys.executable
EDITOR = ("bench-live-editor", "bench-live-password-7f3a")

FIND_LIVE_BLOG = """
import json
from django.contrib.auth.models import Group, User
from articles import live
from articles.models import Article
from authors.models import Author
article = Article.objects.published().live().order_by("-published_at").first()
user, _ = User.objects.get_or_create(username=USERNAME, defaults={"is_staff": True})
user.set_password(PASSWORD)
user.save()
user.groups.add(Group.objects.get(name="Editor"))
print(json.dumps({
    "article": article.pk,
    "page": article.get_absolute_url(),
    "updates": live.updates_url(article),
    "latest": max(article.live_entries.values_list("pk", flat=True), default=0),
}))
"""


def log(message: str) -> None:
    print(f"[bench.live {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr)


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    posted: dict[int, float] = field(default_factory=dict)
    # Entry id -> reader -> when the reader first saw it.
    seen: dict[int, dict[int, float]] = field(default_factory=dict)
    post_seconds: list[float] = field(default_factory=list)


class Server:
    def __init__(self, options: argparse.Namespace):
        self.options = options
        self.tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-live-"))
        self.process: subprocess.Popen | None = None
        parts = urllib.parse.urlsplit(
            os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x")
        )
        self.database_url = f"{parts.scheme}://{parts.netloc}/{options.database}"
        self.url = f"http://127.0.0.1:{options.port}"

    def env(self, **extra: str) -> dict[str, str]:
        kept = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
        base = {name: os.environ[name] for name in kept if name in os.environ}
        return (
            base
            | {
                "DATABASE_URL": self.database_url,
                "SECRET_KEY": "bench-live-" + "x" * 40,
                "DEBUG": "false",
                "ALLOWED_HOSTS": "127.0.0.1",
                "STATIC_ROOT": str(self.tmp / "static"),
                "MEDIA_ROOT": str(self.tmp / "media"),
                "REDIS_URL": self.options.redis,
                "SITE_URL": self.url,
                "LOG_LEVEL": "WARNING",
            }
            | extra
        )

    def manage(self, *arguments: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *arguments],
            cwd=BASE_DIR,
            env=self.env(),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise SystemExit(f"manage.py {arguments[0]} failed:\n{result.stderr}")
        return result.stdout

    def prepare(self) -> dict:
        import psycopg2

        admin_url = self.database_url.rsplit("/", 1)[0] + "/postgres"
        connection = psycopg2.connect(admin_url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.options.database]
            )
            if cursor.fetchone() is None:
                log(f"Creating database {self.options.database}")
                cursor.execute(f'CREATE DATABASE "{self.options.database}"')
        connection.close()
        self.manage("migrate", "--no-input", "-v", "0")
        log("load_demo (only fills an empty database)")
        self.manage("load_demo", "--articles", "500", "--comments", "500")
        self.manage("collectstatic", "--no-input", "-v", "0")
        script = FIND_LIVE_BLOG.replace("USERNAME", repr(EDITOR[0])).replace(
            "PASSWORD", repr(EDITOR[1])
        )
        output = self.manage("shell", "--no-imports", "--command", script)
        return json.loads(output.strip().splitlines()[-1])

    def start(self) -> None:
        import redis

        client = redis.Redis.from_url(self.options.redis)
        client.flushdb()
        client.close()
        log_file = (self.tmp / "gunicorn.log").open("ab")
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG)],
            cwd=BASE_DIR,
            env=self.env(
                GUNICORN_BIND=f"127.0.0.1:{self.options.port}",
                WEB_CONCURRENCY=str(self.options.workers),
                GUNICORN_MAX_REQUESTS="0",
            ),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {log_file.name}")
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=5).read()
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not start")

    def cpu_seconds(self) -> float:
        """Return the CPU time used so far by gunicorn's master and workers."""
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids += [int(pid) for pid in children.read_text().split()]
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def request_log(self, path: str) -> list[float]:
        """Return the durations (ms) the app logged for requests of the path.

        The time inside Django (the request log middleware, first in the
        chain), without the wait in the listen queue a loaded machine adds.
        """
        durations = []
        for line in (self.tmp / "gunicorn.log").read_text().splitlines():
            if line.startswith("{") and f'"path": "{path}"' in line:
                with contextlib.suppress(ValueError, KeyError):
                    durations.append(json.loads(line)["duration_ms"])
        return durations

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


async def get(port: int, path: str, etag: str | None) -> tuple[int, dict, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    headers = [
        f"GET {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Accept-Encoding: gzip",
        "Connection: close",
    ]
    if etag:
        headers.append(f"If-None-Match: {etag}")
    writer.write(("\r\n".join(headers) + "\r\n\r\n").encode())
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    found = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        found[name.strip().lower()] = value.strip()
    if found.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return status, found, body


async def reader_loop(number, options, live_blog, results, start, stop_at) -> None:
    # As static/js/live.js: always since the newest update at page load.
    since, etag = live_blog["latest"], None
    await asyncio.sleep(max(0, start + random.uniform(0, options.interval) - now()))
    while now() < stop_at:
        began = now()
        try:
            status, headers, body = await get(
                options.port, f"{live_blog['updates']}?since={since}", etag
            )
        except OSError:
            results.errors += 1
        else:
            results.latencies.append(now() - began)
            results.statuses[status] = results.statuses.get(status, 0) + 1
            if status == 200:
                etag = headers.get("etag")
                data = json.loads(body)
                for entry in data["entries"]:
                    results.seen.setdefault(entry["id"], {}).setdefault(number, now())
        await asyncio.sleep(max(0, min(began + options.interval, stop_at) - now()))


def now() -> float:
    return time.monotonic()


class Editor:
    """Posts updates from the live desk, as the desk's script does."""

    def __init__(self, server: Server, article: int):
        self.server = server
        self.desk = f"{server.url}/admin/articles/liveentry/desk/{article}/"
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def csrf(self, html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    def log_in(self) -> None:
        login = f"{self.server.url}/admin/login/"
        page = self.opener.open(login, timeout=30).read().decode()
        data = urllib.parse.urlencode(
            {
                "username": EDITOR[0],
                "password": EDITOR[1],
                "csrfmiddlewaretoken": self.csrf(page),
                "next": "/admin/",
            }
        ).encode()
        request = urllib.request.Request(login, data=data, headers={"Referer": login})
        self.opener.open(request, timeout=30).read()
        self.token = self.csrf(self.opener.open(self.desk, timeout=30).read().decode())

    def post(self, number: int) -> int:
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": self.token,
                "headline": "",
                "body": f"<p>Benchmark update {number}: the river is still rising.</p>",
                "author": "",
            }
        ).encode()
        request = urllib.request.Request(
            self.desk,
            data=data,
            headers={"Referer": self.desk, "X-Requested-With": "fetch"},
        )
        with self.opener.open(request, timeout=30) as response:
            return json.loads(response.read())["id"]


async def editor_loop(editor: Editor, options, results, start, last_post) -> None:
    loop = asyncio.get_running_loop()
    number = 0
    next_post = start + options.post_every / 2
    while next_post <= last_post:
        await asyncio.sleep(max(0, next_post - now()))
        number += 1
        sent = now()
        entry = await loop.run_in_executor(None, editor.post, number)
        results.posted[entry] = sent
        results.post_seconds.append(now() - sent)
        next_post += options.post_every


async def run(options, server: Server, live_blog: dict, editor: Editor) -> dict:
    results = Results()
    start = now()
    stop_at = start + options.duration
    # Every update has a full polling interval (and a little more) to be seen.
    last_post = stop_at - options.interval - 5
    cpu_before = server.cpu_seconds()
    await asyncio.gather(
        editor_loop(editor, options, results, start, last_post),
        *(
            reader_loop(number, options, live_blog, results, start, stop_at)
            for number in range(options.readers)
        ),
    )
    elapsed = now() - start
    cpu = server.cpu_seconds() - cpu_before
    latencies = sorted(results.latencies)
    requests = len(latencies) + len(results.post_seconds)
    delays = {
        entry: max(seen.values()) - results.posted[entry]
        for entry, seen in results.seen.items()
        if entry in results.posted
    }
    readers_seeing = [len(results.seen.get(entry, {})) for entry in results.posted]

    inside = sorted(server.request_log(live_blog["updates"]))

    def percentile(share: float, values=latencies) -> float:
        return values[min(len(values) - 1, int(share * len(values)))]

    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "options": vars(options),
        "load_average": os.getloadavg(),
        "seconds": round(elapsed, 1),
        "polls": len(latencies),
        "polls_per_second": round(len(latencies) / elapsed, 1),
        "answers": results.statuses,
        "errors": results.errors,
        "latency_ms": {
            "p50": round(statistics.median(latencies) * 1000, 1),
            "p99": round(percentile(0.99) * 1000, 1),
            "max": round(latencies[-1] * 1000, 1),
        },
        "in_app_ms": {
            "p50": round(statistics.median(inside), 1) if inside else None,
            "p99": round(percentile(0.99, inside), 1) if inside else None,
        },
        "updates_posted": len(results.posted),
        "post_ms_median": round(statistics.median(results.post_seconds) * 1000, 1),
        "readers_who_saw_each_update": readers_seeing,
        "max_delay_s_per_update": [round(delays.get(e, -1), 1) for e in results.posted],
        "max_delay_s": round(max(delays.values(), default=-1), 1),
        "app_cpu_seconds": round(cpu, 2),
        "app_cpu_ms_per_request": round(cpu / requests * 1000, 3),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=2000)
    parser.add_argument("--interval", type=float, default=20)
    parser.add_argument("--post-every", type=float, default=10)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("BENCH_LIVE_PORT", 8019))
    )
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_LIVE_DATABASE", "newsroom_live")
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
    )
    options = parser.parse_args(argv)
    server = Server(options)
    try:
        live_blog = server.prepare()
        server.start()
        editor = Editor(server, live_blog["article"])
        editor.log_in()
        log(
            f"{options.readers} readers every {options.interval:g} s, an update every "
            f"{options.post_every:g} s, for {options.duration:g} s"
        )
        summary = asyncio.run(run(options, server, live_blog, editor))
    finally:
        server.stop()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"live-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))
    log(f"Written to {path}")


if __name__ == "__main__":
    main()
