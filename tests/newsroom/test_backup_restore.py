"""The documented backup and restore (docs/deploying.md, "Backups"), done for real.

pg_dump in PostgreSQL's custom format and pg_restore into a fresh database, plus
the media folder as a tar archive, exactly as the docs tell operators to.
"""

import os
import re
import shutil
import subprocess
import tarfile

import psycopg2
import pytest
from django.core.management import call_command

from articles.models import Article
from comments.models import Comment


def client_tools() -> tuple[str | None, str | None]:
    """Return pg_dump and pg_restore of the test database server's version.

    With DATABASE_URL, the machine's; without it the server is the embedded
    one, and pgserver ships its own client tools beside it.
    """
    if os.environ.get("DATABASE_URL"):
        return shutil.which("pg_dump"), shutil.which("pg_restore")
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / "pg_dump"), str(POSTGRES_BIN_PATH / "pg_restore")


PG_DUMP, PG_RESTORE = client_tools()

pytestmark = [
    pytest.mark.skipif(
        not (PG_DUMP and PG_RESTORE) and not os.environ.get("CI"),
        reason="pg_dump and pg_restore (PostgreSQL client tools) are not installed",
    ),
    pytest.mark.django_db(transaction=True),
]


def connection_options(database: dict) -> list[str]:
    options = ["--username", database.get("USER") or "postgres"]
    if database.get("HOST"):
        options += ["--host", database["HOST"]]
    if database.get("PORT"):
        options += ["--port", str(database["PORT"])]
    return options


def client_environment(database: dict) -> dict[str, str]:
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return environment


def connect(database: dict, name: str):
    return psycopg2.connect(
        dbname=name,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
    )


@pytest.fixture
def fresh_database(settings):
    """Return the name of a new, empty database; drop it afterwards."""
    database = settings.DATABASES["default"]
    name = f"{database['NAME']}_restored"
    admin = connect(database, "postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_pg_dump_matches_the_server_version(settings):
    database = settings.DATABASES["default"]
    with connect(database, database["NAME"]) as connection:
        server_major = connection.server_version // 10000
    output = subprocess.run(
        [PG_DUMP, "--version"], capture_output=True, text=True, check=True
    ).stdout

    client_major = int(re.search(r"(\d+)\.\d+", output)[1])

    # pg_dump refuses servers newer than itself; docs/deploying.md says to match them.
    assert client_major >= server_major, output


def test_a_dump_restored_into_a_fresh_database_has_the_same_content(
    settings, tmp_path, fresh_database
):
    call_command("load_demo", articles=20, comments=40, authors=4, verbosity=0)
    articles = sorted(Article.objects.values_list("id", "slug", "status"))
    comments = sorted(Comment.objects.values_list("id", "article_id", "status"))
    lead_images = sorted(
        name
        for name in Article.objects.values_list("lead_image__file", flat=True)
        if name
    )
    assert len(articles) == 20 and len(comments) == 40 and lead_images
    database = settings.DATABASES["default"]
    environment = client_environment(database)
    dump = tmp_path / "newsroom.dump"
    media_archive = tmp_path / "media.tar.gz"

    # Back up: the database (custom format), then the media folder.
    subprocess.run(
        [PG_DUMP, "--format=custom", "--file", dump, *connection_options(database)]
        + [database["NAME"]],
        check=True,
        env=environment,
        capture_output=True,
    )
    with tarfile.open(media_archive, "w:gz") as archive:
        archive.add(settings.MEDIA_ROOT, arcname="media")

    # Restore into a fresh database and a fresh media folder.
    restored = subprocess.run(
        [PG_RESTORE, "--no-owner", "--exit-on-error", *connection_options(database)]
        + ["--dbname", fresh_database, dump],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert restored.returncode == 0, restored.stderr
    restored_media = tmp_path / "restored"
    with tarfile.open(media_archive) as archive:
        archive.extractall(restored_media, filter="data")

    with connect(database, fresh_database) as connection, connection.cursor() as cur:
        cur.execute("SELECT id, slug, status FROM articles_article")
        assert sorted(cur.fetchall()) == articles
        cur.execute("SELECT id, article_id, status FROM comments_comment")
        assert sorted(cur.fetchall()) == comments
        cur.execute("SELECT count(*) FROM django_migrations")
        assert cur.fetchone()[0] > 0
    for name in lead_images:
        assert (restored_media / "media" / name).is_file(), name
