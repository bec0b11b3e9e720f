"""Full-text search: a stored, GIN-indexed search vector kept current by a trigger.

A trigger rather than a generated column, because the text-search configuration
is a setting (NEWSROOM_SEARCH_CONFIG, passed to the trigger as its argument) and
a generated column would bake it into the schema; the trigger also covers every
write path (save, bulk_create, QuerySet.update, raw SQL, COPY) and fires only when
the headline, SEO headline, standfirst or body is written, so status changes and
timestamp fixes don't recompute vectors. ``manage.py rebuild_search_index``
re-creates the trigger after the setting changes and recomputes every vector.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations

# The text of sanitised HTML, still HTML-escaped: inline tags vanish (so a word
# split by <strong> stays whole), other tags become spaces, and runs of white
# space shrink to one. Entities stay, so ts_headline() can never mistake text
# for a tag (it drops tags); the text-search parser skips them when indexing.
HTML_TO_TEXT = r"""
CREATE OR REPLACE FUNCTION articles_html_to_text(html text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(regexp_replace(regexp_replace(
    coalesce(html, ''),
    '</?(a|abbr|b|cite|code|em|i|mark|q|s|small|span|strike|strong|sub|sup|u)(\s[^>]*)?>',
    '', 'gi'),
    '<[^>]*>', ' ', 'g'),
    '\s+', ' ', 'g'))
$$;
"""

SEARCH_DOCUMENT = r"""
CREATE OR REPLACE FUNCTION articles_search_document(
  config regconfig, headline text, seo_headline text, standfirst text, body text
) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector(config, coalesce(headline, '') || ' '
                                       || coalesce(seo_headline, '')), 'A')
      || setweight(to_tsvector(config, coalesce(standfirst, '')), 'B')
      || setweight(to_tsvector(config, articles_html_to_text(body)), 'C')
$$;
"""

TRIGGER_FUNCTION = r"""
CREATE OR REPLACE FUNCTION articles_article_search_vector_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := articles_search_document(
    TG_ARGV[0]::regconfig, NEW.headline, NEW.seo_headline, NEW.standfirst, NEW.body
  );
  RETURN NEW;
END
$$;
"""

TRIGGER = """
CREATE OR REPLACE TRIGGER articles_article_search_vector
BEFORE INSERT OR UPDATE OF headline, seo_headline, standfirst, body
ON articles_article FOR EACH ROW
EXECUTE FUNCTION articles_article_search_vector_update(%s)
"""

BACKFILL = """
UPDATE articles_article SET search_vector = articles_search_document(
  %s::regconfig, headline, seo_headline, standfirst, body
)
"""


def create_trigger(apps, schema_editor):
    config = settings.NEWSROOM_SEARCH_CONFIG
    quote = schema_editor.quote_value
    schema_editor.execute(HTML_TO_TEXT)
    schema_editor.execute(SEARCH_DOCUMENT)
    schema_editor.execute(TRIGGER_FUNCTION)
    schema_editor.execute(TRIGGER % quote(config))
    schema_editor.execute(BACKFILL, [config])


def drop_trigger(apps, schema_editor):
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article"
    )
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS articles_article_search_vector_update()"
    )
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS articles_search_document(regconfig, text, text, "
        "text, text)"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS articles_html_to_text(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_lead_image_focal_point_and_safe_upload"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger, elidable=False),
        # After the backfill, so the index is built once rather than row by row.
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="article_search_vector_idx"
            ),
        ),
    ]
