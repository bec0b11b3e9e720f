"""An index on taggit's tagged items by (tag, object id).

Related stories take each tag's latest tagged articles (ArticleQuerySet.
related_to); with this index that is a short backward index scan instead of
reading every item of a popular tag. taggit's own indexes lead with the content
type or hold the tag alone, and the table belongs to taggit, so the index is
added here in SQL without touching taggit's model state.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_article_search_vector"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS taggit_taggeditem_tag_object_idx "
            "ON taggit_taggeditem (tag_id, object_id)",
            "DROP INDEX IF EXISTS taggit_taggeditem_tag_object_idx",
        ),
    ]
