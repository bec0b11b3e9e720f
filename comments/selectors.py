"""Reads of comments that other pages show."""

from django.db import models
from django.db.models import Count, OuterRef
from django.db.models.functions import Coalesce

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
    # Counted in the (article, status) comment index alone, and ranked as bare
    # ids, so only the few articles shown are read whole (a join would carry an
    # article row per comment through the grouping).
    comment_count = Coalesce(
        models.Subquery(
            Comment.objects.filter(
                article=OuterRef("pk"), status=Comment.Status.APPROVED
            )
            .order_by()
            .values("article")
            .annotate(count=Count("*"))
            .values("count")
        ),
        0,
    )
    recent = (
        published.filter(published_at__gte=since)
        .order_by("-published_at", "-id")
        .values("pk")[:MOST_COMMENTED_POOL]
    )
    ranked = (
        Article.objects.filter(pk__in=recent)
        .order_by(comment_count.desc(), "-published_at", "-id")
        .values("pk")[:count]
    )
    return (
        published.filter(pk__in=ranked)
        .annotate(comment_count=comment_count)
        .filter(comment_count__gt=0)
        .order_by("-comment_count", "-published_at", "-id")
    )
