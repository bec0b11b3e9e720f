from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import (
    DayArchiveView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from articles import live_views
from articles.models import Article, PreviousSlug, Section, published_tags
from comments.views import comment_section, keep_comment_when_database_fails
from images import body as body_media
from images import embeds
from newsroom import seo
from newsroom.pagination import LongListPaginator

LIST_PAGE_SIZE = 20


class PublishedArticlesMixin:
    """Shared by every article list: published only, pre-joined, paginated."""

    model = Article
    date_field = "published_at"
    paginate_by = LIST_PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_paginator(self, queryset, per_page, **kwargs):
        return LongListPaginator(
            queryset, per_page, count_key=self.request.path, **kwargs
        )

    # Date archives list neither the months or days within nor the neighbouring
    # periods, so the queries Django's date views make for them are skipped
    # (an empty period is still a 404: get_dated_queryset() checks first).
    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        return []

    def get_next_year(self, date):
        return None

    get_previous_year = get_next_month = get_previous_month = get_next_year
    get_next_day = get_previous_day = get_next_year

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        context["meta"] = self.get_page_meta(context, page.number if page else 1)
        return context

    def get_page_meta(self, context, page_number: int) -> seo.PageMeta:
        raise NotImplementedError


class YearArchive(PublishedArticlesMixin, YearArchiveView):
    make_object_list = True
    template_name = "articles/archive.html"

    def get_page_meta(self, context, page_number):
        return seo.archive_meta(context["year"], "year", page_number)


class MonthArchive(PublishedArticlesMixin, MonthArchiveView):
    month_format = "%m"
    template_name = "articles/archive.html"

    def get_page_meta(self, context, page_number):
        return seo.archive_meta(context["month"], "month", page_number)


class DayArchive(PublishedArticlesMixin, DayArchiveView):
    month_format = "%m"
    template_name = "articles/archive.html"

    def get_page_meta(self, context, page_number):
        return seo.archive_meta(context["day"], "day", page_number)


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

    def get_page_meta(self, context, page_number):
        return seo.section_meta(self.section, page_number)


class TagArticles(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(published_tags(), slug=self.kwargs["slug"])
        return super().get_queryset().tagged(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def get_page_meta(self, context, page_number):
        return seo.tag_meta(self.tag, page_number)


@keep_comment_when_database_fails
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
        return moved_permanently(request, previous.article)
    if request.path != article.get_absolute_url():
        return moved_permanently(request, article)

    live_coverage = None
    if article.is_live_coverage:
        if "entry" in request.GET:
            return live_views.entry_redirect(request, article)
        live_coverage = live_views.page_context(request, article)

    # The comments (threads, form, and the form's POST) belong to the comments app.
    comments = comment_section(request, article)
    if comments.redirect is not None:
        return comments.redirect
    body = body_media.render(article.body)
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "body": body,
            **comments.context,
            "meta": seo.article_meta(article, live_coverage),
            "live": live_coverage,
        },
        status=comments.status,
    )
    embeds.allow_frames(response, body.frame_hosts)
    return comments.finish(response)


def moved_permanently(request: HttpRequest, article: Article) -> HttpResponse:
    """Redirect to the article's current URL; a POST (a comment) stays a POST."""
    response = redirect(article, permanent=True)
    if request.method == "POST":
        response.status_code = 308
    return response
