"""Approved comments per article, kept by statement triggers like 0007's."""

from django.db import migrations, models

UPSERT = """
        ON CONFLICT (article_id) DO UPDATE
        SET approved = comments_articlecommentcount.approved + EXCLUDED.approved;"""

COUNT_FUNCTION = f"""
CREATE FUNCTION comments_count_approved_per_article() RETURNS trigger AS $$
BEGIN
    -- One upsert per statement, in article order: concurrent transactions lock
    -- the rows in the same order, so they wait rather than deadlock.
    IF TG_OP = 'INSERT' THEN
        INSERT INTO comments_articlecommentcount (article_id, approved)
        SELECT article_id, count(*) FROM new_rows WHERE status = 'approved'
        GROUP BY article_id ORDER BY article_id{UPSERT}
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO comments_articlecommentcount (article_id, approved)
        SELECT article_id, -count(*) FROM old_rows WHERE status = 'approved'
        GROUP BY article_id ORDER BY article_id{UPSERT}
    ELSE
        INSERT INTO comments_articlecommentcount (article_id, approved)
        SELECT article_id, sum(delta) FROM (
            SELECT article_id, count(*) AS delta FROM new_rows
            WHERE status = 'approved' GROUP BY article_id
            UNION ALL
            SELECT article_id, -count(*) AS delta FROM old_rows
            WHERE status = 'approved' GROUP BY article_id
        ) AS changes
        GROUP BY article_id HAVING sum(delta) <> 0 ORDER BY article_id{UPSERT}
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

INSERT INTO comments_articlecommentcount (article_id, approved)
SELECT article_id, count(*) FROM comments_comment WHERE status = 'approved'
GROUP BY article_id;
ANALYZE comments_articlecommentcount;

CREATE TRIGGER comments_article_count_insert AFTER INSERT ON comments_comment
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION comments_count_approved_per_article();
CREATE TRIGGER comments_article_count_update AFTER UPDATE ON comments_comment
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION comments_count_approved_per_article();
CREATE TRIGGER comments_article_count_delete AFTER DELETE ON comments_comment
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION comments_count_approved_per_article();
"""

DROP_COUNT_FUNCTION = """
DROP TRIGGER IF EXISTS comments_article_count_insert ON comments_comment;
DROP TRIGGER IF EXISTS comments_article_count_update ON comments_comment;
DROP TRIGGER IF EXISTS comments_article_count_delete ON comments_comment;
DROP FUNCTION IF EXISTS comments_count_approved_per_article();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0007_comment_status_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleCommentCount",
            fields=[
                (
                    "article_id",
                    models.BigIntegerField(primary_key=True, serialize=False),
                ),
                ("approved", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "article's comment count",
                "verbose_name_plural": "articles' comment counts",
            },
        ),
        migrations.RunSQL(COUNT_FUNCTION, DROP_COUNT_FUNCTION),
    ]
