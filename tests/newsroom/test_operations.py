"""Operations: health checks and structured request logs."""

import io
import json
import logging
import re

import pytest
from django.test import Client

from newsroom.logging import GunicornAccessJSONFormatter, JSONFormatter, RequestIdFilter
from tests.newsroom.appservers import PRODUCTION, project_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_redis(settings):
    """Point the cache at a Redis port nothing listens on (until the test ends)."""
    working = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://:hunter2-cache-password@127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield
    settings.CACHES = working


def test_healthz_names_the_dead_cache_and_reveals_nothing(client, dead_redis):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "cache": "unavailable",
    }
    assert "hunter2" not in response.text
    assert "6379" not in response.text and "127.0.0.1" not in response.text


def test_healthz_names_a_dead_database(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError(
            'could not connect to server "db.internal" password=secret'
        )

    monkeypatch.setattr(connection, "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "ok",
    }
    assert "secret" not in response.text and "db.internal" not in response.text


def test_each_request_is_logged_once_with_method_path_status_time_and_id(
    client, caplog
):
    with caplog.at_level(logging.INFO, logger="newsroom.request"):
        response = client.get("/no-such-page/?q=private+words")

    (record,) = [r for r in caplog.records if r.name == "newsroom.request"]
    assert record.method == "GET"
    assert record.path == "/no-such-page/"
    assert record.status == 404
    assert isinstance(record.duration_ms, float) and record.duration_ms >= 0
    assert record.request_id == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", record.request_id)
    # Query strings (search words, tokens) stay out of the logs.
    assert "private" not in record.getMessage()


def test_a_request_id_from_the_proxy_is_kept(client, caplog):
    with caplog.at_level(logging.INFO, logger="newsroom.request"):
        response = client.get(
            "/robots.txt", headers={"X-Request-ID": "9f86d081884c7d65"}
        )

    assert response["X-Request-ID"] == "9f86d081884c7d65"
    assert caplog.records[-1].request_id == "9f86d081884c7d65"


@pytest.mark.parametrize(
    "sent", ["short", "has spaces in it", 'quote"and\nnewline', "x" * 65]
)
def test_a_request_id_that_does_not_look_like_one_is_replaced(client, sent):
    response = client.get("/robots.txt", headers={"X-Request-ID": sent})

    assert response["X-Request-ID"] != sent
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.urls("tests.newsroom.failing_urls")
def test_errors_logged_during_a_request_carry_its_id_as_json():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JSONFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = Client(raise_request_exception=False).get("/exception/")
    finally:
        logger.removeHandler(handler)

    entry = json.loads(stream.getvalue().splitlines()[0])
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["status_code"] == 500
    assert "RuntimeError" in entry["exception"]


def test_not_found_warnings_carry_the_request_id_too(client):
    """Django logs 4xx responses after the middleware is done, with the request."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JSONFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/")
    finally:
        logger.removeHandler(handler)

    entry = json.loads(stream.getvalue().splitlines()[0])
    assert entry["level"] == "WARNING"
    assert entry["request_id"] == response["X-Request-ID"]


def test_json_formatter_writes_one_parseable_line_per_record():
    record = logging.LogRecord(
        "newsroom.request", logging.INFO, __file__, 1, "GET %s", ("/",), None
    )
    record.status = 200
    record.duration_ms = 12.5

    line = JSONFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "GET /"
    assert entry["status"] == 200 and entry["duration_ms"] == 12.5
    assert entry["level"] == "INFO" and entry["time"].endswith("+00:00")


def test_gunicorn_access_records_become_json():
    atoms = {
        "m": "GET",
        "U": "/feed/",
        "s": "200",
        "M": 7,
        "B": 512,
        "{x-request-id}i": "abc123def456",
        "a": 'agent with "quotes"',
    }
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(m)s", (atoms,), None
    )

    entry = json.loads(GunicornAccessJSONFormatter().format(record))

    assert entry == {
        "time": entry["time"],
        "level": "INFO",
        "logger": "gunicorn.access",
        "message": "request",
        "method": "GET",
        "path": "/feed/",
        "status": 200,
        "duration_ms": 7,
        "bytes": 512,
        "request_id": "abc123def456",
    }


def test_production_logs_are_json_lines():
    result = project_command(
        [
            "shell",
            "--no-imports",
            "--command",
            "import logging; logging.getLogger('newsroom').warning('disk %s', 'full')",
        ],
        PRODUCTION,
    )

    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "disk full"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "newsroom"
