"""The comment block of the article page: the threads, the form and its POST.

The one entry point articles may reach, without importing comments: COMMENTS,
an articles.sections.ArticleSection that comments/apps.py registers. The
article page (articles.views.article_page_context) calls comment_section() for
its part of the context; everything about comments is decided here. What the
comments app serves at URLs of its own (the form page, reports) is in views.py.
"""

import html
import logging
import re
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles.models import Article
from articles.sections import ArticleSection, PageContext
from comments.forms import CommentForm
from comments.limits import comment_rate_limited
from comments.models import Comment
from comments.policy import CommentPolicy
from comments.services import FormAlreadyUsed, comment_submit
from pagecache.generations import generation_cached
from pagecache.store import release

logger = logging.getLogger(__name__)

DATABASE_RETRY_AFTER_SECONDS = 30
# Long discussions show this many threads at a time, the oldest first by default
# or the newest (?corder=newest), with "Show more comments" leading to the next
# ones (?cpage=N, plain pages; a small script appends them in place): a story with
# hundreds of comments stays quick to render and to read.
COMMENT_THREADS_PER_PAGE = 50
PARAGRAPH_BREAK = re.compile(r"\n{2,}")


@dataclass(slots=True)
class ShownComment:
    """An approved comment as the article page shows it, formatted in Python.

    Template filters and tags per comment (the date filter twice, linebreaks,
    blocktranslate) cost most of a long discussion's rendering; this costs little.
    """

    pk: int
    name: str
    posted_iso: str  # for <time datetime>: to the second, in the current zone
    posted: str  # as readers see it: "23 Nov 2026, 13:55"
    body: str  # escaped paragraphs, as the linebreaks filter makes them
    reply_label: str  # the reply link's words for screen readers: "to <name>"
    report_url: str  # the page to report it to the moderators
    report_label: str  # the report link's words for screen readers
    replies_label: str  # the accessible name of the list of its replies


@dataclass
class ShownThreads:
    """One page of an article's threads, rendered, and what the page says about all.

    Kept until the article's page changes (shown_threads()), so a page missing
    from the page cache doesn't load and render hundreds of comments again.
    """

    html: str
    count: int  # approved comments on the article, replies included
    has_next: bool  # whether a later page of threads follows
    replying_to: ShownComment | None = None  # the thread asked for by ?reply_to=


@dataclass
class CommentThreads:
    """One page of an article's threads, and what the page says about all."""

    page: Page  # of (comment, [approved replies]) pairs, oldest first
    count: int  # approved comments on the article, replies included
    replying_to: ShownComment | None = None  # the thread asked for by ?reply_to=


NEWEST_FIRST = "newest"
OLDEST_FIRST = "oldest"


def comment_threads(
    article: Article,
    *,
    number: str | int | None = None,
    reply_to: str = "",
    order: str = OLDEST_FIRST,
) -> CommentThreads:
    """Return a page of approved threads, newest or oldest first, each with its
    replies (oldest first, under their parent).

    The page asked for, or the one holding the thread replied to, or the first.
    Only that page's comments are loaded: an article with hundreds of comments
    costs no more than one with fifty. Raise InvalidPage for a page that isn't.
    """
    rows = list(
        Comment.objects.visible().filter(article=article).values_list("pk", "parent")
    )
    top_level = [pk for pk, parent in rows if parent is None]
    if order == NEWEST_FIRST:
        top_level.reverse()
    paginator = Paginator(top_level, COMMENT_THREADS_PER_PAGE)
    plain_number = reply_to.isascii() and reply_to.isdigit() and len(reply_to) < 19
    replied = int(reply_to) if plain_number else None
    if replied in top_level:
        number = top_level.index(replied) // COMMENT_THREADS_PER_PAGE + 1
    page = paginator.page(number or 1)
    shown = set(page.object_list)
    comments = shown_comments(
        [pk for pk, parent in rows if pk in shown or parent in shown]
    )
    replies: dict[int, list[ShownComment]] = {}
    for pk, parent in rows:
        if parent in shown and pk in comments:
            replies.setdefault(parent, []).append(comments[pk])
    page.object_list = [
        (comments[pk], replies.get(pk, [])) for pk in page.object_list if pk in comments
    ]
    return CommentThreads(
        page=page,
        count=len(rows),
        replying_to=comments.get(replied) if replied in shown else None,
    )


def shown_threads(
    request: HttpRequest,
    article: Article,
    *,
    comments_open: bool,
    reply_to: str = "",
    order: str = OLDEST_FIRST,
) -> ShownThreads:
    """Return the page of threads the request asks for (?cpage=, ?corder=), rendered.

    A published article's plain pages are kept until its page changes: a
    moderator's decision invalidates it (comments/signals.py), as does any
    change to the site. A page asked for with ?reply_to=, or by an odd spelling
    of its number, is rendered each time. Raise InvalidPage for a page that isn't.
    """
    number = request.GET.get("cpage")

    def rendered() -> ShownThreads:
        threads = comment_threads(
            article, number=number, reply_to=reply_to, order=order
        )
        html = render_to_string(
            "comments/includes/comment_threads.html",
            {
                "comment_threads": threads.page.object_list,
                "comment_page": threads.page,
                "comment_order": order,
                # The reader's choice, kept in the links to further pages.
                "comment_order_query": (
                    "&corder=newest" if order == NEWEST_FIRST else ""
                ),
                "comments_open": comments_open,
                "article_url": article.get_absolute_url(),
            },
        )
        return ShownThreads(
            html=html,
            count=threads.count,
            has_next=threads.page.has_next(),
            replying_to=threads.replying_to,
        )

    plain_number = number is None or (
        len(number) < 10
        and number.isascii()
        and number.isdigit()
        and number == str(int(number))
    )
    kept = (
        request.method != "POST"
        and not reply_to
        and plain_number
        and article.is_published
    )
    if not kept:
        return rendered()
    name = ":".join(
        [
            "comment-threads",
            str(article.pk),
            order,
            number or "1",
            "open" if comments_open else "closed",
            get_language() or "",
            release(),
        ]
    )
    return generation_cached(name, rendered, page=article.get_absolute_url())


def shown_comments(pks: list[int]) -> dict[int, ShownComment]:
    """Load the comments with these keys, formatted for the article page."""
    zone = timezone.get_current_timezone()
    # Translated once per page, not once per comment.
    months: dict[int, str] = {}
    reply_label = _("to %(name)s")
    report_label = _("the comment by %(name)s")
    # One reverse() per page, not per comment.
    report_url = reverse("comments:report", args=(0,)).replace("/0/", "/{}/")
    replies_label = _("Replies to %(name)s")
    comments = {}
    for pk, name, body, created_at in (
        Comment.objects.filter(pk__in=pks)
        .order_by()
        .values_list("pk", "name", "body", "created_at")
    ):
        posted = created_at.astimezone(zone)
        month = months.get(posted.month)
        if month is None:
            month = months[posted.month] = MONTHS_3[posted.month].title()
        escaped = {"name": html.escape(name)}
        comments[pk] = ShownComment(
            pk=pk,
            name=name,
            # Whole seconds: HTML allows three decimals at most, and the six of
            # the date filter's "c" made the page invalid.
            posted_iso=posted.isoformat(timespec="seconds"),
            # What the date filter makes of "j M Y, H:i".
            posted=(
                f"{posted.day} {month} {posted.year:04d}, "
                f"{posted.hour:02d}:{posted.minute:02d}"
            ),
            body=paragraphs(body),
            reply_label=mark_safe(reply_label % escaped),
            report_url=report_url.format(pk),
            report_label=mark_safe(report_label % escaped),
            replies_label=mark_safe(replies_label % escaped),
        )
    return comments


def paragraphs(text: str) -> str:
    """Return text as escaped HTML paragraphs, as the linebreaks filter does.

    Django's own function goes through lazy-text wrappers that cost more than
    the work itself, once per comment.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return mark_safe(
        "\n\n".join(
            "<p>{}</p>".format(html.escape(paragraph).replace("\n", "<br>"))
            for paragraph in PARAGRAPH_BREAK.split(text)
        )
    )


def comment_section(request: HttpRequest, article: Article) -> PageContext:
    """Handle the comment form on the article page (GET shows it, POST sends it)."""
    policy = CommentPolicy.load()
    status = 200
    headers: dict[str, str] = {}
    replying_to = None
    reply_to = request.GET.get("reply_to", "") if request.method != "POST" else ""
    order = NEWEST_FIRST if request.GET.get("corder") == NEWEST_FIRST else OLDEST_FIRST
    comments_open = policy.comments_open(article)
    try:
        threads = shown_threads(
            request,
            article,
            comments_open=comments_open,
            reply_to=reply_to,
            order=order,
        )
    except InvalidPage:
        raise Http404(_("There is no such page of comments.")) from None
    if request.method == "POST":
        form = CommentForm(request.POST, article=article, policy=policy)
        if form.is_valid():
            limited = None
            if not Comment.objects.filter(submission_key=form.submission_key).exists():
                limited = comment_rate_limited(
                    request, email=form.cleaned_data["email"]
                )
            if limited is not None:
                form.add_error(
                    None,
                    _(
                        "You have sent several comments in a short time. Please "
                        "wait a few minutes and send this one again: your text is "
                        "kept below."
                    ),
                )
                status = 429
                headers["Retry-After"] = str(limited.retry_after)
            else:
                try:
                    comment = comment_submit(form=form, request=request, policy=policy)
                except FormAlreadyUsed:
                    form.renew_token()
                    form.add_error(
                        None,
                        _(
                            "This form was already used to send a comment. Please "
                            "send yours again."
                        ),
                    )
                    status = 400
                else:
                    return PageContext(
                        context={}, redirect=_submitted(request, comment)
                    )
        else:
            status = 400
        replying_to = form.cleaned_data.get("parent")
    else:
        # No form on the page itself: its tokens are the reader's own, so it is
        # fetched from the form page when they start writing (see
        # views.comment_form_page), and the article page stays the same for everyone.
        form = None
        if reply_to:
            replying_to = threads.replying_to
    return PageContext(
        context={
            "comment_list": mark_safe(threads.html),
            "comment_count": threads.count,
            "comments_have_more": threads.has_next,
            "comment_form": form,
            "comments_open": comments_open,
            "comments_closed_message": policy.closed_for_the_night(article),
            # A comment sent as the night's closing began: its text stays in
            # the form, with the message, for the reader to send later.
            "comment_form_kept": form is not None and bool(form.errors),
            "comments_close_at": policy.closes_at(article),
            "comments_post_moderated": policy.post_moderation,
            # Loaded once: the page's chrome reads them too.
            "site_settings": policy.settings,
            "replying_to": replying_to,
            "comment_form_url": comment_form_url(
                article, reply_to=replying_to.pk if replying_to else None
            ),
        },
        status=status,
        headers=headers,
    )


def comment_form_url(article: Article, *, reply_to: int | None = None) -> str:
    """Return the URL of the article's comment form page."""
    url = f"{article.get_absolute_url()}comment/"
    return f"{url}?reply_to={reply_to}" if reply_to else url


def _submitted(request: HttpRequest, comment: Comment) -> HttpResponse:
    article_url = comment.article.get_absolute_url()
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Thank you. Your comment is published."))
        return redirect(f"{article_url}#comment-{comment.pk}")
    # Spam hears the same as everyone else, so robots learn nothing.
    messages.success(
        request,
        _(
            "Thank you. Your comment is awaiting moderation and will appear once a "
            "moderator has approved it."
        ),
    )
    # The notice is shown at the top of the page, so land there to read it.
    return redirect(f"{article_url}#content")


def comment_kept(request: HttpRequest) -> HttpResponse:
    """Answer a comment's POST that hit a database outage with a page keeping it.

    Called while the error is being handled (articles.sections): the page needs
    no database (no site settings, no menu), so it renders while the database
    is away; the reader sends the comment again from it (503).
    """
    logger.exception("Database unavailable while a comment was posted")
    response = render(
        request,
        "comments/unavailable.html",
        {
            "action": request.path,
            "data": {
                name: request.POST.get(name, "")
                for name in ("name", "email", "body", "parent", "form_token")
            },
            "notify": bool(request.POST.get("notify")),
        },
        status=503,
    )
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response


COMMENTS = ArticleSection(
    name="comments",
    context=comment_section,
    database_unavailable=comment_kept,
)
