"""The moderators' numbers on the admin's front page."""

from datetime import timedelta

from django import template
from django.db import connection
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.permissions import can_publish, visible_articles
from comments.models import Comment, ModerationAction

register = template.Library()

DECISIONS = (
    ModerationAction.Kind.APPROVE,
    ModerationAction.Kind.REJECT,
    ModerationAction.Kind.SPAM,
)
MEDIAN_DAYS = 7


def format_duration(seconds: float | None) -> str:
    """Return a duration as people say it: "45 s", "12 min", "3 h 5 min", "2 days"."""
    if seconds is None:
        return "–"
    seconds = int(seconds)
    if seconds < 60:
        return _("%(count)d s") % {"count": seconds}
    minutes = seconds // 60
    if minutes < 60:
        return _("%(count)d min") % {"count": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(count)d days") % {"count": hours // 24}


def median_seconds_to_first_decision(days: int = MEDIAN_DAYS) -> float | None:
    """Return the median time from posting to a moderator's first decision, over
    comments first decided in the last days (undone decisions count: the
    commenter waited that long)."""
    since = timezone.now() - timedelta(days=days)
    first = (
        ModerationAction.objects.filter(kind__in=DECISIONS, actor__isnull=False)
        .values("comment")
        .annotate(first_at=Min("created_at"))
        .filter(first_at__gte=since)
        .values("comment", "first_at")
    )
    sql, params = first.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "
            "EXTRACT(EPOCH FROM decided.first_at - comment.created_at)) "
            f"FROM ({sql}) AS decided "
            f"JOIN {Comment._meta.db_table} AS comment "
            "ON comment.id = decided.comment",
            params,
        )
        (median,) = cursor.fetchone()
    return median


@register.inclusion_tag("admin/includes/moderation_overview.html", takes_context=True)
def moderation_overview(context) -> dict:
    """Return the queue's state: pending, the oldest's age, the median wait."""
    user = context["request"].user
    if not user.has_perm("comments.view_comment"):
        return {"show": False}
    pending = Comment.objects.pending()
    if not can_publish(user):
        pending = pending.filter(article__in=visible_articles(user))
    oldest = pending.order_by("created_at", "id").values_list("created_at", flat=True)
    oldest = oldest.first()
    return {
        "show": True,
        "pending": pending.count(),
        "oldest_age": format_duration(
            (timezone.now() - oldest).total_seconds() if oldest else None
        ),
        "median": format_duration(median_seconds_to_first_decision()),
        "median_days": MEDIAN_DAYS,
        "can_audit": user.has_perm("comments.view_moderationaction"),
    }
