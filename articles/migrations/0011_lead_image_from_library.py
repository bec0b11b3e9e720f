"""Move every article's own lead image into the media library.

Each stored file becomes one library Image (articles sharing a file with the
same credit, alt text and focal point share one entry); the article points at
it and keeps its caption as its own. No file is copied, renamed or deleted, so
the stored files and their renditions are the same before and after. The
reverse puts each article's file and details back in its own fields.
"""

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
