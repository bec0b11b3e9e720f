from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.models import Comment
from comments.services import comments_moderate


def _moderation_action(status: str, label: str):
    def action(modeladmin, request, queryset):
        count = comments_moderate(
            comments=queryset, status=status, moderator=request.user
        )
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d comment marked as %(status)s.",
                "%(count)d comments marked as %(status)s.",
                count,
            )
            % {"count": count, "status": Comment.Status(status).label.lower()},
            messages.SUCCESS,
        )

    action.__name__ = f"mark_{status}"
    return admin.action(description=label, permissions=["change"])(action)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = (
        "excerpt",
        "name",
        "article_headline",
        "reply_to",
        "status",
        "created_at",
    )
    list_filter = ("status", "created_at")
    list_select_related = ("article", "parent")
    search_fields = ("name", "email", "body", "ip_address")
    ordering = ("created_at", "id")
    raw_id_fields = ("article", "parent")
    readonly_fields = (
        "created_at",
        "moderated_by",
        "moderated_at",
        "ip_address",
        "user_agent",
    )
    actions = (
        _moderation_action(Comment.Status.APPROVED, _("Approve selected comments")),
        _moderation_action(Comment.Status.REJECTED, _("Reject selected comments")),
        _moderation_action(Comment.Status.SPAM, _("Mark selected comments as spam")),
    )

    def changelist_view(self, request, extra_context=None):
        """Open on the queue of pending comments unless a filter was chosen."""
        if not request.GET and request.method == "GET":
            return HttpResponseRedirect(f"{request.path}?status__exact=pending")
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("comment"))
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(140)

    @admin.display(description=_("article"), ordering="article__headline")
    def article_headline(self, comment: Comment) -> str:
        return comment.article.headline

    @admin.display(description=_("reply to"))
    def reply_to(self, comment: Comment) -> str:
        return Truncator(comment.parent.body).chars(60) if comment.parent else ""

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)
