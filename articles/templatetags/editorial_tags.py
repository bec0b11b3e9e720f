"""The editors' overview on the admin's front page."""

from django import template
from django.db.models import F, Max, Q

from articles.models import Article
from articles.permissions import can_publish

register = template.Library()

OVERVIEW_LIMIT = 20


@register.inclusion_tag("admin/includes/editorial_overview.html", takes_context=True)
def editorial_overview(context) -> dict:
    """Return what needs attention: reviews, schedules, sent-back drafts.

    Comments waiting for moderation are the comments app's panel
    (comments_tags.pending_comments_panel).
    """
    user = context["request"].user
    result = {"show": False}
    if user.has_perm("articles.view_article"):
        articles = Article.objects.select_related("section")
        editor = can_publish(user)
        if not editor:
            articles = articles.owned_by(user)
        result.update(
            show=True,
            show_articles=True,
            editor=editor,
            in_review=list(
                articles.in_review().order_by(
                    F("submitted_at").asc(nulls_first=True), "updated_at"
                )[:OVERVIEW_LIMIT]
            ),
            in_review_count=articles.in_review().count(),
            scheduled=list(
                articles.scheduled().order_by("published_at")[:OVERVIEW_LIMIT]
            ),
            scheduled_count=articles.scheduled().count(),
            sent_back=list(
                articles.drafts()
                .annotate(last_note=Max("review_notes__created_at"))
                .filter(
                    Q(submitted_at__isnull=True) | Q(last_note__gt=F("submitted_at")),
                    last_note__isnull=False,
                )
                .order_by("-last_note")[:OVERVIEW_LIMIT]
            ),
        )
    return result
