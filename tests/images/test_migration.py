"""Moving lead images into the library (articles 0011) loses no image, both ways."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles import revisions
from articles.models import Article
from articles.services import article_save
from images.models import Image

BEFORE = [("articles", "0010_live_coverage")]
AFTER = [("articles", "0011_lead_image_from_library")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def migrate_to_latest():
    """Leave the schema as the other tests expect it: every migration applied
    (going back to 0010 unapplied the later ones too)."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(latest)
    executor.loader.build_graph()
    assert executor.migration_plan(latest) == []


def stored_files(storage) -> set[str]:
    found = set()

    def walk(folder):
        folders, files = storage.listdir(folder)
        found.update(f"{folder}/{name}" for name in files)
        for name in folders:
            walk(f"{folder}/{name}")

    for top in storage.listdir("")[0]:
        walk(top)
    return found


def legacy_lead_images() -> dict[int, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, lead_image, lead_image_credit, lead_image_alt, "
            "lead_image_focal_x, lead_image_focal_y, lead_image_caption "
            "FROM articles_article WHERE lead_image <> ''"
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def library_lead_images() -> dict[int, tuple]:
    return {
        article.pk: (
            article.lead_image.file.name,
            article.lead_image.credit,
            article.lead_image.alt,
            article.lead_image.focal_x,
            article.lead_image.focal_y,
            article.lead_image_caption or article.lead_image.caption,
        )
        for article in Article.objects.filter(lead_image__isnull=False).select_related(
            "lead_image"
        )
    }


@pytest.mark.django_db(transaction=True)
def test_lead_images_move_to_the_library_and_back_without_loss(settings):
    from django.core.files.storage import default_storage

    call_command("load_demo", articles=40, comments=0, authors=4, verbosity=0)
    files = stored_files(default_storage)
    now = library_lead_images()
    assert len(now) > 20
    # A saved version (the article's history) names the lead image too.
    edited = Article.objects.filter(lead_image__isnull=False).first()
    edited.standfirst = "Edited once."
    article_save(article=edited, user=None)

    try:
        migrate(BEFORE)
        legacy = legacy_lead_images()
        # Same articles, the same files and details, in the article's own fields.
        assert legacy == now
        assert stored_files(default_storage) == files

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT serialized_data FROM reversion_version WHERE object_id = %s",
                [str(edited.pk)],
            )
            (old_version,) = cursor.fetchone()
        assert f'"lead_image": "{now[edited.pk][0]}"' in old_version

        migrate(AFTER)
        assert library_lead_images() == now
        assert stored_files(default_storage) == files
        # Articles sharing a photo share one library entry.
        shared = {name for name, *_rest in now.values()}
        moved = Image.objects.filter(source__startswith="Moved from")
        assert moved.count() == len(
            {(v[0], v[1], v[2], v[3], v[4]) for v in now.values()}
        )
        assert {image.file.name for image in moved} == shared
        # The history still opens, and names the photo the version showed.
        (version,) = revisions.article_versions(Article.objects.get(pk=edited.pk))
        image = Image.objects.get(pk=version.field_dict["lead_image_id"])
        assert image.file.name == now[edited.pk][0]
    finally:
        migrate_to_latest()
        # Renditions keep working from the moved entries.
        from images import renditions

        article = Article.objects.filter(lead_image__isnull=False).first()
        picture = renditions.picture(article.lead_image, renditions.CARD)
        assert picture is not None
        assert default_storage.exists(
            picture.fallback[0].url.removeprefix(settings.MEDIA_URL)
        )
