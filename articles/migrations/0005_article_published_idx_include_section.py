"""Carry the section in the published articles' index (article_published_idx).

A section's list includes its regional editions (section IN (...)), which the
(section, publication time) index can only give section by section, so a deep
page (?page=500) sorted every article of the family. With the section in the
publication-time index, the list walks that index in order, index only, and
stops at the page.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_taggeditem_tag_object_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_published_idx",
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                include=("section",),
                name="article_published_idx",
            ),
        ),
    ]
