from collections.abc import Callable

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import (
    DayArchiveView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from articles import live_views, meta, sections
from articles.forms import SearchForm
from articles.models import (
    SEARCH_CANDIDATES,
    Article,
    ListLength,
    PreviousSlug,
    Section,
    published_tags,
    section_family_ids,
)
from articles.search import SearchTooSlow, has_search_terms, time_limit
from core.meta import PageMeta
from core.pagination import LongListPaginator
from images import body as body_media
from images import embeds
from pagecache.generations import generation_cached

LIST_PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 20


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
            queryset,
            per_page,
            count_key=self.request.path,
            length=self.list_length(),
            **kwargs,
        )

    def list_length(self) -> Callable[[], int] | None:
        """Return how to find the list's length without counting it, if kept
        (ListLength); else it is counted."""
        return None

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

    def get_page_meta(self, context, page_number: int) -> PageMeta:
        raise NotImplementedError


class YearArchive(PublishedArticlesMixin, YearArchiveView):
    make_object_list = True
    template_name = "articles/archive.html"

    def get_page_meta(self, context, page_number):
        return meta.archive_meta(context["year"], "year", page_number)


class MonthArchive(PublishedArticlesMixin, MonthArchiveView):
    month_format = "%m"
    template_name = "articles/archive.html"

    def get_page_meta(self, context, page_number):
        return meta.archive_meta(context["month"], "month", page_number)


class DayArchive(PublishedArticlesMixin, DayArchiveView):
    month_format = "%m"
    template_name = "articles/archive.html"

    def get_page_meta(self, context, page_number):
        return meta.archive_meta(context["day"], "day", page_number)


class SectionArticles(PublishedArticlesMixin, ListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(
            Section.objects.select_related("parent"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().in_section(self.section)

    def list_length(self):
        return lambda: ListLength.objects.published_count(
            ListLength.Kind.SECTION,
            section_family_ids(self.section),
            Article.objects.in_section(self.section),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section,
            subsections=self.section.children.all(),
            **kwargs,
        )

    def get_page_meta(self, context, page_number):
        return meta.section_meta(self.section, page_number)


class TagArticles(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = published_tag(self.kwargs["slug"])
        if self.tag is None:
            raise Http404
        return super().get_queryset().tagged(self.tag)

    def list_length(self):
        return lambda: ListLength.objects.published_count(
            ListLength.Kind.TAG, [self.tag.pk], Article.objects.tagged(self.tag)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def get_page_meta(self, context, page_number):
        return meta.tag_meta(self.tag, page_number)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Search published articles; bad input gets a message, never an error."""
    form = SearchForm(request.GET)
    context = {"form": form, "query": "", "page_obj": None, "results": []}
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        context["query"] = query
        if not form.has_words():
            context["notice"] = _(
                "Your search has no words in it. Try a word or two from the story "
                "you are looking for."
            )
        else:
            try:
                with time_limit():
                    # Ranked ids first (one query), then the page's articles.
                    paginator = Paginator(form.result_ids(), SEARCH_PAGE_SIZE)
                    page = paginator.page(request.GET.get("page") or 1)
                    results = form.page_of_results(page.object_list)
                    page.object_list = results
            except InvalidPage as error:
                raise Http404(str(error)) from error
            except SearchTooSlow:
                context["notice"] = _(
                    "This search matches too many stories to sort in time. Add a "
                    "word, put a phrase in “quotes”, or narrow it by section or date."
                )
            else:
                context["searched"] = True
                # Only the newest matches are ranked (ArticleQuerySet.search()).
                context["more_results"] = paginator.count >= SEARCH_CANDIDATES
                context["page_obj"] = page
                context["results"] = results
                if not paginator.count and not has_search_terms(query):
                    context["notice"] = _(
                        "Your search only has very common words, like “the” or "
                        "“and”, which are left out. Try more specific words."
                    )
    elif not form.errors and any(request.GET.get(name) for name in form.fields):
        context["notice"] = _("Type what you are looking for in the search box.")
    return render(request, "articles/search.html", context)


@sections.answer_database_failures
@require_http_methods(["GET", "HEAD", "POST"])
def article_detail(
    request: HttpRequest, year: int, month: int, day: int, slug: str
) -> HttpResponse:
    article = published_article(slug)
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

    if article.is_live_coverage and "entry" in request.GET:
        return live_views.entry_redirect(request, article)
    page = article_page_context(request, article)
    if page.redirect is not None:
        return page.redirect
    # The published article's parts other than its comments and live entries
    # are kept until the site changes (pagecache_tags); a preview keeps none.
    kept_as = None if article.is_live_coverage else f"article:{article.pk}"
    response = render(
        request,
        "articles/article_detail.html",
        page.context | {"kept_as": kept_as},
        status=page.status,
    )
    embeds.allow_frames(response, page.context["body"].frame_hosts)
    return page.finish(response)


def published_tag(slug: str):
    """Return the tag with this slug if a published article has it, kept until
    the site changes (a slug no reader can see is looked up each time)."""
    return generation_cached(
        f"published-tag:{slug}",
        lambda: published_tags().filter(slug=slug).first(),
        keep_none=False,
    )


def published_article(slug: str) -> Article | None:
    """Return the published article with this slug, with what its page reads,
    kept until the site changes (a slug nobody published is looked up each time)."""
    return generation_cached(
        f"published-article:{slug}",
        lambda: Article.objects.published().for_detail().filter(slug=slug).first(),
        keep_none=False,
    )


def article_page_context(
    request: HttpRequest, article: Article
) -> sections.PageContext:
    """Return the article page's context, for the public page and the preview.

    The article, its body and metadata, its live coverage, and the blocks other
    apps register (articles/sections.py): the comments, whose form's POST may
    answer with a redirect, or ask for a status and headers.
    """
    live_coverage = None
    if article.is_live_coverage:
        live_coverage = live_views.page_context(request, article)
    page = sections.sections_context(request, article)
    if page.redirect is not None:
        return page
    page.context = {
        "article": article,
        "body": body_media.render(article.body),
        **page.context,
        # Lazy: the page's head is kept with its other parts (article_detail.html).
        "meta": SimpleLazyObject(lambda: meta.article_meta(article, live_coverage)),
        "live": live_coverage,
    }
    return page


def moved_permanently(request: HttpRequest, article: Article) -> HttpResponse:
    """Redirect to the article's current URL; a POST (a comment) stays a POST."""
    response = redirect(article, permanent=True)
    if request.method == "POST":
        response.status_code = 308
    return response
