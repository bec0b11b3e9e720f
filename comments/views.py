"""The pages the comments app serves at URLs of its own: the comment form page
(fetched into the article page) and the report page.

The comment block of the article page itself is comments/sections.py.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from articles.models import Article
from comments.forms import CommentForm, ReportForm
from comments.limits import comment_form_rate_limited, report_rate_limited
from comments.models import Comment
from comments.policy import CommentPolicy
from comments.sections import comment_form_url, shown_comments
from comments.services import comment_report


@never_cache
@require_GET
def comment_form_page(
    request: HttpRequest, year: int, month: int, day: int, slug: str
) -> HttpResponse:
    """Show the comment form, with this reader's own tokens, for an article.

    The article page links here ("Write a comment"); its script fetches this
    page and puts the form in place, so the article page itself holds no token
    and any cache may share it. The form posts to the article page.
    """
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if request.path != comment_form_url(article):
        return redirect(comment_form_url(article), permanent=True)
    policy = CommentPolicy.load()
    context = {"article": article, "comments_open": policy.comments_open(article)}
    if not context["comments_open"]:
        return render(request, "comments/comment_form_page.html", context)
    limited = comment_form_rate_limited(request)
    if limited is not None:
        response = render(
            request,
            "comments/comment_form_page.html",
            context | {"limited": True},
            status=429,
        )
        response["Retry-After"] = str(limited.retry_after)
        return response
    form = CommentForm(article=article, policy=policy)
    replying_to = None
    reply_to = request.GET.get("reply_to", "")
    if reply_to:
        if reply_to.isascii() and reply_to.isdigit() and len(reply_to) < 19:
            replying_to = (
                Comment.objects.approved()
                .filter(pk=int(reply_to), article=article, parent__isnull=True)
                .only("pk", "name")
                .first()
            )
        if replying_to is None:
            form.reply_refused = True
        else:
            form.initial["parent"] = replying_to.pk
    return render(
        request,
        "comments/comment_form_page.html",
        context
        | {
            "comment_form": form,
            "comments_close_at": policy.closes_at(article),
            "comments_post_moderated": policy.post_moderation,
            "replying_to": replying_to,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Let a reader report a published comment: no account, rate-limited per IP."""
    comment = get_object_or_404(
        Comment.objects.visible()
        .filter(article__in=Article.objects.published())
        .select_related("article"),
        pk=pk,
    )
    article_url = comment.article.get_absolute_url()
    status = 200
    headers = {}
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            limited = report_rate_limited(request)
            if limited is not None:
                form.add_error(
                    None,
                    _(
                        "You have sent many reports in a short time. Please try "
                        "again later."
                    ),
                )
                status = 429
                headers["Retry-After"] = str(limited.retry_after)
            else:
                comment_report(
                    comment=comment,
                    reason=form.cleaned_data["reason"],
                    request=request,
                    policy=CommentPolicy.load(),
                )
                messages.success(
                    request,
                    _("Thank you. A moderator will look at the comment you reported."),
                )
                return redirect(f"{article_url}#comment-{comment.pk}")
        else:
            status = 400
    else:
        form = ReportForm()
    response = render(
        request,
        "comments/report.html",
        {
            "comment": comment,
            "shown": shown_comments([comment.pk])[comment.pk],
            "article": comment.article,
            "form": form,
        },
        status=status,
    )
    for name, value in headers.items():
        response[name] = value
    return response
