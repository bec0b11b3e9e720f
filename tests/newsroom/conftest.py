import fcntl
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings

from tests.newsroom.appservers import (
    AppServer,
    database_url,
    project_command,
    stop_all,
)


def _worker_redis_url(url: str) -> str:
    """Return url with the database number moved up by the pytest-xdist worker's.

    Workers gw0, gw1, ... each get a database of their own (9, 10, ... by
    default), since each empties its own before and after every test.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{database}"))


# A Redis database of these tests' own, emptied before and after each test.
REDIS_TEST_URL = _worker_redis_url(
    os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
)


def _redis_client():
    import redis

    return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)


@pytest.fixture(scope="module")
def redis_available() -> str:
    """Return the test Redis URL; skip when Redis is not running (never in CI)."""
    import redis

    client = _redis_client()
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not reachable at {REDIS_TEST_URL} (start redis-server)")
    finally:
        client.close()
    return REDIS_TEST_URL


@pytest.fixture
def redis_url(redis_available) -> str:
    """Return the URL of the test Redis database, empty."""
    client = _redis_client()
    client.flushdb()
    yield redis_available
    client.flushdb()
    client.close()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """Run collectstatic once, as a deployment does, for servers with DEBUG off.

    Under pytest-xdist the workers share one copy (the run's temporary folder
    is theirs alone): the first to need it collects, the others wait for it.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _collect_static(tmp_path_factory.mktemp("static"))
    shared = tmp_path_factory.getbasetemp().parent
    with (shared / "static.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        root = shared / "static"
        if not (root / "staticfiles.json").exists():
            _collect_static(root)
    return root


def _collect_static(root: Path) -> Path:
    result = project_command(
        ["collectstatic", "--noinput", "--verbosity", "0"],
        {
            "DEBUG": "false",
            "SECRET_KEY": "collectstatic-only",
            "STATIC_ROOT": str(root),
            # Read by settings only; collectstatic never connects.
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        },
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def start_app_servers(django_db_setup, collected_static, tmp_path_factory):
    """Return a function starting app servers on the test database.

    Servers run with DEBUG off, as in production, and share the test process's
    SECRET_KEY (signed tokens made by the tests must be valid for them). They
    keep running for the test module (each test's data is its own: tests using
    them are transactional) and are stopped at its end.
    """
    servers: list[AppServer] = []
    media = tmp_path_factory.mktemp("media")

    def start(count: int = 1, **variables: str) -> list[AppServer]:
        base = {
            "DEBUG": "false",
            "SECRET_KEY": django_settings.SECRET_KEY,
            "DATABASE_URL": database_url(django_settings.DATABASES["default"]),
            "STATIC_ROOT": str(collected_static),
            "MEDIA_ROOT": str(media),
            "SITE_URL": "http://127.0.0.1",
        }
        started = []
        for _number in range(count):
            log = media.parent / f"server-{len(servers)}.log"
            started.append(AppServer.launch(base | variables, log))
            servers.append(started[-1])
        for server in started:
            server.wait_until_healthy()
        return started

    yield start
    stop_all(servers)
