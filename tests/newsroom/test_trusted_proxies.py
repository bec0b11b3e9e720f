"""Forwarded headers are read only from NEWSROOM_TRUSTED_PROXIES (core/client_ip.py).

The HTTP tests attack a real gunicorn server (deploy/gunicorn.conf.py) that trusts
one proxy, 127.0.0.2: a client connecting from 127.0.0.1 sends forged
X-Forwarded-For headers, and the proxy's own connections are honoured.
"""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from comments.models import Comment
from core.client_ip import client_ip
from tests.articles.factories import ArticleFactory
from tests.authors.factories import UserFactory
from tests.comments.helpers import form_token, rendered_form_fields
from tests.newsroom.appservers import PRODUCTION, Browser, log_in, project_command

PASSWORD = "correct-horse-battery-staple"
PROXY = "127.0.0.2"
ATTACKER = "127.0.0.1"


def request_from(remote: str, forwarded: str | None = None):
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No trusted proxy: the header is ignored, whoever sends it.
        ([], "198.51.100.7", "203.0.113.5", "198.51.100.7"),
        ([], "127.0.0.1", "203.0.113.5", "127.0.0.1"),
        # Not from a trusted proxy: ignored.
        (["10.0.0.1"], "198.51.100.7", "203.0.113.5", "198.51.100.7"),
        # From the proxy: the address it appended, not what the client wrote.
        (["10.0.0.1"], "10.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        # Through a chain of trusted proxies (a network and an address).
        (
            ["10.0.0.0/8", "192.0.2.10"],
            "10.1.2.3",
            "6.6.6.6, 203.0.113.5, 192.0.2.10, 10.9.9.9",
            "203.0.113.5",
        ),
        # IPv6 proxy and client.
        (["2001:db8::/32"], "2001:db8::1", "2001:db8:ffff::1, 2a00::5", "2a00::5"),
        # An IPv4 proxy seen through a dual-stack socket.
        (["127.0.0.1"], "::ffff:127.0.0.1", "203.0.113.5", "203.0.113.5"),
        # A proxy that sent no header, or garbage: the proxy's own address.
        (["10.0.0.1"], "10.0.0.1", None, "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", "not-an-address", "10.0.0.1"),
        # Every hop trusted: the leftmost.
        (["10.0.0.0/8"], "10.0.0.1", "10.0.0.7, 10.0.0.8", "10.0.0.7"),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.NEWSROOM_TRUSTED_PROXIES = proxies

    assert client_ip(request_from(remote, forwarded)) == expected


@pytest.mark.django_db
def test_https_is_claimed_only_by_a_trusted_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.1"]
    https = {"X-Forwarded-Proto": "https"}

    direct = Client(REMOTE_ADDR="198.51.100.7").get("/robots.txt", headers=https)
    proxied = Client(REMOTE_ADDR="10.0.0.1").get("/robots.txt", headers=https)

    assert direct.status_code == 301
    assert direct["Location"] == "https://testserver/robots.txt"
    assert proxied.status_code == 200


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"NEWSROOM_TRUSTED_PROXY_COUNT": "1"}, "replaced by NEWSROOM_TRUSTED_PROXIES"),
        ({"NEWSROOM_TRUSTED_PROXIES": "nginx"}, "'nginx' is not an IP address"),
        ({"NEWSROOM_TRUSTED_PROXIES": "10.0.0.1/8"}, "'10.0.0.1/8' is not an IP"),
        (
            {"SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"},
            "set NEWSROOM_TRUSTED_PROXIES",
        ),
    ],
)
def test_proxy_settings_that_would_be_ignored_or_wrong_are_refused(variables, message):
    result = project_command(["check"], PRODUCTION | variables)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_trusted_proxies_are_read_from_the_environment():
    result = project_command(
        ["check"],
        PRODUCTION
        | {
            "NEWSROOM_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8,2001:db8::/32",
            "NEWSROOM_TRUSTED_PROXY_COUNT": "0",
        },
    )

    assert result.returncode == 0, result.stderr


# Through HTTP, against gunicorn.

pytestmark_http = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def server(start_app_servers, redis_available):
    (app,) = start_app_servers(
        REDIS_URL=redis_available,
        NEWSROOM_TRUSTED_PROXIES=PROXY,
        NEWSROOM_COMMENT_RATE_PER_IP="2/10m",
        AXES_FAILURE_LIMIT="3",
    )
    return app


@pytest.fixture
def real_password_hashing(settings, redis_url):
    """Hash with a hasher the server knows (not the tests' fast one); empty Redis."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def post_comment(browser: Browser, url: str, number: int, article):
    # The form (with the reader's tokens) comes from the article's form page.
    fields = rendered_form_fields(browser.get(f"{url}comment/").text) | {
        "name": f"Reader {number}",
        "email": f"reader{number}@example.org",
        "body": f"Comment number {number} on the ferry strike.",
        "form_token": form_token(article),
    }
    return browser.post(url, fields).status


@pytestmark_http
def test_forged_forwarded_for_does_not_lift_the_comment_rate_limit(
    server, real_password_hashing
):
    article = ArticleFactory(published=True)
    url = server.url + article.get_absolute_url()
    attacker = Browser(source_address=ATTACKER)
    statuses = []
    for number in range(4):
        attacker.headers = {"X-Forwarded-For": f"203.0.113.{number + 1}"}
        statuses.append(post_comment(attacker, url, number, article))

    assert statuses == [302, 302, 429, 429]
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {ATTACKER}


@pytestmark_http
def test_forged_forwarded_for_does_not_lift_the_login_lockout(
    server, real_password_hashing
):
    UserFactory(username="desk", is_staff=True, password=PASSWORD)
    attempts = []
    for number in range(3):
        guesser = Browser(source_address=ATTACKER)
        guesser.headers = {"X-Forwarded-For": f"203.0.113.{number + 1}"}
        attempts.append(log_in(guesser, server.url, "desk", "wrong").status)
    guesser = Browser(source_address=ATTACKER)
    guesser.headers = {"X-Forwarded-For": "203.0.113.99"}

    assert attempts == [200, 200, 429]
    assert log_in(guesser, server.url, "desk", PASSWORD).status == 429


@pytestmark_http
def test_the_trusted_proxy_names_the_client(server, real_password_hashing):
    article = ArticleFactory(published=True)
    url = server.url + article.get_absolute_url()
    proxy = Browser(source_address=PROXY)
    statuses = []
    for number, client in enumerate(["198.51.100.1"] * 3 + ["198.51.100.2"]):
        # What the client wrote, then what the proxy appended.
        proxy.headers = {"X-Forwarded-For": f"6.6.6.6, {client}"}
        statuses.append(post_comment(proxy, url, number, article))

    assert statuses == [302, 302, 429, 302]
    assert sorted(Comment.objects.values_list("ip_address", flat=True)) == [
        "198.51.100.1",
        "198.51.100.1",
        "198.51.100.2",
    ]

    UserFactory(username="desk", is_staff=True, password=PASSWORD)
    for _attempt in range(3):
        proxy = Browser(source_address=PROXY)
        proxy.headers = {"X-Forwarded-For": "198.51.100.1"}
        log_in(proxy, server.url, "desk", "wrong")
    locked = Browser(source_address=PROXY)
    locked.headers = {"X-Forwarded-For": "198.51.100.1"}
    colleague = Browser(source_address=PROXY)
    colleague.headers = {"X-Forwarded-For": "198.51.100.2"}

    assert log_in(locked, server.url, "desk", PASSWORD).status == 429
    assert log_in(colleague, server.url, "desk", PASSWORD).status == 302
    assert reverse("admin:index")
