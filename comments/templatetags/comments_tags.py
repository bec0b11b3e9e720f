"""Comment widgets for pages outside the comments app: the home page's
most-commented list and the pending-comments panel on the admin's front page."""

from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils import timezone

from articles.permissions import can_publish
from comments.models import Comment
from comments.selectors import most_commented_articles
from pagecache.generations import generation_cached

register = template.Library()

MOST_COMMENTED_DAYS = 7
MOST_COMMENTED_COUNT = 5


@register.inclusion_tag("articles/includes/most_commented.html")
def most_commented(
    days: int = MOST_COMMENTED_DAYS, count: int = MOST_COMMENTED_COUNT
) -> dict:
    """Show the stories of the last days with the most approved comments.

    The days are counted from the start of the hour, and the list is kept until
    the home page, which shows it, changes: a moderator's decision invalidates
    that page (comments/signals.py), a publish the whole site.
    """
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    since = hour - timedelta(days=days)
    articles = generation_cached(
        f"most-commented:{since.isoformat()}:{count}",
        lambda: list(most_commented_articles(since, count)),
        page=reverse("home"),
    )
    return {"articles": articles, "days": days}


@register.inclusion_tag("admin/includes/pending_comments.html", takes_context=True)
def pending_comments_panel(context) -> dict:
    """Show how many comments wait for moderation, to moderators and editors."""
    user = context["request"].user
    if not (user.has_perm("comments.view_comment") or can_publish(user)):
        return {"show": False}
    return {
        "show": True,
        "pending_comments": Comment.objects.pending().count(),
        "can_moderate": user.has_perm("comments.view_comment"),
    }
