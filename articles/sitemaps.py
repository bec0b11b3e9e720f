from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Section
from newsroom.sitemaps import SiteSitemap


class ArticleSitemap(SiteSitemap):
    """Every published article, oldest first so earlier pages stay stable.

    A page holds up to 50,000 articles, so items are plain rows rather than
    model instances, and URLs are formatted rather than reversed one by one
    (each of those costs about as much as the whole row).
    """

    def items(self):
        return (
            Article.objects.published()
            .order_by("published_at", "id")
            .values_list("slug", "published_at", "content_updated_at", named=True)
        )

    @cached_property
    def url_prefix(self) -> str:
        """Return what comes before <yyyy>/<mm>/<dd>/<slug>/ in article URLs."""
        sample = "2000/01/02/slug/"
        url = reverse(
            "articles:detail",
            kwargs={"year": 2000, "month": "01", "day": "02", "slug": "slug"},
        )
        if not url.endswith(sample):
            raise ImproperlyConfigured(
                "Article URLs changed shape: update the sitemap."
            )
        return url.removesuffix(sample)

    def location(self, row):
        # The same as Article.get_absolute_url(): the local publication date.
        local = row.published_at.astimezone(self.timezone)
        return f"{self.url_prefix}{local:%Y/%m/%d}/{row.slug}/"

    def lastmod(self, row):
        # As seo.article_modified_at(): content changes after publication count.
        if row.content_updated_at and row.content_updated_at > row.published_at:
            return row.content_updated_at
        return row.published_at

    @cached_property
    def totals(self) -> dict:
        """Count the articles and find the latest change, in one query."""
        # PostgreSQL's GREATEST skips NULLs: an unchanged article counts once.
        return Article.objects.published().aggregate(
            count=Count("pk"),
            latest=Max(Greatest("published_at", "content_updated_at")),
        )

    @cached_property
    def paginator(self) -> Paginator:
        paginator = Paginator(self.items(), self.limit)
        paginator.count = self.totals["count"]
        return paginator

    def get_latest_lastmod(self):
        return self.totals["latest"]


class SectionSitemap(SiteSitemap):
    """Sections with published articles, their own or a sub-section's."""

    def items(self):
        articles = Article.objects.published().filter(
            Q(section=OuterRef("pk")) | Q(section__parent=OuterRef("pk"))
        )
        return Section.objects.filter(Exists(articles)).only("slug").order_by("pk")


class TagSitemap(SiteSitemap):
    """Tags with at least one published article."""

    def items(self):
        articles = Article.objects.published().filter(tags=OuterRef("pk"))
        return Tag.objects.filter(Exists(articles)).only("slug").order_by("pk")

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})
