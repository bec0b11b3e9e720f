import ipaddress
import logging
from contextvars import ContextVar

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, OuterRef, Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
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
from comments.models import (
    Ban,
    BannedPhrase,
    Comment,
    CommentStatusCount,
    ModerationAction,
    Report,
    count_each,
    normalise_network,
)
from comments.services import (
    UNDO_SECONDS,
    UndoRefused,
    anonymise_targets,
    changing,
    comment_approved_by_edit,
    comment_reply_as_moderator,
    commenters_anonymise,
    comments_moderate,
    moderation_undo,
)

DECISIONS = {
    Comment.Status.APPROVED: gettext_lazy("Approve"),
    Comment.Status.REJECTED: gettext_lazy("Reject"),
    Comment.Status.SPAM: gettext_lazy("Spam"),
}
KEYS = {
    Comment.Status.APPROVED: "a",
    Comment.Status.REJECTED: "r",
    Comment.Status.SPAM: "s",
}
logger = logging.getLogger(__name__)

UNREVIEWED = "unreviewed"
REPORTED = "reported"
ALL_STATUSES = "all"
PENDING_QUEUE_QUERY = "status__exact=pending"
ANONYMISE_LISTED = 50
CONFIRM_LISTED = 50
HISTORY_LISTED = 100

# The request the changelist is rendering, for the row columns (which Django
# calls with the comment only) to keep the queue's filters in their links.
_current_request: ContextVar[HttpRequest | None] = ContextVar(
    "comment_queue_request", default=None
)


def _decision_message(count: int, status: str) -> str:
    return ngettext(
        "%(count)d comment marked as %(status)s.",
        "%(count)d comments marked as %(status)s.",
        count,
    ) % {"count": count, "status": Comment.Status(status).label.lower()}


def _moderation_action(status: str, label: str):
    def action(modeladmin, request, queryset):
        return modeladmin.decide_selected(request, queryset, status)

    action.__name__ = f"mark_{status}"
    return admin.action(description=label, permissions=["change"])(action)


def status_counts(user) -> dict[str, int]:
    """Return exact counts of comments per status and work queue, recounted on
    every page and after every decision.

    The totals per status come from counters PostgreSQL keeps exact in the same
    transactions as the comments (CommentStatusCount). For moderators, who see
    comments on published articles only, the work queues (pending, unreviewed,
    reported: small index ranges) are counted over those; the archive statuses
    stay site-wide totals (they differ only by comments on articles unpublished
    since, which no index finds without reading every article).
    """
    counts = CommentStatusCount.totals()
    comments = Comment.objects.all()
    queues = {}
    if not can_publish(user):
        comments = comments.filter(article__in=visible_articles(user))
        queues["pending"] = comments.pending()
    queues |= {"unreviewed": comments.unreviewed(), "reported": comments.reported()}
    counts |= count_each(**queues)
    counts[ALL_STATUSES] = sum(counts[status] for status in Comment.Status.values)
    return counts


def selection_summary(queryset) -> str:
    """Return "status=count;…" for the comments, in a fixed order (the expectation
    the queue's page sends with a bulk action)."""
    counts = dict(queryset.order_by().values_list("status").annotate(Count("pk")))
    return ";".join(
        f"{status}={counts[status]}"
        for status in Comment.Status.values
        if counts.get(status)
    )


class StatusFilter(admin.SimpleListFilter):
    """Status, with the exact number of comments in each; "all" shows every status."""

    title = gettext_lazy("status")
    # The name Django's own status filter used, so existing queue links still work.
    parameter_name = "status__exact"
    template = "admin/comments/status_filter.html"

    def __init__(self, request, params, model, model_admin):
        self.request = request
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [
            (Comment.Status.PENDING, Comment.Status.PENDING.label),
            (UNREVIEWED, _("Published, not reviewed")),
            (REPORTED, _("Reported by readers")),
            (Comment.Status.APPROVED, Comment.Status.APPROVED.label),
            (Comment.Status.REJECTED, Comment.Status.REJECTED.label),
            (Comment.Status.SPAM, Comment.Status.SPAM.label),
            (ALL_STATUSES, _("All statuses")),
        ]

    def choices(self, changelist):
        counts = status_counts(self.request.user)
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value
                or (value == ALL_STATUSES and self.value() is None),
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}, [PAGE_VAR]
                ),
                "display": label,
                "value": value,
                "count": counts[value],
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == UNREVIEWED:
            return queryset.unreviewed()
        if value == REPORTED:
            return queryset.reported().annotate(
                open_report_reasons=ArraySubquery(
                    Report.objects.filter(
                        comment=OuterRef("pk"), resolved=False
                    ).values("reason")
                )
            )
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
    """The article, chosen by its headline (the admin's autocomplete) or its ID."""

    title = gettext_lazy("article")
    parameter_name = "article"
    placeholder = gettext_lazy("Headline or article ID")
    template = "admin/comments/article_filter.html"

    def article(self):
        value = (self.value() or "").strip()
        if not value.isdigit() or int(value) > 2**63 - 1:
            return None
        # Only an article the moderator may see: a draft's headline stays hidden.
        return (
            visible_articles(self.request.user)
            .filter(pk=int(value))
            .only("headline")
            .first()
        )

    def choices(self, changelist):
        for choice in super().choices(changelist):
            choice["autocomplete_url"] = reverse(
                "admin:comments_comment_article_autocomplete"
            )
            yield choice

    def selected_label(self) -> str:
        value = (self.value() or "").strip()
        if not value:
            return ""
        if not value.isdigit():
            return _("Headlines with “%(text)s”") % {"text": value}
        article = self.article()
        return article.headline if article else _("No such article")

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if not value:
            return queryset
        if value.isdigit():
            if int(value) > 2**63 - 1:
                return queryset.none()
            return queryset.filter(article_id=int(value))
        # Typed without JavaScript: the articles whose headline holds the words.
        return queryset.filter(
            article__in=visible_articles(request.user).filter(
                headline__icontains=value[:200]
            )
        )


class ArticleAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete, over the articles the moderator may see."""

    model_admin = None

    def process_request(self, request):
        return request.GET.get("term", "")[:200], self.model_admin, None, "pk"

    def has_perm(self, request, obj=None):
        return self.model_admin.has_view_permission(request)

    def get_queryset(self):
        articles = visible_articles(self.request.user).only("headline")
        if self.term.strip().isdigit() and len(self.term.strip()) < 19:
            return articles.filter(pk=int(self.term))
        return articles.filter(headline__icontains=self.term.strip()).order_by(
            F("published_at").desc(nulls_last=True), "-pk"
        )

    def get_paginate_by(self, queryset):
        return 20

    def serialize_result(self, obj, to_field_name):
        return {"id": str(obj.pk), "text": obj.headline}


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
    # beside the filters at 1280 pixels (the queue hides the admin's nav sidebar).
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
    # A morning's queue in one page: decisions happen in place (JavaScript).
    list_per_page = 100
    # One way to see everything: the status filter's "All statuses".
    list_max_show_all = 0
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
        "status_reason",
        "ip_address",
        "user_agent",
        "notify_on_approval",
        "moderation_history",
    )
    fields = (
        "article",
        "parent",
        "name",
        "email",
        "body",
        "status",
        "status_reason",
        "created_at",
        "moderated_by",
        "moderated_at",
        "notify_on_approval",
        "ip_address",
        "user_agent",
        "moderation_history",
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

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        return super().media + forms.Media(
            js=(
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js",
                "admin/js/autocomplete.js",
                "js/admin/comment_queue.js",
            ),
            css={
                "screen": (
                    f"admin/css/vendor/select2/select2{extra}.css",
                    "admin/css/autocomplete.css",
                ),
                "all": ("css/admin-comments.css",),
            },
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "article-autocomplete/",
                view(
                    ArticleAutocompleteView.as_view(
                        admin_site=self.admin_site, model_admin=self
                    )
                ),
                name="comments_comment_article_autocomplete",
            ),
            path(
                "<path:object_id>/moderate/",
                view(self.moderate_view),
                name="comments_comment_moderate",
            ),
            path(
                "<path:object_id>/undo/",
                view(self.undo_view),
                name="comments_comment_undo",
            ),
            path(
                "<path:object_id>/reply/",
                view(self.reply_view),
                name="comments_comment_reply",
            ),
            path(
                "<path:object_id>/commenter/",
                view(self.commenter_view),
                name="comments_comment_commenter",
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
            REPORTED,
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
            return HttpResponseRedirect(f"{request.path}?{PENDING_QUEUE_QUERY}")
        query = request.GET.urlencode()
        extra_context = {
            "pending_queue_url": f"{request.path}?{PENDING_QUEUE_QUERY}",
            "in_pending_queue": query == PENDING_QUEUE_QUERY,
            "undo_seconds": UNDO_SECONDS,
            **(extra_context or {}),
        }
        if request.GET.get(StatusFilter.parameter_name) == Comment.Status.PENDING:
            extra_context.setdefault("title", _("Moderation queue"))
        token = _current_request.set(request)
        try:
            response = super().changelist_view(request, extra_context)
            if hasattr(response, "render"):
                response.render()
            return response
        finally:
            _current_request.reset(token)

    @admin.display(description=gettext_lazy("moderation history"))
    def moderation_history(self, comment: Comment) -> str:
        """Return the comment's audit trail: who did what, when, from what."""
        if comment.pk is None:
            return ""
        actions = comment.actions.select_related("actor").order_by("created_at", "id")
        rows = format_html_join(
            "",
            '<tr><td><time datetime="{}">{}</time></td><td>{}</td><td>{}</td>'
            "<td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(action.created_at).isoformat(timespec="seconds"),
                    date_format(
                        timezone.localtime(action.created_at), "DATETIME_FORMAT"
                    ),
                    action.get_kind_display(),
                    action.actor or _("the site"),
                    _("%(from)s → %(to)s")
                    % {
                        "from": action.get_from_status_display() or "–",
                        "to": action.get_to_status_display() or "–",
                    },
                    action.note,
                )
                for action in actions
            ),
        )
        if not rows:
            return _("No moderation yet.")
        return format_html(
            '<table class="comment-audit"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>'
            '<p><a href="{}?comment__id__exact={}">{}</a></p>',
            _("When"),
            _("Action"),
            _("By"),
            _("Status"),
            _("Note"),
            rows,
            reverse("admin:comments_moderationaction_changelist"),
            comment.pk,
            _("In the moderation log"),
        )

    # The rows.

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
            '<a href="{}" class="comment-text" data-comment="{}" data-status="{}">'
            '{}<span class="comment-body">{}</span></a>{}{}',
            reverse("admin:comments_comment_change", args=(comment.pk,)),
            comment.pk,
            comment.status,
            reply,
            Truncator(comment.body).chars(400),
            self.posted_on(comment),
            self.reports_line(comment),
        )

    @staticmethod
    def reports_line(comment: Comment) -> str:
        reasons = getattr(comment, "open_report_reasons", None)
        if not reasons:
            return ""
        counts: dict[str, int] = {}
        for reason in reasons:
            counts[reason] = counts.get(reason, 0) + 1
        return format_html(
            '<span class="comment-reports">{} {}</span>',
            ngettext(
                "Reported by %(count)d reader:",
                "Reported by %(count)d readers:",
                len(reasons),
            )
            % {"count": len(reasons)},
            ", ".join(
                f"{Report.Reason(reason).label} ({count})"
                for reason, count in sorted(counts.items())
            ),
        )

    @staticmethod
    def queue_query(**changes) -> str:
        """Return the current queue's query string with the changes (None drops)."""
        request = _current_request.get()
        params = request.GET.copy() if request is not None else QueryDict(mutable=True)
        params.pop(PAGE_VAR, None)
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        return params.urlencode()

    def posted_on(self, comment: Comment) -> str:
        """Return where and when the comment was posted, for under its text."""
        posted = timezone.localtime(comment.created_at)
        return format_html(
            '<span class="comment-context">{} <a href="?{}" title="{}">{}</a> · '
            '<time datetime="{}">{}</time> · '
            '<a href="{}" class="comment-view">{}</a></span>',
            _("On"),
            self.queue_query(**{ArticleFilter.parameter_name: comment.article_id}),
            _("Show this article's comments in the queue"),
            comment.article.headline,
            posted.isoformat(timespec="seconds"),
            date_format(posted, "DATETIME_FORMAT"),
            comment.get_absolute_url(),
            _("view"),
        )

    @admin.display(description=gettext_lazy("commenter"), ordering="name")
    def commenter_column(self, comment: Comment) -> str:
        title = _("Show this commenter's comments in the queue")
        links = [
            (self.queue_query(**{CommenterFilter.parameter_name: value}), title, value)
            for value in (comment.email, comment.ip_address)
            if value
        ]
        return format_html(
            '<strong>{}</strong><span class="comment-commenter">{}</span>'
            '<a href="{}" class="comment-history-link" data-panel="{}">{}</a>',
            comment.name,
            format_html_join("", '<a href="?{}" title="{}">{}</a>', links),
            reverse("admin:comments_comment_commenter", args=(comment.pk,)),
            reverse("admin:comments_comment_commenter", args=(comment.pk,))
            + "?panel=1",
            _("History and ban"),
        )

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def decision_column(self, comment: Comment) -> str:
        reason = ""
        if comment.status_reason:
            reason = format_html(
                '<span class="comment-reason">{}</span>', comment.status_reason
            )
        if comment.moderated_at is None:
            if comment.status == Comment.Status.APPROVED:
                label = _("Published, not reviewed")
            else:
                label = comment.get_status_display()
            return format_html(
                '<span class="comment-status">{}</span>{}', label, reason
            )
        return format_html(
            '<span class="comment-status">{}</span><span class="comment-decided">{}'
            "</span>{}",
            comment.get_status_display(),
            _("by %(moderator)s, %(time)s")
            % {
                "moderator": comment.moderated_by or _("a deleted user"),
                "time": timezone.localtime(comment.moderated_at).strftime(
                    "%d %b %Y %H:%M"
                ),
            },
            reason,
        )

    @admin.display(description=gettext_lazy("decide"))
    def decision_buttons(self, comment: Comment) -> str:
        url = reverse("admin:comments_comment_moderate", args=(comment.pk,))
        # A reported comment can be kept (approved again), answering the reports.
        reviewed = comment.moderated_at is not None and not getattr(
            comment, "open_report_reasons", None
        )
        buttons = format_html_join(
            "",
            '<button type="submit" form="comment-moderation" formaction="{}" '
            'name="status" value="{}" class="comment-decision comment-decision--{}" '
            'aria-keyshortcuts="{}">{}</button>',
            (
                (url, status, status, KEYS[status], label)
                for status, label in DECISIONS.items()
                if status != comment.status or not reviewed
            ),
        )
        reply_name = f"reply-{comment.pk}"
        reply = format_html(
            '<details class="comment-reply-form"><summary>{}</summary>'
            '<label for="id_{}" class="visually-hidden">{}</label>'
            '<textarea id="id_{}" name="{}" form="comment-moderation" rows="3" '
            'maxlength="5000"></textarea>'
            '<button type="submit" form="comment-moderation" formaction="{}" '
            'class="button">{}</button></details>',
            _("Reply as moderator"),
            reply_name,
            _("Your reply to %(name)s") % {"name": comment.name},
            reply_name,
            reply_name,
            reverse("admin:comments_comment_reply", args=(comment.pk,)),
            _("Post reply"),
        )
        return format_html('<div class="comment-decisions">{}</div>{}', buttons, reply)

    # One comment at a time: the row's buttons, in place with JavaScript.

    def _comment_or_404(
        self, request: HttpRequest, object_id: str, *, change: bool = True
    ) -> Comment:
        if not object_id.isdigit() or int(object_id) > 2**63 - 1:
            raise Http404
        comment = get_object_or_404(
            self.get_queryset(request).select_related(*self.list_select_related),
            pk=int(object_id),
        )
        allowed = (
            self.has_change_permission(request, comment)
            if change
            else self.has_view_permission(request, comment)
        )
        if not allowed:
            raise PermissionDenied
        return comment

    def get_list_display(self, request):
        # Editors read the queue; only moderators get the decision buttons.
        if self.has_change_permission(request):
            return self.list_display
        return tuple(name for name in self.list_display if name != "decision_buttons")

    @staticmethod
    def wants_json(request: HttpRequest) -> bool:
        return "application/json" in request.headers.get("accept", "")

    def _back(self, request: HttpRequest) -> HttpResponse:
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            next_url = reverse("admin:comments_comment_changelist")
        return HttpResponseRedirect(next_url)

    def _row_json(self, request, comment: Comment, **extra) -> JsonResponse:
        comment = (
            self.get_queryset(request)
            .select_related(*self.list_select_related)
            .get(pk=comment.pk)
        )
        return JsonResponse(
            {
                "comment": comment.pk,
                "status": comment.status,
                "status_html": self.decision_column(comment),
                "buttons_html": self.decision_buttons(comment),
                "counts": status_counts(request.user),
                **extra,
            }
        )

    def _error(self, request, message: str, status: int = 400) -> HttpResponse:
        if self.wants_json(request):
            return JsonResponse({"error": message}, status=status)
        self.message_user(request, message, messages.ERROR)
        return self._back(request)

    def moderate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Record one moderator's decision on one comment (the queue's buttons)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            comment = self._comment_or_404(request, object_id)
        except Http404:
            if self.wants_json(request):
                return JsonResponse({"error": _("No such comment.")}, status=404)
            if not object_id.isdigit():
                return self._back(request)
            raise
        status = request.POST.get("status", "")
        if status not in DECISIONS:
            return self._error(request, _("Unknown decision."))
        actions = comments_moderate(
            comments=Comment.objects.filter(pk=comment.pk),
            status=status,
            moderator=request.user,
        )
        message = _("Comment by %(name)s: %(decision)s.") % {
            "name": comment.name,
            "decision": Comment.Status(status).label.lower(),
        }
        if self.wants_json(request):
            return self._row_json(
                request,
                comment,
                message=message,
                action=actions[0].pk if actions else None,
                undo_url=reverse("admin:comments_comment_undo", args=(comment.pk,)),
                undo_seconds=UNDO_SECONDS,
            )
        self.message_user(request, message, messages.SUCCESS)
        return self._back(request)

    def undo_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Take back the moderator's last decision on the comment, within seconds."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = self._comment_or_404(request, object_id)
        action_id = request.POST.get("action", "")
        if not action_id.isdigit() or int(action_id) > 2**63 - 1:
            return self._error(
                request, _("There is no such decision of yours to undo.")
            )
        try:
            moderation_undo(
                action_id=int(action_id),
                moderator=request.user,
                comments=self.get_queryset(request).filter(pk=comment.pk),
            )
        except UndoRefused as refused:
            return self._error(request, str(refused), status=409)
        message = _("Undone: the comment by %(name)s is back as it was.") % {
            "name": comment.name
        }
        if self.wants_json(request):
            return self._row_json(request, comment, message=message)
        self.message_user(request, message, messages.SUCCESS)
        return self._back(request)

    def reply_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Publish a moderator's reply under the comment's thread."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = self._comment_or_404(request, object_id)
        body = request.POST.get(f"reply-{comment.pk}", "").strip()
        if not body:
            return self._error(request, _("Write a reply before posting it."))
        try:
            reply = comment_reply_as_moderator(
                comment=comment, body=body, moderator=request.user
            )
        except ValidationError as error:
            return self._error(request, " ".join(error.messages))
        message = _("Your reply to %(name)s is published.") % {"name": comment.name}
        if self.wants_json(request):
            return JsonResponse({"comment": reply.pk, "message": message})
        self.message_user(request, message, messages.SUCCESS)
        return self._back(request)

    def commenter_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The commenter's history (same email or IP), approve-all and ban."""
        comment = self._comment_or_404(
            request, object_id, change=request.method == "POST"
        )
        history = (
            self.get_queryset(request)
            .same_commenter(comment)
            .select_related("article")
            .order_by("-created_at", "-id")
        )
        pending = history.filter(status=Comment.Status.PENDING)
        if request.method == "POST":
            if request.POST.get("approve_all") != "yes":
                return self._error(request, _("Unknown action."))
            actions = comments_moderate(
                comments=pending, status=Comment.Status.APPROVED, moderator=request.user
            )
            message = ngettext(
                "%(count)d pending comment from this commenter approved.",
                "%(count)d pending comments from this commenter approved.",
                len(actions),
            ) % {"count": len(actions)}
            if self.wants_json(request):
                return JsonResponse(
                    {
                        "message": message,
                        "approved": [action.comment_id for action in actions],
                        "counts": status_counts(request.user),
                    }
                )
            self.message_user(request, message, messages.SUCCESS)
            return self._back(request)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET", "POST"])
        counts = selection_summary(history)
        ban_params = {"reason": _("Comments by %(name)s") % {"name": comment.name}}
        bans = []
        if comment.email:
            bans.append(
                (_("Ban this email"), urlencode(ban_params | {"email": comment.email}))
            )
        if comment.ip_address:
            network = normalise_network(comment.ip_address)
            bans.append(
                (
                    _("Ban this IP network (%(network)s)") % {"network": network},
                    urlencode(ban_params | {"network": network}),
                )
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Comments by %(name)s") % {"name": comment.name},
            "comment": comment,
            "history": history[:HISTORY_LISTED],
            "history_more": max(0, history.count() - HISTORY_LISTED),
            "summary": [
                (Comment.Status(part.split("=")[0]).label, part.split("=")[1])
                for part in counts.split(";")
                if part
            ],
            "pending_count": pending.count()
            if self.has_change_permission(request, comment)
            else 0,
            "bans": bans,
            "can_ban": request.user.has_perm("comments.add_ban"),
            "active_bans": Ban.objects.active().filter(
                Q(email__iexact=comment.email) if comment.email else Q(pk__in=[])
            ),
            "next": request.GET.get("next", ""),
        }
        template = (
            "admin/comments/comment/commenter_panel.html"
            if request.GET.get("panel")
            else "admin/comments/comment/commenter.html"
        )
        return TemplateResponse(request, template, context)

    # Many at a time: the actions, which say what they will change first.

    def decide_selected(self, request, queryset, status: str):
        """Decide on the selected comments once their statuses have been shown.

        The queue's page (JavaScript) sends what the moderator saw selected as
        "expect"; without it, or when it differs from the comments the
        selection holds now, or when the selection spans pages, a confirmation
        page says how many comments of which statuses will change.
        """
        targets = changing(queryset, status)
        summary = selection_summary(targets)
        if not summary:
            self.message_user(
                request,
                _("Nothing to change: the selected comments are already %(status)s.")
                % {"status": Comment.Status(status).label.lower()},
                messages.WARNING,
            )
            return None
        select_across = request.POST.get("select_across") == "1"
        expected = request.POST.get("expect", "")
        confirmed = request.POST.get("confirmed") == "yes"
        if expected == summary and (confirmed or not select_across):
            actions = comments_moderate(
                comments=targets, status=status, moderator=request.user
            )
            self.message_user(
                request, _decision_message(len(actions), status), messages.SUCCESS
            )
            return None
        total = sum(int(part.split("=")[1]) for part in summary.split(";"))
        return TemplateResponse(
            request,
            "admin/comments/comment/decision_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("%(decision)s %(count)d comments?")
                % {"decision": DECISIONS[status], "count": total}
                if total != 1
                else _("%(decision)s 1 comment?") % {"decision": DECISIONS[status]},
                "opts": self.opts,
                "decision": DECISIONS[status],
                "new_status": Comment.Status(status).label.lower(),
                "total": total,
                "counts": [
                    (Comment.Status(part.split("=")[0]).label, int(part.split("=")[1]))
                    for part in summary.split(";")
                ],
                "unchanged": queryset.count() - total,
                "changed_since": bool(expected) and expected != summary,
                "listed": targets.select_related("article")[:CONFIRM_LISTED],
                "more": max(0, total - CONFIRM_LISTED),
                "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)]
                if not select_across
                else [str(targets.values_list("pk", flat=True).first())],
                "summary": summary,
                "action": request.POST.get("action", ""),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "select_across": "1" if select_across else "0",
                "cancel_url": request.get_full_path(),
            },
        )

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
        if change and form.changed_data:
            ModerationAction.objects.create(
                comment=obj,
                actor=request.user,
                kind=ModerationAction.Kind.EDIT,
                from_status=previous_status or "",
                to_status=obj.status,
                note=_("Changed: %(fields)s")
                % {"fields": ", ".join(form.changed_data)},
            )
        if change:
            comment_approved_by_edit(comment=obj, previous_status=previous_status)


@admin.register(BannedPhrase)
class BannedPhraseAdmin(admin.ModelAdmin):
    list_display = ("phrase", "action", "created_at")
    list_editable = ("action",)
    list_filter = ("action",)
    search_fields = ("phrase",)
    ordering = ("phrase",)


class ActiveFilter(admin.SimpleListFilter):
    title = gettext_lazy("in force")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("In force")), ("no", _("Expired"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.exclude(pk__in=Ban.objects.active().values("pk"))
        return queryset


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ("__str__", "reason", "expires_at", "is_active", "created_by")
    list_filter = (ActiveFilter,)
    search_fields = ("email", "network", "reason")
    fields = ("email", "network", "reason", "expires_at")

    @admin.display(boolean=True, description=gettext_lazy("in force"))
    def is_active(self, ban: Ban) -> bool:
        return ban.is_active

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """Every moderation decision, filterable: read-only."""

    list_display = (
        "created_at",
        "kind",
        "actor",
        "from_status",
        "to_status",
        "comment_link",
    )
    list_filter = ("kind", "actor", "from_status", "to_status", "created_at")
    list_select_related = ("actor", "comment")
    date_hierarchy = "created_at"
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if can_publish(request.user):
            return queryset
        return queryset.filter(comment__article__in=visible_articles(request.user))

    @admin.display(description=gettext_lazy("comment"))
    def comment_link(self, action: ModerationAction) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:comments_comment_change", args=(action.comment_id,)),
            Truncator(action.comment.body).chars(80),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
