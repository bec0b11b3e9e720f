"""Reads of comments that other pages show."""

from django.db import models
from django.db.models import OuterRef

from articles.models import Article
from comments.models import ArticleCommentCount

# Candidates for the most-commented list: the period's latest articles.
MOST_COMMENTED_POOL = 500


def most_commented_articles(since, count: int = 5) -> models.QuerySet[Article]:
    """Return up to count articles published since then with approved comments,
    most comments first, each with its comment_count.

    Only the latest MOST_COMMENTED_POOL articles of the period count, so a busy
    period costs no more than a quiet one; each candidate's count is one row of
    ArticleCommentCount, kept by the database, not a count of its comments.
    """
    published = Article.objects.published()
    recent = (
        published.filter(published_at__gte=since)
        .order_by("-published_at", "-id")
        .values("pk")[:MOST_COMMENTED_POOL]
    )
    # Each candidate's count is read by its key (a correlated subquery, never
    # turned into a join): a join would read the whole counts table.
    approved = ArticleCommentCount.objects.filter(article_id=OuterRef("pk")).values(
        "approved"
    )
    # The box shows headlines and links only: the rest of the row is unread.
    return (
        published.filter(pk__in=recent)
        .annotate(comment_count=models.Subquery(approved))
        .filter(comment_count__gt=0)
        .only("headline", "slug", "published_at", "created_at")
        .order_by("-comment_count", "-published_at", "-id")[:count]
    )
