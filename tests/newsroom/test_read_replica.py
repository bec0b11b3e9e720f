"""The optional read replica (DATABASE_REPLICA_URL) and its router."""

import psycopg2
import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connections
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from comments.sections import comment_form_url
from newsroom.db_routers import (
    ReplicaRouter,
    _mark_recent_change,
    reading_from_replica,
    replica_is_current,
)
from newsroom.middleware import replica_safe
from tests.articles.factories import ArticleFactory
from tests.authors.factories import UserFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import form_token, rendered_form_fields
from tests.newsroom.appservers import (
    Browser,
    database_url,
    log_in,
    settings_in_subprocess,
)

PASSWORD = "correct-horse-battery-staple"
REPLICA = {"ENGINE": "django.db.backends.postgresql", "NAME": "replica"}

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def with_replica(settings):
    # Only the settings are read here; no connection to "replica" is made.
    settings.DATABASES = {**settings.DATABASES, "replica": REPLICA}
    return settings


@pytest.mark.django_db
def test_router_reads_from_the_replica_only_inside_a_replica_safe_block(with_replica):
    router = ReplicaRouter()

    assert router.db_for_read(Article) == "default"
    with reading_from_replica():
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_write(Article) == "default"
    assert router.db_for_read(Article) == "default"


def test_router_reads_from_the_primary_when_no_replica_is_configured():
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(Article) == "default"


def test_router_migrates_only_the_primary():
    router = ReplicaRouter()

    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


@pytest.mark.parametrize(
    ("method", "path", "user", "safe"),
    [
        ("GET", "/", AnonymousUser(), True),
        ("HEAD", "/section/spain/", AnonymousUser(), True),
        ("POST", "/2026/01/02/story/", AnonymousUser(), False),
        ("GET", "/", User(username="editor"), False),
        ("GET", "/admin/login/", AnonymousUser(), False),
    ],
    ids=["anonymous-get", "anonymous-head", "post", "logged-in", "admin"],
)
def test_only_anonymous_reads_of_public_pages_are_replica_safe(
    with_replica, method, path, user, safe
):
    request = RequestFactory().generic(method, path)
    request.user = user

    assert replica_safe(request) is safe


@pytest.mark.django_db
def test_reads_stay_on_the_primary_for_a_while_after_published_content_changes(
    with_replica, settings, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to("2026-03-02 09:00 +00:00", tick=False)
    settings.DATABASE_ROUTERS = ["newsroom.db_routers.ReplicaRouter"]
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert replica_safe(request) is True

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ArticleFactory(published=True)

    # One note per transaction, however many writes.
    assert [c for c in callbacks if c is _mark_recent_change] == [_mark_recent_change]
    assert replica_is_current() is False
    assert replica_safe(request) is False
    time_machine.shift(settings.NEWSROOM_REPLICA_LAG_SECONDS + 1)
    assert replica_is_current() is True


@pytest.mark.django_db
def test_a_readers_comment_does_not_keep_reads_on_the_primary(
    with_replica, settings, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True)
    settings.DATABASE_ROUTERS = ["newsroom.db_routers.ReplicaRouter"]

    with django_capture_on_commit_callbacks(execute=True):
        CommentFactory(article=article)

    assert replica_is_current() is True


def test_nothing_is_replica_safe_without_a_replica():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    assert replica_safe(request) is False


def test_settings_add_the_replica_and_router_from_database_replica_url():
    values = settings_in_subprocess(
        {"DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/news"},
        "settings.DATABASES['replica']['HOST']",
        "settings.DATABASES['replica']['TEST']['MIRROR']",
        "settings.DATABASE_ROUTERS",
    )

    assert values == [
        "replica.internal",
        "default",
        ["newsroom.db_routers.ReplicaRouter"],
    ]


@pytest.fixture
def replica_database(transactional_db, settings):
    """Copy the test database into a new one, as a replica would hold it."""
    primary = settings.DATABASES["default"]
    name = f"{primary['NAME']}_replica"
    admin = _server_connection(primary)
    connections.close_all()  # a template must have no other sessions
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{primary["NAME"]}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _server_connection(database: dict):
    connection = psycopg2.connect(
        dbname="postgres",
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
    )
    connection.autocommit = True
    return connection


def _execute_in(database: dict, name: str, sql: str, parameters: tuple) -> None:
    connection = psycopg2.connect(
        dbname=name,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
    )
    with connection, connection.cursor() as cursor:
        cursor.execute(sql, parameters)
    connection.close()


@pytest.mark.django_db(transaction=True)
def test_anonymous_pages_read_the_replica_and_everything_else_the_primary(
    request, start_app_servers, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    UserFactory(username="chief", is_staff=True, is_superuser=True, password=PASSWORD)
    article = ArticleFactory(
        published=True,
        headline="Water cuts in Dénia this week",
        body="<p>Pipes are being replaced.</p>",
    )
    replica = request.getfixturevalue("replica_database")
    primary = settings.DATABASES["default"]
    # A marker only the replica holds.
    _execute_in(
        primary,
        replica,
        "UPDATE articles_article SET headline = %s WHERE id = %s",
        ("Replica copy of the water story", article.pk),
    )
    (server,) = start_app_servers(
        DATABASE_REPLICA_URL=database_url(primary, name=replica)
    )
    url = server.url + article.get_absolute_url()

    reader = Browser()
    page = reader.get(url)
    assert page.status == 200, server.output()[-3000:]
    assert "Replica copy of the water story" in page.text

    # A reader's comment is a POST: written to (and read back from) the primary.
    form_page = reader.get(server.url + comment_form_url(article))
    fields = rendered_form_fields(form_page.text) | {
        "name": "Pau Ferrer",
        "email": "pau@example.org",
        "body": "Which streets are affected?",
        "form_token": form_token(article),
    }
    assert reader.post(url, fields).status == 302
    assert Comment.objects.filter(body="Which streets are affected?").count() == 1

    # Logged-in people and the admin read the primary.
    editor = Browser()
    assert log_in(editor, server.url, "chief", PASSWORD).status == 302
    assert "Water cuts in Dénia this week" in editor.get(url).text
    change = editor.get(
        server.url + reverse("admin:articles_article_change", args=(article.pk,))
    )
    assert "Water cuts in Dénia this week" in change.text
    assert "Replica copy" not in change.text
    assert User.objects.filter(username="chief").exists()
