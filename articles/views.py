from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import (
    DayArchiveView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)
from taggit.models import Tag

from articles.models import Article, PreviousSlug, Section
from comments.forms import CommentForm
from comments.models import Comment
from comments.services import comment_submit

LIST_PAGE_SIZE = 20


class PublishedArticlesMixin:
    """Shared by every article list: published only, pre-joined, paginated."""

    model = Article
    date_field = "published_at"
    paginate_by = LIST_PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing()


class YearArchive(PublishedArticlesMixin, YearArchiveView):
    make_object_list = True
    template_name = "articles/archive.html"


class MonthArchive(PublishedArticlesMixin, MonthArchiveView):
    month_format = "%m"
    template_name = "articles/archive.html"


class DayArchive(PublishedArticlesMixin, DayArchiveView):
    month_format = "%m"
    template_name = "articles/archive.html"


class SectionArticles(PublishedArticlesMixin, ListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(
            Section.objects.select_related("parent"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().in_section(self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section,
            subsections=self.section.children.all(),
            **kwargs,
        )


class TagArticles(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


@require_http_methods(["GET", "HEAD", "POST"])
def article_detail(
    request: HttpRequest, year: int, month: int, day: int, slug: str
) -> HttpResponse:
    article = Article.objects.published().for_detail().filter(slug=slug).first()
    if article is None:
        previous = get_object_or_404(
            PreviousSlug.objects.filter(
                article__in=Article.objects.published()
            ).select_related("article"),
            slug=slug,
        )
        return redirect(previous.article, permanent=True)
    if request.path != article.get_absolute_url():
        return redirect(article, permanent=True)

    form = CommentForm(article=article)
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST, article=article)
        if form.is_valid():
            comment_submit(form=form, request=request)
            messages.success(
                request,
                _(
                    "Thank you. Your comment is awaiting moderation and will "
                    "appear once a moderator has approved it."
                ),
            )
            return redirect(f"{article.get_absolute_url()}#comments")
        status = 400
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "comment_threads": comment_threads(article),
            "comment_form": form,
        },
        status=status,
    )


def comment_threads(article: Article) -> list[tuple[Comment, list[Comment]]]:
    """Return approved comments oldest first, each with its approved replies."""
    comments = list(Comment.objects.visible().filter(article=article))
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [
        (comment, replies.get(comment.pk, []))
        for comment in comments
        if comment.parent_id is None
    ]
