"""deploy/nginx.conf, run for real in front of an app server (needs nginx, openssl).

The example is loaded as written, with only its host-specific values (ports,
paths, certificate) replaced, so what is tested is what operators copy.
"""

import http.client
import io
import json
import os
import re
import shutil
import ssl
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from newsroom.models import SiteSettings
from tests.articles.factories import ArticleFactory
from tests.authors.factories import UserFactory
from tests.newsroom.appservers import BASE_DIR, AppServer, free_port

NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if os.path.exists(path)), None
)
OPENSSL = shutil.which("openssl")
HOST = "news.example.org"
PASSWORD = "correct horse battery staple"

pytestmark = [
    pytest.mark.skipif(
        not (NGINX and OPENSSL) and not os.environ.get("CI"),
        reason="nginx and openssl are needed to run the example nginx config",
    ),
    pytest.mark.django_db(transaction=True),
]


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"deploy/nginx.conf no longer has {old!r}: update this test"
    return text.replace(old, new)


# The app's s-maxage in these tests: how long nginx keeps a page.
SHARED_CACHE_SECONDS = 2


@dataclass
class Proxy:
    https_port: int
    http_port: int
    media: Path
    app: AppServer

    def __iter__(self):
        return iter((self.https_port, self.http_port, self.media))


@pytest.fixture(scope="module")
def proxy(start_app_servers, collected_static, tmp_path_factory, redis_available):
    """Run the app behind deploy/nginx.conf; return (https port, http port, media)."""
    (app,) = start_app_servers(
        REDIS_URL=redis_available,
        NEWSROOM_PAGE_CACHE_SECONDS="60",
        NEWSROOM_SHARED_CACHE_SECONDS=str(SHARED_CACHE_SECONDS),
        SECURE_SSL="true",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        NEWSROOM_TRUSTED_PROXIES="127.0.0.1",
        ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
    )
    root = tmp_path_factory.mktemp("nginx")
    media = root / "media"
    media.mkdir()
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", f"/CN={HOST}", "-keyout", root / "key.pem"]
        + ["-out", root / "cert.pem"],
        check=True,
        capture_output=True,
    )
    https_port, http_port = free_port(), free_port()
    site = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    for old, new in [
        ("listen [::]:80;", ""),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        (f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(root / "cert.pem")),
        (f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(root / "key.pem")),
        ("/srv/newsroom/static/", f"{collected_static}/"),
        ("/srv/newsroom/media/", f"{media}/"),
        ("server 127.0.0.1:8000;", f"server {app.url.removeprefix('http://')};"),
        ("/var/cache/nginx/newsroom", str(root / "cache")),
    ]:
        site = _replace(site, old, new)
    temp_paths = "\n".join(
        f"{kind}_temp_path {root / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = root / "nginx.conf"
    config.write_text(
        f"""
        {"user root;" if os.geteuid() == 0 else ""}
        worker_processes 1;
        daemon off;
        pid {root / "nginx.pid"};
        error_log {root / "error.log"} info;
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            access_log {root / "access.log"};
            {temp_paths}
            {site}
        }}
        """
    )
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(root), "-c", str(config)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [NGINX, "-p", str(root), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(https_port, process)
        yield Proxy(https_port, http_port, media, app)
    finally:
        process.terminate()
        process.wait(timeout=15)


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "nginx exited"
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("nginx did not start")


def fetch(
    port: int,
    path: str,
    *,
    tls: bool = True,
    headers: dict | None = None,
    method: str = "GET",
    body: str | None = None,
):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, context=context, timeout=30
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        method, path, body=body, headers={"Host": HOST} | (headers or {})
    )
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_plain_http_is_redirected_to_https(proxy):
    _https, http_port, _media = proxy

    response, _body = fetch(http_port, "/section/spain/?page=2", tls=False)

    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/section/spain/?page=2"


def test_the_app_knows_it_is_served_over_https(proxy):
    https_port, _http, _media = proxy

    response, _body = fetch(https_port, "/")

    assert response.status == 200
    # Django sends HSTS only on requests it sees as secure: X-Forwarded-Proto works.
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert "upgrade-insecure-requests" in response.headers["Content-Security-Policy"]
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_readers_pages_are_cached_briefly_and_logged_in_people_bypass_it(proxy):
    https_port, _http, _media = proxy

    first, _ = fetch(https_port, "/robots.txt")
    second, _ = fetch(https_port, "/robots.txt")
    logged_in, _ = fetch(https_port, "/robots.txt", headers={"Cookie": "sessionid=x"})

    assert first.headers["X-Cache-Status"] == "MISS"
    assert second.headers["X-Cache-Status"] == "HIT"
    assert logged_in.headers["X-Cache-Status"] == "BYPASS"


def test_pages_the_app_marks_uncacheable_are_never_served_from_the_cache(proxy):
    https_port, _http, _media = proxy

    statuses = [
        fetch(https_port, "/healthz")[0].headers["X-Cache-Status"] for _ in "ab"
    ]

    assert "HIT" not in statuses


def test_static_files_with_a_content_hash_are_cached_for_a_year(
    proxy, collected_static
):
    https_port, _http, _media = proxy
    manifest = json.loads((collected_static / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]

    response, body = fetch(https_port, f"/static/{hashed}")
    plain, _ = fetch(https_port, "/static/css/site.css")

    assert response.status == 200
    assert response.headers["Content-Type"] == "text/css"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert body == (collected_static / hashed).read_bytes()
    assert plain.status == 200
    assert plain.headers["Cache-Control"] == "public, max-age=3600"


def test_uploaded_images_are_shown_and_anything_else_is_a_download(proxy):
    https_port, _http, media = proxy
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(buffer, format="JPEG")
    (media / "photo.jpg").write_bytes(buffer.getvalue())
    page = b"<html><script>alert(document.cookie)</script></html>"
    for name in ("page.html", "drawing.svg", "photo.jpg.html", "noextension"):
        (media / name).write_bytes(page)

    image, body = fetch(https_port, "/media/photo.jpg")
    assert image.status == 200
    assert image.headers["Content-Type"] == "image/jpeg"
    assert image.headers["Content-Disposition"] is None
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert image.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert body == buffer.getvalue()

    for name in ("page.html", "drawing.svg", "photo.jpg.html", "noextension"):
        response, _body = fetch(https_port, f"/media/{name}")
        assert response.status == 200, name
        assert response.headers["Content-Type"] == "application/octet-stream", name
        assert response.headers["Content-Disposition"] == "attachment", name
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["Content-Security-Policy"] == (
            "default-src 'none'; sandbox"
        ), name


# The micro-cache in front of the app.


@pytest.fixture
def shared_cache(settings, redis_url):
    """Use the app server's Redis here too, so changes made here invalidate."""
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "newsroom",
        }
    }
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    # As on any live site (the first page view would create them, a change).
    SiteSettings.load_from_database()


def app_requests(proxy: Proxy, path: str) -> int:
    """Return how many requests for the path the app server has logged."""
    return proxy.app.output().count(f'"path": "{path}"')


def test_a_hit_never_reaches_the_app(proxy, shared_cache):
    article = ArticleFactory(published=True, headline="Ferry strike called off")
    url = article.get_absolute_url()

    first, body = fetch(proxy.https_port, url)
    time.sleep(0.5)  # The app logs the request after answering it.
    seen = app_requests(proxy, url)
    hits = [fetch(proxy.https_port, url) for _number in range(5)]
    time.sleep(0.5)

    assert first.headers["X-Cache-Status"] == "MISS"
    assert "public" in first.headers["Cache-Control"]
    assert f"s-maxage={SHARED_CACHE_SECONDS}" in first.headers["Cache-Control"]
    assert seen >= 1
    assert [hit.headers["X-Cache-Status"] for hit, _body in hits] == ["HIT"] * 5
    assert all(hit_body == body for _hit, hit_body in hits)
    assert app_requests(proxy, url) == seen


def test_a_publish_shows_once_the_cached_copy_expires(proxy, shared_cache):
    ArticleFactory(published=True, headline="Ferry strike called off")
    fetch(proxy.https_port, "/?micro-cache")
    stored_at = time.monotonic()
    cached, before = fetch(proxy.https_port, "/?micro-cache")
    assert cached.headers["X-Cache-Status"] == "HIT"

    ArticleFactory(published=True, headline="Tram line to San Vicente approved")
    meanwhile, within = fetch(proxy.https_port, "/?micro-cache")
    still_valid = time.monotonic() - stored_at < SHARED_CACHE_SECONDS - 0.2
    # nginx keeps a copy until the end of the second its validity ends in: up to
    # one second more than s-maxage.
    time.sleep(SHARED_CACHE_SECONDS + 1.5)
    after, fresh = fetch(proxy.https_port, "/?micro-cache")

    assert b"Tram line to San Vicente" not in before
    if still_valid:
        # Within the micro-cache's few seconds, readers get the copy it holds...
        assert meanwhile.headers["X-Cache-Status"] == "HIT"
        assert within == before
    # ...and the next request after them gets the change, fetched from the app.
    assert after.headers["X-Cache-Status"] in ("EXPIRED", "REVALIDATED", "MISS")
    assert b"Tram line to San Vicente" in fresh


def test_a_logged_in_editor_never_gets_a_cached_page(proxy, shared_cache, settings):
    # Hashed as the app server checks it (the tests' own hasher is a fast one).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    UserFactory(username="chief", is_staff=True, is_superuser=True, password=PASSWORD)
    ArticleFactory(published=True, headline="Ferry strike called off")
    # Logged in first: hashing the password takes a while on a busy machine, and
    # the readers' copy below is only kept for SHARED_CACHE_SECONDS.
    session = log_in_through(proxy, "chief", PASSWORD)
    fetch(proxy.https_port, "/?editor")
    stored_at = time.monotonic()
    assert fetch(proxy.https_port, "/?editor")[0].headers["X-Cache-Status"] == "HIT"
    ArticleFactory(published=True, headline="Tram line to San Vicente approved")

    pages = [
        fetch(proxy.https_port, "/?editor", headers={"Cookie": session})
        for _number in range(2)
    ]
    anonymous, anonymous_body = fetch(proxy.https_port, "/?editor")

    for page, body in pages:
        assert page.headers["X-Cache-Status"] == "BYPASS"
        assert "private" in page.headers["Cache-Control"]
        assert b"Tram line to San Vicente" in body
    # What the editor got was not stored for readers either: while the readers'
    # copy is valid, they still get it, without the story the editor saw.
    if time.monotonic() - stored_at < SHARED_CACHE_SECONDS - 0.2:
        assert anonymous.headers["X-Cache-Status"] == "HIT"
        assert b"Tram line to San Vicente" not in anonymous_body
    else:
        assert anonymous.headers["X-Cache-Status"] in ("EXPIRED", "UPDATING", "HIT")


def log_in_through(proxy: Proxy, username: str, password: str) -> str:
    """Log in to the admin through nginx; return the Cookie header to send."""
    login = "/admin/login/"
    page, body = fetch(proxy.https_port, login)
    assert page.headers["X-Cache-Status"] != "HIT"
    csrf_cookie = re.search(r"csrftoken=([^;]+)", page.headers["Set-Cookie"])[1]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]
    answer, _body = fetch(
        proxy.https_port,
        login,
        method="POST",
        body=urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.decode(),
                "next": "/admin/",
            }
        ),
        headers={
            "Cookie": f"csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://{HOST}{login}",
        },
    )
    assert answer.status == 302, answer.status
    cookies = answer.headers.get_all("Set-Cookie")
    session = next(c.split(";")[0] for c in cookies if c.startswith("sessionid="))
    return f"{session}; csrftoken={csrf_cookie}"
