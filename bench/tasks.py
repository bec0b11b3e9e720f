"""Work on one benchmark database, run by bench/run.py as a subprocess.

`python -m bench.tasks TASK [JSON]` with DATABASE_URL naming the database and
DJANGO_SETTINGS_MODULE=bench.settings; prints one JSON object.

Tasks: counts (of the data set), prepare (one article with exactly 500
approved comments, and the pages and search words to measure), plans (the
EXPLAIN of every query of the given pages, flagging sequential scans of large
tables).
"""

import json
import random
import sys

import django

# Tables at least this large must never be read whole by a public page.
LARGE_TABLE_ROWS = 10_000
BENCH_ARTICLE_COMMENTS = 500


def counts() -> dict:
    from articles.models import Article
    from authors.models import Author
    from comments.models import Comment

    return {
        "articles": Article.objects.count(),
        "comments": Comment.objects.count(),
        "authors": Author.objects.count(),
    }


def prepare() -> dict:
    """Make sure one article has exactly 500 approved comments; name the pages."""
    from django.db import connection
    from django.db.models import Count, Q
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article, Section
    from authors.models import Author
    from comments.models import Comment

    published = Article.objects.published()
    approved = Count("comments", filter=Q(comments__status=Comment.Status.APPROVED))
    article = (
        published.filter(comments_open=True)
        .annotate(approved=approved)
        .filter(approved__lte=BENCH_ARTICLE_COMMENTS)
        .order_by("-approved", "-published_at", "-id")
        .first()
    )
    missing = BENCH_ARTICLE_COMMENTS - article.approved
    if missing:
        rng = random.Random(article.pk)
        words = ["good", "point", "the", "council", "should", "act", "now", "again"]
        Comment.objects.bulk_create(
            Comment(
                article=article,
                name=f"Reader {number}",
                email=f"reader{number}@example.org",
                body=" ".join(rng.choices(words, k=rng.randint(8, 60))).capitalize(),
                status=Comment.Status.APPROVED,
                moderated_at=timezone.now(),
            )
            for number in range(missing)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE comments_comment")

    # The biggest section (with its sub-sections), tag and author.
    sections = {
        section.pk: published.in_section(section).count()
        for section in Section.objects.top_level()
    }
    section = Section.objects.get(pk=max(sections, key=sections.get))
    tag = (
        Tag.objects.annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses")
        .first()
    )
    author = Author.objects.annotate(n=Count("bylines")).order_by("-n").first()
    common, rare = search_words()
    return {
        "article": article.get_absolute_url(),
        "article_comments": BENCH_ARTICLE_COMMENTS,
        "section": section.get_absolute_url(),
        "section_articles": sections[section.pk],
        "tag": f"/tag/{tag.slug}/",
        "author": author.get_absolute_url(),
        "common_word": common,
        "rare_word": rare,
    }


def search_words() -> tuple[str, str]:
    """Return a word most articles contain and one that few do (plain words)."""
    from django.conf import settings
    from django.db import connection

    config = settings.NEWSROOM_SEARCH_CONFIG
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM "
            "articles_article ORDER BY id LIMIT 5000') "
            "WHERE word ~ '^[a-z]{4,}$' ORDER BY ndoc DESC, word"
        )
        rows = cursor.fetchall()

        def plain(word: str) -> bool:
            # A word that is its own stem, so searching for it finds it.
            cursor.execute(
                "SELECT websearch_to_tsquery(%s::regconfig, %s)::text", [config, word]
            )
            return cursor.fetchone()[0] == f"'{word}'"

        common = next(word for word, _n in rows if plain(word))
        total = rows[0][1] if rows else 1
        rare = next(
            word
            for word, count in reversed(rows)
            if 2 <= count <= max(2, total // 200) and plain(word)
        )
    return common, rare


def plans(urls: list[str]) -> dict:
    """EXPLAIN every query of each page; list sequential scans of large tables."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace"
        )
        rows = dict(cursor.fetchall())
        # A table never analysed (new, as after a migration) has no estimate.
        for name in [name for name, count in rows.items() if count < 0]:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")
            rows[name] = cursor.fetchone()[0]
    large = {name for name, count in rows.items() if count >= LARGE_TABLE_ROWS}

    user_model = get_user_model()
    moderator, _created = user_model.objects.get_or_create(
        username="bench-moderator", defaults={"is_staff": True, "is_superuser": True}
    )
    reader, staff = Client(), Client()
    staff.force_login(moderator)
    pages = dict.fromkeys(urls, reader)
    # The moderation queue (comments waiting, oldest first).
    pages["/admin/comments/comment/?status__exact=pending"] = staff

    report = {}
    for url, client in pages.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        checked = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                if isinstance(plan, str):
                    plan = json.loads(plan)
            scans = list(_scans(plan[0]["Plan"]))
            checked.append(
                {
                    "sql": sql[:300],
                    "indexes": sorted(
                        {index for kind, _table, index in scans if index}
                    ),
                    "seq_scans_of_large_tables": sorted(
                        {
                            table
                            for kind, table, _index in scans
                            if kind == "Seq Scan" and table in large
                        }
                    ),
                }
            )
        report[url] = {
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "plans": checked,
            "ok": not any(q["seq_scans_of_large_tables"] for q in checked),
        }
    return {"large_tables": sorted(large), "pages": report}


def _scans(node: dict):
    kind = node.get("Node Type", "")
    if "Scan" in kind:
        yield kind, node.get("Relation Name"), node.get("Index Name")
    for child in node.get("Plans", []):
        yield from _scans(child)


def main() -> None:
    django.setup()
    task = sys.argv[1]
    argument = json.loads(sys.argv[2]) if len(sys.argv) > 2 else None
    result = {"counts": counts, "prepare": prepare}.get(task)
    output = result() if result else plans(argument)
    print(json.dumps(output))


if __name__ == "__main__":
    main()
