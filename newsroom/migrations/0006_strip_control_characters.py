"""Clean control characters out of text saved before input was cleaned.

Since this change every save drops them (core.text); this cleans the rows
written earlier, by the same rule, copied here as it was when written: C0
controls but tab, LF and CR are dropped, and a run holding a line or record
separator (vertical tab, form feed, U+001C-U+001F) becomes a line break in
multi-line text and a space in one-line text.
"""

import re

from django.db import IntegrityError, migrations, models, transaction

# PostgreSQL text can't hold U+0000, so it isn't looked for.
CONTROLS = "[\x01-\x08\x0b\x0c\x0e-\x1f]"
SEPARATORS = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")
MODELS = {
    "articles": ["Section", "Article", "Correction", "ReviewNote"],
    "authors": ["Author"],
    "comments": ["Comment", "BannedPhrase"],
    "newsroom": ["SiteSettings", "FrontPage"],
    "taggit": ["Tag"],
}


def clean_text(value, multiline):
    separator = "\n" if multiline else " "
    return re.sub(
        CONTROLS + "+",
        lambda match: separator if SEPARATORS.intersection(match.group()) else "",
        value,
    )


def strip_control_characters(apps, schema_editor):
    for app_label, names in MODELS.items():
        for name in names:
            model = apps.get_model(app_label, name)
            fields = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
            ]
            holding = models.Q()
            for field in fields:
                holding |= models.Q(**{f"{field.attname}__regex": CONTROLS})
            for row in model.objects.filter(holding).iterator():
                changes = {
                    field.attname: clean_text(
                        getattr(row, field.attname),
                        isinstance(field, models.TextField),
                    )
                    for field in fields
                    if isinstance(getattr(row, field.attname), str)
                }
                try:
                    with transaction.atomic():
                        model.objects.filter(pk=row.pk).update(**changes)
                except IntegrityError:
                    # A unique name (a tag) that cleans to another's stays as
                    # it is: feeds and sitemaps clean their output anyway.
                    pass


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0005_front_page_curation"),
        ("articles", "0008_repair_tag_slugs"),
        ("authors", "0002_safe_image_photo"),
        ("comments", "0003_moderators_manage_banned_phrases"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(strip_control_characters, migrations.RunPython.noop),
    ]
