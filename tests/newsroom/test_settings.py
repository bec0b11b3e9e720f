import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SETUP_DJANGO = "import django; django.setup(); print('started')"
# Variables the child process may keep: enough to run Python and find the database
# (an unset DATABASE_URL would start the embedded PostgreSQL server).
KEPT_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "DATABASE_URL")


def start_django(**variables: str) -> subprocess.CompletedProcess:
    """Run django.setup() in a fresh interpreter with only the given settings."""
    environment = {
        name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ
    }
    environment.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x")
    environment["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "-c", SETUP_DJANGO],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "variables",
    [
        # Set explicitly, so a developer's .env (read without overwriting) can't
        # turn DEBUG on or supply a key.
        {"DEBUG": "false", "SECRET_KEY": ""},
        {"DEBUG": "off", "SECRET_KEY": ""},
    ],
    ids=["false", "off"],
)
def test_settings_refuse_to_start_without_secret_key_when_debug_is_off(variables):
    result = start_django(**variables)

    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set" in (
        result.stderr
    )


@pytest.mark.skipif(
    (BASE_DIR / ".env").exists(), reason="a local .env may set DEBUG or SECRET_KEY"
)
def test_settings_refuse_to_start_when_debug_and_secret_key_are_unset():
    result = start_django()

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_settings_start_with_secret_key_and_debug_off():
    result = start_django(DEBUG="false", SECRET_KEY="a-long-random-test-key")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_settings_start_without_secret_key_in_debug_mode():
    result = start_django(DEBUG="true", SECRET_KEY="")

    assert result.returncode == 0, result.stderr


def test_settings_are_postgresql_only():
    assert django_settings.DATABASES["default"]["ENGINE"] == (
        "django.db.backends.postgresql"
    )


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_naming_a_broken_cache(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "cache": "unavailable",
    }
