"""Move every article's own lead image into the media library.

Each stored file becomes one library Image (articles sharing a file with the
same credit, alt text and focal point share one entry); the article points at
it and keeps its caption as its own. No file is copied, renamed or deleted, so
the stored files and their renditions are the same before and after. The
reverse puts each article's file and details back in its own fields.
"""

import json

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def _image_of(Image, article, known: dict):
    key = (
        article.legacy_lead_image.name,
        article.lead_image_credit,
        article.lead_image_alt,
        article.lead_image_focal_x,
        article.lead_image_focal_y,
    )
    image = known.get(key)
    if image is None:
        name = article.legacy_lead_image.name
        image = Image(
            width=article.lead_image_width,
            height=article.lead_image_height,
            title=(article.headline or name)[:200],
            caption=article.lead_image_caption,
            credit=article.lead_image_credit,
            alt=article.lead_image_alt,
            focal_x=article.lead_image_focal_x,
            focal_y=article.lead_image_focal_y,
            source="Moved from the article's own lead image",
            uploaded_by_id=article.created_by_id,
            uploaded_at=article.created_at,
        )
        # Set the stored name directly: assigning it through the field would
        # re-read (or, for a new file, re-encode) what is already stored.
        image.__dict__["file"] = name
        image.save()
        known[key] = image
    return image


def to_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("images", "Image")
    known = {}
    articles = Article.objects.exclude(legacy_lead_image="").order_by("pk")
    last = 0
    while True:
        batch = list(articles.filter(pk__gt=last)[:BATCH])
        if not batch:
            break
        for article in batch:
            article.lead_image = _image_of(Image, article, known)
        Article.objects.bulk_update(batch, ["lead_image"])
        last = batch[-1].pk


def _article_versions(apps):
    """Return the saved versions (django-reversion) of articles, if any."""
    try:
        Version = apps.get_model("reversion", "Version")
        ContentType = apps.get_model("contenttypes", "ContentType")
    except LookupError:
        return None
    content_type = ContentType.objects.filter(
        app_label="articles", model="article"
    ).first()
    if content_type is None:
        return None
    return Version.objects.filter(content_type=content_type, format="json")


def _rewrite_versions(apps, change) -> None:
    """Apply change(fields) to every stored article version's fields."""
    versions = _article_versions(apps)
    if versions is None:
        return
    for version in versions.iterator(chunk_size=BATCH):
        data = json.loads(version.serialized_data)
        if not data or "fields" not in data[0]:
            continue
        if change(data[0]["fields"]):
            version.serialized_data = json.dumps(data)
            version.save(update_fields=["serialized_data"])


def versions_to_library(apps, schema_editor):
    """Point old versions' lead image at the library, so history still opens."""
    Image = apps.get_model("images", "Image")
    by_name = {}
    for pk, name in Image.objects.values_list("pk", "file").order_by("-pk"):
        by_name[name] = pk

    def change(fields):
        name = fields.get("lead_image")
        if not isinstance(name, str):
            return False
        if name and name not in by_name:
            image = Image(
                width=fields.get("lead_image_width"),
                height=fields.get("lead_image_height"),
                title=(fields.get("headline") or name)[:200],
                caption=fields.get("lead_image_caption") or "",
                credit=fields.get("lead_image_credit") or "",
                alt=fields.get("lead_image_alt") or "",
                focal_x=fields.get("lead_image_focal_x") or 50,
                focal_y=fields.get("lead_image_focal_y") or 50,
                source="Moved from an earlier version of an article",
            )
            image.__dict__["file"] = name
            image.save()
            by_name[name] = image.pk
        fields["lead_image"] = by_name[name] if name else None
        return True

    _rewrite_versions(apps, change)


def versions_from_library(apps, schema_editor):
    Image = apps.get_model("images", "Image")
    names = dict(Image.objects.values_list("pk", "file"))

    def change(fields):
        value = fields.get("lead_image")
        if isinstance(value, str):
            return False
        fields["lead_image"] = names.get(value, "") if value else ""
        return True

    _rewrite_versions(apps, change)


def from_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    articles = (
        Article.objects.filter(lead_image__isnull=False)
        .select_related("lead_image")
        .order_by("pk")
    )
    last = 0
    fields = [
        "legacy_lead_image",
        "lead_image_width",
        "lead_image_height",
        "lead_image_credit",
        "lead_image_alt",
        "lead_image_focal_x",
        "lead_image_focal_y",
        "lead_image_caption",
    ]
    while True:
        batch = list(articles.filter(pk__gt=last)[:BATCH])
        if not batch:
            break
        for article in batch:
            image = article.lead_image
            article.__dict__["legacy_lead_image"] = image.file.name
            article.lead_image_width = image.width
            article.lead_image_height = image.height
            article.lead_image_credit = image.credit[:150]
            article.lead_image_alt = image.alt[:250]
            article.lead_image_focal_x = image.focal_x
            article.lead_image_focal_y = image.focal_y
            article.lead_image_caption = article.lead_image_caption or image.caption
        Article.objects.bulk_update(batch, fields)
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_live_coverage"),
        ("images", "0001_initial"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="article",
            name="article_focal_point_in_image",
        ),
        migrations.RenameField(
            model_name="article",
            old_name="lead_image",
            new_name="legacy_lead_image",
        ),
        migrations.AddField(
            model_name="article",
            name="lead_image",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "Choose a photo from the library or upload a new one. Its "
                    "credit and alt text come from the library."
                ),
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lead_articles",
                to="images.image",
                verbose_name="lead image",
            ),
        ),
        migrations.RunPython(to_library, from_library, elidable=False),
        migrations.RunPython(
            versions_to_library, versions_from_library, elidable=False
        ),
        migrations.RemoveField(model_name="article", name="legacy_lead_image"),
        migrations.RemoveField(model_name="article", name="lead_image_alt"),
        migrations.RemoveField(model_name="article", name="lead_image_credit"),
        migrations.RemoveField(model_name="article", name="lead_image_focal_x"),
        migrations.RemoveField(model_name="article", name="lead_image_focal_y"),
        migrations.RemoveField(model_name="article", name="lead_image_height"),
        migrations.RemoveField(model_name="article", name="lead_image_width"),
        migrations.AlterField(
            model_name="article",
            name="lead_image_caption",
            field=models.CharField(
                blank=True,
                help_text=(
                    "For this story only; leave empty to use the library's caption."
                ),
                max_length=300,
                verbose_name="caption",
            ),
        ),
    ]
