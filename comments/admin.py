import ipaddress
import logging

from django.contrib import admin, messages
from django.contrib.admin.views.main import PAGE_VAR
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.permissions import can_publish, visible_articles
from comments.models import BannedPhrase, Comment
from comments.services import (
    anonymise_targets,
    comment_approved_by_edit,
    commenters_anonymise,
    comments_moderate,
)

DECISIONS = {
    Comment.Status.APPROVED: gettext_lazy("Approve"),
    Comment.Status.REJECTED: gettext_lazy("Reject"),
    Comment.Status.SPAM: gettext_lazy("Spam"),
}
logger = logging.getLogger(__name__)

UNREVIEWED = "unreviewed"
STATUS_COUNTS_CACHE_KEY = "comments:status-counts"
STATUS_COUNTS_CACHE_SECONDS = 300
ANONYMISE_LISTED = 50


def _decision_message(count: int, status: str) -> str:
    return ngettext(
        "%(count)d comment marked as %(status)s.",
        "%(count)d comments marked as %(status)s.",
        count,
    ) % {"count": count, "status": Comment.Status(status).label.lower()}


def _moderation_action(status: str, label: str):
    def action(modeladmin, request, queryset):
        count = comments_moderate(
            comments=queryset, status=status, moderator=request.user
        )
        modeladmin.message_user(
            request, _decision_message(count, status), messages.SUCCESS
        )

    action.__name__ = f"mark_{status}"
    return admin.action(description=label, permissions=["change"])(action)


def status_counts() -> dict[str, int]:
    """Return comments per status: the work queues live, the rest cached.

    Pending and unreviewed comments are counted on every page view (small index
    ranges); approved, rejected and spam grow for years, so their counts (a scan
    of the whole table) are kept in the shared cache for a few minutes.
    """
    try:
        archive = cache.get(STATUS_COUNTS_CACHE_KEY)
    except Exception:
        logger.warning("Comment counts not read from the cache", exc_info=True)
        archive = None
    if archive is None:
        archive = Comment.objects.status_counts()
        try:
            cache.set(STATUS_COUNTS_CACHE_KEY, archive, STATUS_COUNTS_CACHE_SECONDS)
        except Exception:
            logger.warning("Comment counts not cached", exc_info=True)
    return archive | Comment.objects.queue_counts()


class StatusFilter(admin.SimpleListFilter):
    """Status, with the number of comments in each."""

    title = gettext_lazy("status")
    # The name Django's own status filter used, so existing queue links still work.
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        counts = status_counts()
        choices = [
            (status.value, f"{status.label} ({counts[status.value]:,})")
            for status in Comment.Status
        ]
        choices.insert(
            2,
            (
                UNREVIEWED,
                _("Published, not reviewed (%(count)s)")
                % {"count": f"{counts[UNREVIEWED]:,}"},
            ),
        )
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == UNREVIEWED:
            return queryset.unreviewed()
        if value in Comment.Status.values:
            return queryset.filter(status=value)
        return queryset


class InputFilter(admin.SimpleListFilter):
    """A filter typed into a box, for values too many to list (articles, people)."""

    template = "admin/comments/input_filter.html"
    placeholder = ""

    def __init__(self, request, params, model, model_admin):
        self.request = request
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [(self.value(), self.value())] if self.value() else []

    def has_output(self):
        return True

    def choices(self, changelist):
        others = [
            (name, value)
            for name, values in changelist.get_filters_params().items()
            if name != self.parameter_name
            for value in values
        ]
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(
                remove=[self.parameter_name, PAGE_VAR]
            ),
            "display": _("All"),
            "parameter_name": self.parameter_name,
            "value": self.value() or "",
            "label": self.selected_label(),
            "placeholder": self.placeholder,
            "others": others,
        }

    def selected_label(self) -> str:
        return self.value() or ""


class ArticleFilter(InputFilter):
    title = gettext_lazy("article")
    parameter_name = "article"
    placeholder = gettext_lazy("Article ID")

    def selected_label(self) -> str:
        value = self.value()
        if not value or not value.isdigit() or int(value) > 2**63 - 1:
            return value or ""
        # Only an article the moderator may see: a draft's headline stays hidden.
        article = (
            visible_articles(self.request.user)
            .filter(pk=int(value))
            .only("headline")
            .first()
        )
        return article.headline if article else _("No such article")

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if not value:
            return queryset
        if not value.isdigit() or int(value) > 2**63 - 1:
            return queryset.none()
        return queryset.filter(article_id=int(value))


class CommenterFilter(InputFilter):
    title = gettext_lazy("commenter")
    parameter_name = "commenter"
    placeholder = gettext_lazy("Email or IP address")

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if not value:
            return queryset
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return queryset.by_commenter(value)
        return queryset.filter(ip_address=str(address))


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    # The decision buttons sit beside the comment, visible on narrow screens;
    # the article and the time posted go under the comment, so the queue fits
    # beside the admin's sidebars at 1280 pixels.
    list_display = (
        "comment_column",
        "decision_buttons",
        "commenter_column",
        "decision_column",
    )
    # The comment's text links to its page itself (comment_column), so that the
    # links under it aren't nested in the admin's own row link.
    list_display_links = None
    list_filter = (StatusFilter, ArticleFilter, CommenterFilter, "created_at")
    list_select_related = ("article", "parent", "moderated_by")
    list_per_page = 50
    # Counting a million comments on every page view is slow; the status filter
    # shows the counts, and only the filtered list is counted for the pages.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    search_fields = ("name", "email", "body", "ip_address")
    search_help_text = gettext_lazy(
        "Search names, emails, IP addresses and comment text (slow on large sites: "
        "prefer the filters)."
    )
    raw_id_fields = ("article", "parent")
    readonly_fields = (
        "created_at",
        "moderated_by",
        "moderated_at",
        "ip_address",
        "user_agent",
        "notify_on_approval",
    )
    fields = (
        "article",
        "parent",
        "name",
        "email",
        "body",
        "status",
        "created_at",
        "moderated_by",
        "moderated_at",
        "notify_on_approval",
        "ip_address",
        "user_agent",
    )
    actions = (
        _moderation_action(
            Comment.Status.APPROVED, gettext_lazy("Approve selected comments")
        ),
        _moderation_action(
            Comment.Status.REJECTED, gettext_lazy("Reject selected comments")
        ),
        _moderation_action(
            Comment.Status.SPAM, gettext_lazy("Mark selected comments as spam")
        ),
        "anonymise_commenters",
    )

    class Media:
        css = {"all": ("css/admin-comments.css",)}

    def get_urls(self):
        return [
            path(
                "<path:object_id>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="comments_comment_moderate",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        """Return comments on the articles the user may see (not drafts' for a
        moderator): every list, count, form and action goes through it."""
        queryset = super().get_queryset(request)
        if can_publish(request.user):
            return queryset
        return queryset.filter(article__in=visible_articles(request.user))

    def get_ordering(self, request):
        """Work through the queue oldest first; look back at the rest newest first."""
        if request.GET.get(StatusFilter.parameter_name) in (
            Comment.Status.PENDING,
            UNREVIEWED,
        ):
            return ("created_at", "id")
        return ("-created_at", "-id")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # A comment stays on its article and in its thread.
        return (*self.readonly_fields, "article", "parent")

    def changelist_view(self, request, extra_context=None):
        """Open on the queue of pending comments unless a filter was chosen."""
        if not request.GET and request.method == "GET":
            return HttpResponseRedirect(f"{request.path}?status__exact=pending")
        if request.GET.get(StatusFilter.parameter_name) == Comment.Status.PENDING:
            extra_context = {"title": _("Moderation queue"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description=gettext_lazy("comment"))
    def comment_column(self, comment: Comment) -> str:
        reply = ""
        if comment.parent_id:
            reply = format_html(
                '<span class="comment-reply-to">{} <q>{}</q></span>',
                _("In reply to %(name)s:") % {"name": comment.parent.name},
                Truncator(comment.parent.body).chars(120),
            )
        return format_html(
            '<a href="{}">{}<span class="comment-body">{}</span></a>{}',
            reverse("admin:comments_comment_change", args=(comment.pk,)),
            reply,
            Truncator(comment.body).chars(400),
            self.posted_on(comment),
        )

    @staticmethod
    def posted_on(comment: Comment) -> str:
        """Return where and when the comment was posted, for under its text."""
        posted = timezone.localtime(comment.created_at)
        return format_html(
            '<span class="comment-context">{} <a href="?{}" title="{}">{}</a> · '
            '<time datetime="{}">{}</time> · '
            '<a href="{}" class="comment-view">{}</a></span>',
            _("On"),
            urlencode({ArticleFilter.parameter_name: comment.article_id}),
            _("Show all comments on this article"),
            comment.article.headline,
            posted.isoformat(timespec="seconds"),
            date_format(posted, "DATETIME_FORMAT"),
            comment.get_absolute_url(),
            _("view"),
        )

    @admin.display(description=gettext_lazy("commenter"), ordering="name")
    def commenter_column(self, comment: Comment) -> str:
        title = _("Show all comments from this commenter")
        links = [
            (urlencode({CommenterFilter.parameter_name: value}), title, value)
            for value in (comment.email, comment.ip_address)
            if value
        ]
        return format_html(
            '<strong>{}</strong><span class="comment-commenter">{}</span>',
            comment.name,
            format_html_join("", '<a href="?{}" title="{}">{}</a>', links),
        )

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def decision_column(self, comment: Comment) -> str:
        if comment.moderated_at is None:
            if comment.status == Comment.Status.APPROVED:
                return _("Published, not reviewed")
            return comment.get_status_display()
        return format_html(
            '{}<span class="comment-decided">{}</span>',
            comment.get_status_display(),
            _("by %(moderator)s, %(time)s")
            % {
                "moderator": comment.moderated_by or _("a deleted user"),
                "time": timezone.localtime(comment.moderated_at).strftime(
                    "%d %b %Y %H:%M"
                ),
            },
        )

    @admin.display(description=gettext_lazy("decide"))
    def decision_buttons(self, comment: Comment) -> str:
        url = reverse("admin:comments_comment_moderate", args=(comment.pk,))
        reviewed = comment.moderated_at is not None
        return format_html_join(
            "",
            '<button type="submit" form="comment-moderation" formaction="{}" '
            'name="status" value="{}" class="comment-decision comment-decision--{}">'
            "{}</button>",
            (
                (url, status, status, label)
                for status, label in DECISIONS.items()
                if status != comment.status or not reviewed
            ),
        )

    def moderate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Record one moderator's decision on one comment (the queue's buttons)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not object_id.isdigit():
            return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))
        comment = get_object_or_404(self.get_queryset(request), pk=int(object_id))
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        status = request.POST.get("status", "")
        if status not in DECISIONS:
            self.message_user(request, _("Unknown decision."), messages.ERROR)
        else:
            comments_moderate(
                comments=Comment.objects.filter(pk=comment.pk),
                status=status,
                moderator=request.user,
            )
            self.message_user(
                request,
                _("Comment by %(name)s: %(decision)s.")
                % {
                    "name": comment.name,
                    "decision": Comment.Status(status).label.lower(),
                },
                messages.SUCCESS,
            )
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            next_url = reverse("admin:comments_comment_changelist")
        return HttpResponseRedirect(next_url)

    @admin.action(
        description=gettext_lazy("Anonymise the commenters (all their comments)"),
        permissions=["change"],
    )
    def anonymise_commenters(self, request, queryset):
        emails = sorted(
            set(queryset.exclude(email="").values_list("email", flat=True)),
            key=str.lower,
        )
        if request.POST.get("confirm") == "yes":
            count = commenters_anonymise(comments=queryset)
            self.message_user(
                request,
                ngettext(
                    "%(count)d comment anonymised.",
                    "%(count)d comments anonymised.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        affected = anonymise_targets(queryset).count()
        return TemplateResponse(
            request,
            "admin/comments/comment/anonymise_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Anonymise commenters?"),
                "opts": self.opts,
                "emails": emails[:ANONYMISE_LISTED],
                "more_emails": max(0, len(emails) - ANONYMISE_LISTED),
                "affected": affected,
                "queryset": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "select_across": request.POST.get("select_across", "0"),
            },
        )

    def save_model(self, request, obj, form, change):
        previous_status = form.initial.get("status")
        if change and "status" in form.changed_data:
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)
        if change:
            comment_approved_by_edit(comment=obj, previous_status=previous_status)


@admin.register(BannedPhrase)
class BannedPhraseAdmin(admin.ModelAdmin):
    list_display = ("phrase", "action", "created_at")
    list_editable = ("action",)
    list_filter = ("action",)
    search_fields = ("phrase",)
    ordering = ("phrase",)
