"""Every query of every public page can use an index on the tables that grow.

On a test's small data PostgreSQL rightly prefers reading whole tables, so the
plans are taken with sequential scans priced out (enable_seqscan = off): a
sequential scan that remains has no index to use, and would read the whole
table at 100,000 articles and 1,000,000 comments. (`make bench` checks the
same on its 100,000-article data set with the planner's own choices.)
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

GROWING_TABLES = {
    "articles_article",
    "articles_byline",
    "comments_comment",
    "taggit_taggeditem",
}


@pytest.fixture
def site():
    section = SectionFactory(slug="spain")
    region = SectionFactory(slug="valencia", parent=section)
    author = AuthorFactory(slug="lucia")
    articles = [
        ArticleFactory(
            published=True,
            section=region if number % 2 else section,
            authors=[author],
            tags=["water"],
            headline=f"Water report {number}",
        )
        for number in range(3)
    ]
    for article in articles:
        CommentFactory.create_batch(2, article=article, approved=True)
        CommentFactory(article=article, pending=True)
    return articles[0]


def public_pages(story) -> list[str]:
    day = timezone.localtime(story.published_at)
    return [
        reverse("home"),
        story.get_absolute_url(),
        story.get_absolute_url() + "?cpage=1",
        reverse("articles:section", args=["spain"]),
        reverse("articles:section", args=["spain"]) + "?page=1",
        reverse("articles:tag", args=["water"]),
        reverse("authors:detail", args=["lucia"]),
        reverse("articles:archive-year", args=[day.year]),
        reverse("articles:archive-month", args=[day.year, day.month]),
        reverse("articles:archive-day", args=[day.year, day.month, day.day]),
        reverse("search") + "?q=water",
        reverse("search") + "?q=water&section=spain&author=lucia&order=newest",
        reverse("articles:feed"),
        reverse("articles:section-feed", args=["spain"]),
        reverse("articles:tag-feed", args=["water"]),
        reverse("authors:feed", args=["lucia"]),
        reverse("sitemap-index"),
        reverse("news-sitemap"),
        *(
            reverse("sitemap", kwargs={"section": name})
            for name in ("articles", "sections", "tags", "authors")
        ),
    ]


def full_scans(sql: str) -> set[str]:
    """Return the growing tables the query would read whole."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("SET enable_seqscan = on")
    if isinstance(plan, str):
        plan = json.loads(plan)
    return set(_seq_scans(plan[0]["Plan"])) & GROWING_TABLES


def _seq_scans(node: dict):
    if node.get("Node Type") == "Seq Scan":
        yield node.get("Relation Name")
    for child in node.get("Plans", []):
        yield from _seq_scans(child)


def scans_of(client, url: str) -> dict[str, set[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return {
        query["sql"][:200]: scans
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith("SELECT")
        and (scans := full_scans(query["sql"]))
    }


def test_public_pages_never_read_a_growing_table_whole(client, settings, site):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0  # every query of every page runs
    unindexed = {url: scans_of(client, url) for url in public_pages(site)}

    assert {url: scans for url, scans in unindexed.items() if scans} == {}


def test_the_moderation_queue_reads_only_the_waiting_comments(client, site, moderator):
    client.force_login(moderator)

    scans = scans_of(client, "/admin/comments/comment/?status__exact=pending")

    assert scans == {}


def test_the_publication_time_index_carries_the_section():
    # A section's list with its regional editions (section IN (...)) then walks
    # the index in order, index only, to a deep page instead of sorting the
    # family's articles (`make bench` times page 500 against page 1).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["article_published_idx"],
        )
        (definition,) = cursor.fetchone()

    assert "(published_at DESC, id DESC) INCLUDE (section_id)" in definition
    assert "WHERE ((status)::text = 'published'::text)" in definition
