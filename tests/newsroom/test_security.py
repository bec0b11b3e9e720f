"""Security hardening: headers, HTTPS settings, login throttling, error pages."""

import base64
import hashlib
import json
import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from newsroom.middleware import admin_inline_sources
from tests.articles.factories import ArticleFactory
from tests.newsroom.appservers import (
    BASE_DIR,
    PRODUCTION,
    database_url,
    project_command,
    settings_in_subprocess,
)

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def policy(response) -> dict[str, list[str]]:
    """Parse a Content-Security-Policy header into {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


# Headers


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/", "/healthz", "/robots.txt", "/feed/", "/no-such-page/", "article", "admin"],
)
def test_every_response_carries_the_security_headers(client, path):
    if path == "article":
        path = ArticleFactory(published=True).get_absolute_url()
    elif path == "admin":
        path = reverse("admin:login")

    response = client.get(path)

    assert response.status_code in (200, 404)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == (
        "camera=(), geolocation=(), microphone=(), payment=(), usb=()"
    )
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_static_files_carry_the_security_headers_too(settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True

    response = Client().get("/static/css/site.css")

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert policy(response)["default-src"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/search/?q=port", "/no-such-page/", "article"])
def test_public_pages_get_the_strict_policy(client, path):
    if path == "article":
        path = ArticleFactory(published=True).get_absolute_url()

    response = client.get(path)

    assert policy(response) == PUBLIC_POLICY


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_or_style_the_policy_would_block(client):
    article = ArticleFactory(published=True, with_lead_image=True)
    pages = [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        "/search/?q=street",
        "/no-such-page/",
    ]
    for path in pages:
        html = client.get(path).text
        scripts = re.findall(r"<script\b[^>]*>", html)
        # JSON-LD is data, not script: browsers never run it, so CSP ignores it.
        blocked = [
            tag
            for tag in scripts
            if "src=" not in tag and 'type="application/ld+json"' not in tag
        ]
        assert blocked == [], path
        assert "<style" not in html, path
        assert not re.search(r"<[^>]+\sstyle=", html), path
        assert not re.search(r"<[^>]+\son[a-z]+=", html), path


@pytest.mark.django_db
def test_admin_pages_allow_exactly_the_editors_inline_import_map_and_style(
    client, superuser
):
    client.force_login(superuser)

    response = client.get(reverse("admin:articles_article_add"))

    assert response.status_code == 200
    directives = policy(response)
    inline_scripts = re.findall(
        r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", response.text, re.DOTALL
    )
    assert inline_scripts, "the editor's import map should be on the page"
    for script in inline_scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in directives["script-src"]
    sources = admin_inline_sources()
    assert directives["script-src"] == ["'self'", *sources["script-src"]]
    assert directives["style-src"] == ["'self'", *sources["style-src"]]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_the_editors_injected_style_is_found_in_its_bundle():
    """TipTap injects ProseMirror's CSS; its hash must be on admin pages."""
    style = admin_inline_sources()["style-src"]

    # The hash Chromium reported for the blocked <style> of django-prose-editor
    # 0.28 (if an upgrade changes the CSS, the test of the new hash is above).
    assert style == ["'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"]


@pytest.mark.parametrize(
    ("variables", "origins"),
    [
        ({}, []),
        ({"MEDIA_URL": "https://cdn.example.org/media/"}, ["https://cdn.example.org"]),
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "news-media",
                "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
            },
            ["https://media.example.org"],
        ),
    ],
    ids=["local", "absolute-media-url", "s3-custom-domain"],
)
def test_images_may_come_from_the_media_origin_and_nowhere_else(variables, origins):
    (img_src,) = settings_in_subprocess(
        variables, "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']"
    )

    assert img_src == ["'self'", "data:", *origins]


# HTTPS behind a TLS proxy


def test_secure_ssl_turns_on_redirect_hsts_and_secure_cookies():
    values = settings_in_subprocess(
        {"SECURE_SSL": "true"},
        "settings.SECURE_SSL_REDIRECT",
        "settings.SECURE_HSTS_SECONDS",
        "settings.SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "settings.SECURE_HSTS_PRELOAD",
        "settings.SESSION_COOKIE_SECURE",
        "settings.CSRF_COOKIE_SECURE",
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['upgrade-insecure-requests']",
    )

    assert values == [True, 31_536_000, True, False, True, True, True]


def test_hsts_preload_is_the_operators_choice():
    values = settings_in_subprocess(
        {"SECURE_SSL": "true", "SECURE_HSTS_PRELOAD": "true"},
        "settings.SECURE_HSTS_PRELOAD",
        "settings.SILENCED_SYSTEM_CHECKS",
    )

    assert values == [True, []]


def test_development_server_gets_no_https_redirect_or_secure_cookies():
    values = settings_in_subprocess(
        {"DEBUG": "true", "SECRET_KEY": ""},
        "settings.SECURE_SSL_REDIRECT",
        "settings.SECURE_HSTS_SECONDS",
        "settings.SESSION_COOKIE_SECURE",
        "settings.CSRF_COOKIE_SECURE",
        "getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)",
    )

    assert values == [False, 0, False, False, None]


def test_proxy_ssl_header_is_read_from_the_environment():
    (header,) = settings_in_subprocess(
        {
            "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
            "NEWSROOM_TRUSTED_PROXIES": "127.0.0.1",
        },
        "settings.SECURE_PROXY_SSL_HEADER",
    )

    assert header == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_check_deploy_passes_with_no_warnings_under_production_settings():
    result = project_command(
        ["check", "--deploy", "--fail-level", "WARNING"],
        PRODUCTION | {"SECURE_SSL": "true"},
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_https_is_not_turned_on():
    result = project_command(
        ["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION
    )

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "W016"):
        assert warning in result.stderr


@pytest.mark.django_db
def test_plain_http_requests_are_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/section/spain/?page=2")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/section/spain/?page=2"


@pytest.mark.django_db
def test_health_checks_over_plain_http_are_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_requests_from_the_tls_proxy_are_secure_and_get_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.NEWSROOM_TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get("/robots.txt", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_over_https(settings, superuser, password):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = Client()
    login_url = reverse("admin:login")

    page = client.get(login_url, secure=True)
    response = client.post(
        login_url,
        {"username": superuser.username, "password": password},
        secure=True,
    )

    assert page.cookies["csrftoken"]["secure"] is True
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True


# Admin login throttling


def attempt_login(client: Client, username: str, password: str, **extra):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **extra
    )


@pytest.fixture
def axes(settings):
    """Turn django-axes on (tests/conftest.py turns it off for client.login())."""
    settings.AXES_ENABLED = True
    return settings


@pytest.mark.django_db
def test_admin_login_is_locked_after_repeated_failures(axes, client, editor, password):
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert attempt_login(client, "editor", "guess").status_code == 200

    locked = attempt_login(client, "editor", "guess")
    right_password = attempt_login(client, "editor", password)

    assert locked.status_code == 429
    assert right_password.status_code == 429
    assert "Signing in is paused" in right_password.text
    assert "Please try again in 15 minutes." in right_password.text
    assert right_password["Retry-After"] == "900"
    assert "Content-Security-Policy" in right_password


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(axes, client, editor, superuser, password):
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        attempt_login(client, "editor", "guess")

    other_user = attempt_login(client, superuser.username, password)
    other_address = attempt_login(
        Client(), "editor", password, REMOTE_ADDR="198.51.100.7"
    )

    assert other_user.status_code == 302
    assert other_address.status_code == 302


@pytest.mark.django_db
def test_lockout_lifts_after_the_cool_off(axes, client, editor, password, time_machine):
    time_machine.move_to("2026-03-01 10:00 +00:00", tick=False)
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        attempt_login(client, "editor", "guess")
    assert attempt_login(client, "editor", password).status_code == 429

    time_machine.shift(timedelta(minutes=16))

    assert attempt_login(client, "editor", password).status_code == 302


@pytest.mark.django_db
def test_lockout_behind_a_proxy_counts_the_forwarded_client_address(
    axes, settings, editor, password
):
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.0/24"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        attempt_login(
            Client(),
            "editor",
            "guess",
            headers={"X-Forwarded-For": "203.0.113.5"},
            **proxy,
        )

    guesser = attempt_login(
        Client(),
        "editor",
        password,
        headers={"X-Forwarded-For": "203.0.113.5"},
        **proxy,
    )
    colleague = attempt_login(
        Client(),
        "editor",
        password,
        headers={"X-Forwarded-For": "203.0.113.9"},
        **proxy,
    )

    assert guesser.status_code == 429
    assert colleague.status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(axes, editor, password):
    client = Client()
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        attempt_login(client, "editor", "guess")
    assert attempt_login(client, "editor", password).status_code == 302

    fresh = Client()
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        attempt_login(fresh, "editor", "guess")

    assert attempt_login(fresh, "editor", password).status_code == 302


def test_weak_passwords_are_refused():
    validators = {
        item["NAME"].rsplit(".", 1)[1]
        for item in django_settings.AUTH_PASSWORD_VALIDATORS
    }

    assert validators == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }
    for weak in ("password", "12345678", "short"):
        with pytest.raises(ValidationError):
            validate_password(weak)


@pytest.mark.django_db(transaction=True)
def test_admin_url_setting_moves_the_admin_and_everything_follows_it(
    settings, collected_static
):
    script = (
        "from django.test import Client\n"
        "from django.urls import reverse\n"
        "client = Client()\n"
        "login = client.get('/newsroom-desk/login/')\n"
        "print(json.dumps([reverse('admin:index'), "
        "client.get('/admin/login/').status_code, login.status_code, "
        "login['Content-Security-Policy'], client.get('/robots.txt').text]))"
    )
    result = project_command(
        ["shell", "--no-imports", "--command", "import json\n" + script],
        PRODUCTION
        | {
            "ADMIN_URL": "newsroom-desk",
            "ALLOWED_HOSTS": "testserver",
            "STATIC_ROOT": str(collected_static),
            "DATABASE_URL": database_url(settings.DATABASES["default"]),
        },
    )
    assert result.returncode == 0, result.stderr
    index, old_status, status, csp, robots = json.loads(result.stdout.splitlines()[-1])

    assert index == "/newsroom-desk/"
    assert old_status == 404
    assert status == 200
    assert "'sha256-" in csp  # the editor's allowances follow the admin
    assert "Disallow: /newsroom-desk/" in robots
    assert "/admin/" not in robots


def test_no_code_or_template_hard_codes_the_admin_path():
    sources = [
        *BASE_DIR.glob("templates/**/*.html"),
        *(
            path
            for app in ("articles", "authors", "comments", "newsroom")
            for path in (BASE_DIR / app).rglob("*.py")
            if "migrations" not in path.parts and path.name != "settings.py"
        ),
    ]
    offenders = [
        str(path.relative_to(BASE_DIR))
        for path in sources
        if re.search(r"""["'(]/admin/""", path.read_text())
    ]

    assert offenders == []


# Error pages


@pytest.mark.django_db
@pytest.mark.urls("tests.newsroom.failing_urls")
@pytest.mark.parametrize("path", ["/exception/", "/database-error/"])
def test_the_500_page_leaks_nothing(settings, path):
    settings.SECRET_KEY = "Zq8v-secret-key-that-must-never-appear-in-a-page-3kT9"
    client = Client(raise_request_exception=False)

    response = client.get(path)

    assert response.status_code == 500
    assert "Something went wrong" in response.text
    for secret in (
        "Traceback",
        "RuntimeError",
        "ProgrammingError",
        "psycopg2",
        "SELECT",
        "no_such_table",
        "password-in-the-message",
        settings.SECRET_KEY,
        str(BASE_DIR),
        "site-packages",
        "DATABASES",
        "settings",
        "Request Method",
        "META",
    ):
        assert secret not in response.text, secret
    assert response["X-Content-Type-Options"] == "nosniff"
    assert policy(response) == PUBLIC_POLICY
