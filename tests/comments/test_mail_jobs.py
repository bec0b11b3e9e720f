"""Mail is sent from a durable job queue (django-tasks with its database backend):
enqueued with the comment, never lost, retried with backoff, sent once (issue 16)."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.models import Comment, SentMail
from comments.notifications import wait_for_mail
from tests.articles.factories import ArticleFactory
from tests.authors.factories import UserFactory
from tests.comments.helpers import comment_form_data
from tests.newsroom.appservers import database_url

BASE_DIR = Path(django_settings.BASE_DIR)
# A port of this helper's range (8301-8319) for the mail server that hangs.
HANGING_SMTP_PORT = 8305


@pytest.fixture
def moderator_with_email(db):
    user = UserFactory(username="mod", email="mod@example.org")
    Group.objects.get(name="Moderator").user_set.add(user)
    return user


def post(client, article, **fields):
    return client.post(article.get_absolute_url(), comment_form_data(article, **fields))


@pytest.mark.django_db
def test_the_job_is_stored_with_the_comment_and_rolls_back_with_it(
    client, moderator_with_email
):
    article = ArticleFactory(published=True)

    post(client, article)
    assert DBTaskResult.objects.count() == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        post(client, article, body="Another, then an error", email="b@example.org")
        assert DBTaskResult.objects.count() == 2
        raise RuntimeError

    assert DBTaskResult.objects.count() == 1
    assert Comment.objects.count() == 1
    # Nothing is sent in the request: the worker sends it.
    assert mail.outbox == []
    assert wait_for_mail() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_send_is_retried_later_with_a_growing_delay(
    client, moderator_with_email, settings, time_machine
):
    settings.EMAIL_BACKEND = "tests.comments.mail_backends.FailingEmailBackend"
    settings.NEWSROOM_MAIL_ATTEMPTS = 3
    article = ArticleFactory(published=True)
    post(client, article)
    started = timezone.now()

    wait_for_mail()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"][3] == 2
    assert retry.run_after >= started + timedelta(seconds=60)
    assert DBTaskResult.objects.failed().count() == 1
    assert wait_for_mail() == 0  # not due yet

    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    wait_for_mail()
    third = DBTaskResult.objects.get(status="READY")
    assert third.run_after >= timezone.now() + timedelta(minutes=3)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.move_to(timezone.now() + timedelta(minutes=5))
    wait_for_mail()

    assert len(mail.outbox) == 1
    assert "comment waits for moderation" in mail.outbox[0].subject
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db
def test_retries_stop_after_the_set_number_of_attempts(
    client, moderator_with_email, settings, time_machine
):
    settings.EMAIL_BACKEND = "tests.comments.mail_backends.FailingEmailBackend"
    settings.NEWSROOM_MAIL_ATTEMPTS = 2
    post(client, ArticleFactory(published=True))

    for _ in range(4):
        wait_for_mail()
        time_machine.move_to(timezone.now() + timedelta(hours=7))

    assert DBTaskResult.objects.failed().count() == 2
    assert not DBTaskResult.objects.filter(status="READY").exists()


def _worker(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.django_db(transaction=True)
def test_a_mail_enqueued_with_a_comment_survives_a_worker_crash_and_is_sent_once(
    client, moderator_with_email, tmp_path
):
    article = ArticleFactory(published=True)
    response = post(client, article, body="Sent just before the crash.")
    assert response.status_code == 302
    job = DBTaskResult.objects.get()
    env = os.environ | {
        # The test database, wherever it is (the embedded server's socket too).
        "DATABASE_URL": database_url(connection.settings_dict),
        "SECRET_KEY": "x",
        "EMAIL_TIMEOUT": "60",
    }
    env.pop("REDIS_URL", None)
    outbox = tmp_path / "outbox"
    outbox.mkdir()

    # A mail server that accepts the connection and never answers: the first
    # worker hangs in the send, and is killed there.
    with socket.socket() as hanging:
        hanging.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        hanging.bind(("127.0.0.1", HANGING_SMTP_PORT))
        hanging.listen()
        first = _worker(env | {"EMAIL_URL": f"smtp://127.0.0.1:{HANGING_SMTP_PORT}"})
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if job.status == "RUNNING":
                    break
                time.sleep(0.1)
            assert job.status == "RUNNING"
            time.sleep(0.5)  # well inside the send
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
    assert list(outbox.iterdir()) == []

    # The next worker takes the abandoned job over and sends it, once.
    lease = {"NEWSROOM_TASK_LEASE_SECONDS": "0", "EMAIL_URL": f"filemail:///{outbox}"}
    for _run in range(2):
        second = _worker(env | lease, "--batch")
        _out, errors = second.communicate(timeout=60)
        assert second.returncode == 0, errors.decode()

    sent = list(outbox.iterdir())
    assert len(sent) == 1
    assert "comment waits for moderation" in sent[0].read_text()
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    assert SentMail.objects.count() == 1
