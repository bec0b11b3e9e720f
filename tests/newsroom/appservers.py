"""Real app servers of the project (gunicorn, as deployed) for multi-server tests."""

import http.client
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
GUNICORN_CONFIG = BASE_DIR / "deploy" / "gunicorn.conf.py"
# Enough of the test process's environment to run Python; settings come from
# the variables each test passes.
KEPT_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")


# A production-like environment for settings checked in a fresh interpreter.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3#Vq9!xZ2@mL7$wR4^tY8&uP1*oN6(bC5)dE0-fG3_hJ9+iK2=lM4~nB7?sQ1",
    "ALLOWED_HOSTS": "news.example.org",
    "DATABASE_URL": "postgres://newsroom@127.0.0.1:5432/newsroom",
}


def settings_in_subprocess(variables: dict[str, str], *expressions: str) -> list:
    """Return settings expressions evaluated in a fresh interpreter with variables.

    Settings are read from the environment once, at start-up, so each
    combination needs its own process. Expressions may use `settings` and
    `storages`.
    """
    script = (
        "import json\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import storages\n"
        f"print(json.dumps([{', '.join(expressions)}], default=list))"
    )
    result = project_command(
        ["shell", "--no-imports", "--command", script], PRODUCTION | variables
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def database_url(database: dict, name: str | None = None) -> str:
    """Return a DATABASE_URL for Django's connection settings (another name).

    A HOST that is a directory (a Unix socket's, as the embedded server's is)
    goes in the query string, where libpq reads it, not in the URL's host part.
    """
    user = urllib.parse.quote(database.get("USER") or "", safe="")
    password = urllib.parse.quote(database.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    query = ""
    if host.startswith("/"):
        query = "?" + urllib.parse.urlencode({"host": host})
        host = ""
    return f"postgres://{credentials}{host}{port}/{name or database['NAME']}{query}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def project_command(
    arguments: list[str], variables: dict[str, str], timeout: int = 120
) -> subprocess.CompletedProcess:
    """Run `python manage.py ...` with exactly the given settings variables."""
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=environment(variables),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def environment(variables: dict[str, str]) -> dict[str, str]:
    kept = {name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ}
    return kept | {"DJANGO_SETTINGS_MODULE": "newsroom.settings"} | variables


@dataclass
class AppServer:
    """A gunicorn server of the project, started with deploy/gunicorn.conf.py."""

    process: subprocess.Popen
    url: str
    log: Path

    @classmethod
    def launch(cls, variables: dict[str, str], log: Path) -> "AppServer":
        """Start the server; call wait_until_healthy() before using it."""
        port = free_port()
        # Two worker processes with a shared cache; without one, the deploy
        # config's single process with threads.
        processes = {"WEB_CONCURRENCY": "2"} if variables.get("REDIS_URL") else {}
        env = environment(
            {
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_ACCESS_LOG": "true",
                "ALLOWED_HOSTS": "127.0.0.1",
            }
            | processes
            | variables
        )
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG)],
                cwd=BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        return cls(process, f"http://127.0.0.1:{port}", log)

    def wait_until_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"app server exited:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as page:
                    if page.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"app server did not become healthy:\n{self.output()}")

    def stop(self) -> None:
        stop_all([self])

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def stop_all(servers: list[AppServer]) -> None:
    """Stop the servers (all at once: each takes a few seconds to wind down)."""
    running = [server for server in servers if server.process.poll() is None]
    for server in running:
        server.process.terminate()
    for server in running:
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=15)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str
    url: str


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _SourceAddressHandler(urllib.request.HTTPHandler):
    def __init__(self, source_address: str):
        super().__init__()
        self.source_address = (source_address, 0)

    def http_open(self, request):
        return self.do_open(self._connection, request)

    def _connection(self, host, **kwargs):
        return http.client.HTTPConnection(
            host, source_address=self.source_address, **kwargs
        )


class Browser:
    """A cookie-keeping HTTP client that shows redirects instead of following them.

    Cookies are per host, not per port, as in a browser: a load balancer in front
    of several app servers looks like this to a reader.
    """

    def __init__(self, source_address: str | None = None):
        """source_address: the local address to connect from (any of 127.0.0.0/8)."""
        self.cookies = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()]
        if source_address:
            handlers.append(_SourceAddressHandler(source_address))
        self.opener = urllib.request.build_opener(*handlers)
        # Sent with every request, e.g. {"X-Forwarded-For": ...}.
        self.headers: dict[str, str] = {}

    def get(self, url: str) -> Response:
        return self._open(urllib.request.Request(url, headers=self.headers))

    def post(self, url: str, data: dict, referer: str | None = None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(
            url, data=body, method="POST", headers=self.headers
        )
        request.add_header("Referer", referer or url)
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> Response:
        try:
            with self.opener.open(request, timeout=30) as page:
                return Response(
                    page.status,
                    dict(page.headers),
                    page.read().decode(),
                    page.url,
                )
        except urllib.error.HTTPError as error:
            return Response(
                error.code, dict(error.headers), error.read().decode(), request.full_url
            )

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match[1]


def log_in(browser: Browser, server_url: str, username: str, password: str):
    """Log in through the admin's login form; return the response."""
    from django.urls import reverse

    login_url = server_url + reverse("admin:login")
    page = browser.get(login_url)
    assert page.status == 200, page.status
    return browser.post(
        login_url,
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": csrf_token(page.text),
            "next": reverse("admin:index"),
        },
    )
