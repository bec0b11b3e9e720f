"""Comment widgets for pages outside the comments app: the home page's
most-commented list and the pending-comments panel on the admin's front page."""

from datetime import timedelta

from django import template
from django.utils import timezone

from articles.permissions import can_publish
from comments.models import Comment
from comments.selectors import most_commented_articles

register = template.Library()

MOST_COMMENTED_DAYS = 7
MOST_COMMENTED_COUNT = 5


@register.inclusion_tag("articles/includes/most_commented.html")
def most_commented(
    days: int = MOST_COMMENTED_DAYS, count: int = MOST_COMMENTED_COUNT
) -> dict:
    """Show the stories of the last days with the most approved comments."""
    since = timezone.now() - timedelta(days=days)
    return {"articles": list(most_commented_articles(since, count)), "days": days}


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
