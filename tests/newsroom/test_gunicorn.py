"""deploy/gunicorn.conf.py as operators run it, with no settings of their own.

Without REDIS_URL the page cache and rate limits live in each process, so the
config runs one process (with threads) and refuses more; it sends no Server
header.
"""

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.articles.admin_forms import form_data
from tests.articles.factories import ArticleFactory
from tests.authors.factories import UserFactory
from tests.newsroom.appservers import (
    BASE_DIR,
    GUNICORN_CONFIG,
    PRODUCTION,
    Browser,
    environment,
    free_port,
    log_in,
    project_command,
)

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def default_server(start_app_servers):
    """gunicorn with the deploy config: no REDIS_URL, no WEB_CONCURRENCY."""
    (server,) = start_app_servers()
    return server


def worker_processes(master_pid: int) -> list[int]:
    """Return the ids of the processes whose parent is master_pid."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:
            children.append(int(stat.parent.name))
    return children


def raw_response(url: str, request: bytes) -> bytes:
    """Send request bytes as they are; return everything the server answers."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


@pytest.mark.django_db  # the servers need the test database
def test_without_redis_one_process_serves(default_server):
    assert len(worker_processes(default_server.process.pid)) == 1


@pytest.mark.django_db(transaction=True)
def test_without_redis_an_unpublished_article_is_never_served_again(
    default_server, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    UserFactory(username="chief", is_staff=True, is_superuser=True, password=PASSWORD)
    article = ArticleFactory(published=True, headline="Ferry strike called off")
    page_url = default_server.url + article.get_absolute_url()
    reader = Browser()
    # Cached by every process and thread there is.
    for _request in range(20):
        assert reader.get(page_url).status == 200

    editor = Browser()
    assert log_in(editor, default_server.url, "chief", PASSWORD).status == 302
    change_url = default_server.url + reverse(
        "admin:articles_article_change", args=(article.pk,)
    )
    fields = form_data(editor.get(change_url).text) | {
        "workflow_action": "unpublish",
        "csrfmiddlewaretoken": editor.cookie("csrftoken"),
    }
    saved = editor.post(change_url, fields)
    assert saved.status == 302, saved.text[-2000:]

    statuses = {Browser().get(page_url).status for _request in range(40)}
    assert statuses == {404}


def test_several_processes_without_redis_are_refused(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG)],
        cwd=BASE_DIR,
        env=environment(
            PRODUCTION
            | {"WEB_CONCURRENCY": "3", "GUNICORN_BIND": f"127.0.0.1:{free_port()}"}
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "WEB_CONCURRENCY=3 without REDIS_URL" in result.stderr


def test_check_deploy_refuses_several_processes_without_a_shared_cache():
    several = project_command(
        ["check", "--deploy"], PRODUCTION | {"WEB_CONCURRENCY": "4"}
    )
    shared = project_command(
        ["check", "--deploy"],
        PRODUCTION | {"WEB_CONCURRENCY": "4", "REDIS_URL": "redis://127.0.0.1:6379/0"},
    )
    single = project_command(["check", "--deploy"], PRODUCTION)

    assert several.returncode != 0
    assert "newsroom.E001" in several.stderr
    assert "newsroom.E001" not in shared.stderr + single.stderr


@pytest.mark.django_db  # the servers need the test database
def test_no_server_header(default_server):
    parts = urlsplit(default_server.url)
    for path in ("/healthz", "/", "/no-such-page/"):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status in {200, 404}
        assert response.getheader("Server") is None, path
        assert response.getheader("Date")  # gunicorn's own headers still sent

    # gunicorn's own error page, for a request it can't parse.
    refused = raw_response(default_server.url, b"NOT HTTP\r\n\r\n")
    assert refused.startswith(b"HTTP/1.1 400")
    assert b"\nserver:" not in refused.lower()


@pytest.mark.django_db  # the servers need the test database
def test_with_redis_workers_are_processes(start_app_servers, redis_available):
    (server,) = start_app_servers(REDIS_URL=redis_available)
    deadline = time.monotonic() + 10
    while len(worker_processes(server.process.pid)) < 2:
        assert time.monotonic() < deadline, "the second worker never started"
        time.sleep(0.1)

    assert len(worker_processes(server.process.pid)) == 2
