"""The lengths of the section, tag and author lists, kept by triggers.

Counting a tag's articles on every page read grows with the archive (26 ms for
a tag of 17,000 articles); these rows are kept right by PostgreSQL in the
transaction that changes an article's status, section, bylines or tags,
whatever makes the change.
"""

from django.db import migrations, models

COUNTED = "{row}.status = 'published' AND {row}.published_at IS NOT NULL"
ARTICLE_TYPE = (
    "(SELECT id FROM django_content_type"
    " WHERE app_label = 'articles' AND model = 'article')"
)

FORWARD = f"""
CREATE FUNCTION articles_list_length_add(list_kind text, list_id bigint, delta integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO articles_listlength (kind, object_id, articles)
    SELECT list_kind, list_id, delta WHERE list_id IS NOT NULL
    ON CONFLICT (kind, object_id)
    DO UPDATE SET articles = articles_listlength.articles + EXCLUDED.articles
$$;

CREATE FUNCTION articles_article_list_lengths() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was_counted boolean := false;
    is_counted boolean := false;
    old_section bigint;
    new_section bigint;
    article bigint;
    delta integer;
    list_id bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        was_counted := {COUNTED.format(row="OLD")};
        old_section := OLD.section_id;
        article := OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        is_counted := {COUNTED.format(row="NEW")};
        new_section := NEW.section_id;
        article := NEW.id;
    END IF;
    IF was_counted
            AND NOT (is_counted AND old_section IS NOT DISTINCT FROM new_section) THEN
        PERFORM articles_list_length_add('section', old_section, -1);
    END IF;
    IF is_counted
            AND NOT (was_counted AND old_section IS NOT DISTINCT FROM new_section) THEN
        PERFORM articles_list_length_add('section', new_section, 1);
    END IF;
    IF was_counted <> is_counted THEN
        delta := CASE WHEN is_counted THEN 1 ELSE -1 END;
        -- In id order: concurrent transactions lock the rows in the same
        -- order, so they wait rather than deadlock.
        FOR list_id IN
            SELECT item.tag_id FROM taggit_taggeditem item
            WHERE item.object_id = article AND item.content_type_id = {ARTICLE_TYPE}
            ORDER BY item.tag_id
        LOOP
            PERFORM articles_list_length_add('tag', list_id, delta);
        END LOOP;
        FOR list_id IN
            SELECT byline.author_id FROM articles_byline byline
            WHERE byline.article_id = article ORDER BY byline.author_id
        LOOP
            PERFORM articles_list_length_add('author', list_id, delta);
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION articles_article_is_counted(article bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM articles_article a
        WHERE a.id = article AND {COUNTED.format(row="a")}
    )
$$;

CREATE FUNCTION articles_taggeditem_list_lengths() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.content_type_id = {ARTICLE_TYPE}
            AND articles_article_is_counted(OLD.object_id) THEN
        PERFORM articles_list_length_add('tag', OLD.tag_id, -1);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.content_type_id = {ARTICLE_TYPE}
            AND articles_article_is_counted(NEW.object_id) THEN
        PERFORM articles_list_length_add('tag', NEW.tag_id, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION articles_byline_list_lengths() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND articles_article_is_counted(OLD.article_id) THEN
        PERFORM articles_list_length_add('author', OLD.author_id, -1);
    END IF;
    IF TG_OP <> 'DELETE' AND articles_article_is_counted(NEW.article_id) THEN
        PERFORM articles_list_length_add('author', NEW.author_id, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_article_list_lengths
AFTER INSERT OR DELETE OR UPDATE OF status, published_at, section_id
ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_article_list_lengths();

CREATE TRIGGER articles_taggeditem_list_lengths
AFTER INSERT OR DELETE OR UPDATE OF tag_id, object_id, content_type_id
ON taggit_taggeditem FOR EACH ROW EXECUTE FUNCTION articles_taggeditem_list_lengths();

CREATE TRIGGER articles_byline_list_lengths
AFTER INSERT OR DELETE OR UPDATE OF article_id, author_id
ON articles_byline FOR EACH ROW EXECUTE FUNCTION articles_byline_list_lengths();

INSERT INTO articles_listlength (kind, object_id, articles)
SELECT 'section', a.section_id, COUNT(*) FROM articles_article a
WHERE {COUNTED.format(row="a")} AND a.section_id IS NOT NULL GROUP BY a.section_id
UNION ALL
SELECT 'tag', item.tag_id, COUNT(*)
FROM taggit_taggeditem item JOIN articles_article a ON a.id = item.object_id
WHERE item.content_type_id = {ARTICLE_TYPE} AND {COUNTED.format(row="a")}
GROUP BY item.tag_id
UNION ALL
SELECT 'author', byline.author_id, COUNT(*)
FROM articles_byline byline JOIN articles_article a ON a.id = byline.article_id
WHERE {COUNTED.format(row="a")} GROUP BY byline.author_id;
ANALYZE articles_listlength;
"""

BACKWARD = """
DROP TRIGGER articles_byline_list_lengths ON articles_byline;
DROP TRIGGER articles_taggeditem_list_lengths ON taggit_taggeditem;
DROP TRIGGER articles_article_list_lengths ON articles_article;
DROP FUNCTION articles_byline_list_lengths();
DROP FUNCTION articles_taggeditem_list_lengths();
DROP FUNCTION articles_article_is_counted(bigint);
DROP FUNCTION articles_article_list_lengths();
DROP FUNCTION articles_list_length_add(text, bigint, integer);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_lead_image_from_library"),
        ("contenttypes", "0002_remove_content_type_name"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [
        migrations.CreateModel(
            name="ListLength",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("section", "Section"),
                            ("tag", "Tag"),
                            ("author", "Author"),
                        ],
                        max_length=10,
                    ),
                ),
                ("object_id", models.BigIntegerField()),
                ("articles", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_id"), name="list_length_once_per_list"
                    )
                ],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
