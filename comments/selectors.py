"""Reads of comments that other pages show."""

from django.db import models
from django.db.models import Count, OuterRef

from articles.models import Article
from comments.models import Comment

# Candidates for the most-commented list: the period's latest articles.
MOST_COMMENTED_POOL = 500


def most_commented_articles(since, count: int = 5) -> models.QuerySet[Article]:
    """Return up to count articles published since then with approved comments,
    most comments first, each with its comment_count.

    Only the latest MOST_COMMENTED_POOL articles of the period count, so a busy
    period costs no more than a quiet one.
    """
    published = Article.objects.published()
    approved = Comment.objects.filter(status=Comment.Status.APPROVED)
    recent = (
        published.filter(published_at__gte=since)
        .order_by("-published_at", "-id")
        .values("pk")[:MOST_COMMENTED_POOL]
    )
    # Ranked from the comments' side, grouped by article: one walk of the
    # (article, status) comment index per candidate, index entries only
    # (counting per article from the articles' side read every comment row).
    ranked = (
        approved.filter(article__in=recent)
        .values("article")
        .annotate(count=Count("*"))
        .order_by("-count", "-article")
        .values("article")[:count]
    )
    comment_count = models.Subquery(
        approved.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=Count("*"))
        .values("count")
    )
    # The box shows headlines and links only: the rest of the row is unread.
    return (
        published.filter(pk__in=ranked)
        .only("headline", "slug", "published_at", "created_at")
        .annotate(comment_count=comment_count)
        .order_by("-comment_count", "-published_at", "-id")
    )
