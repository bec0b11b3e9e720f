"""Give every tag a slug its /tag/<slug>/ URL can carry.

Tags with no letters or digits ("!!!") were saved with an empty slug (or "_1",
"_2", … after the first), which no URL can name: their articles' pages and the
tags sitemap failed. Slugs in other scripts ("dénia", "москва") are kept: the
tag URLs now accept them. The rules are copied from articles.tags, as they were
when this migration was written.
"""

import re

from django.db import migrations
from django.utils.text import slugify

MAX_LENGTH = 100
SUFFIX_ROOM = 8
SLUG = re.compile(r"[-\w]+")
TAGGIT_SUFFIX = re.compile(r"_\d+\Z")


def slug_works(slug):
    return (
        len(slug) <= MAX_LENGTH
        and SLUG.fullmatch(slug) is not None
        and re.search(r"[^\W_]", TAGGIT_SUFFIX.sub("", slug)) is not None
    )


def repair_tag_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.order_by("pk"):
        if slug_works(tag.slug):
            continue
        base = slugify(tag.name, allow_unicode=True)
        if not slug_works(base):
            base = base[: MAX_LENGTH - SUFFIX_ROOM].strip("-_")
            if not slug_works(base):
                base = "tag"
        slug, number = base, 2
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        taken.discard(tag.slug)
        taken.add(slug)
        Tag.objects.filter(pk=tag.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_content_updated_idx"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(repair_tag_slugs, migrations.RunPython.noop),
    ]
