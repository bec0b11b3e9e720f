from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Greatest
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from articles.models import Article, Section
from core.sitemaps import SiteSitemap
from pagecache.generations import generation_cached


class ArticleSitemap(SiteSitemap):
    """Every published article, oldest first so earlier pages stay stable.

    Items are plain rows rather than model instances, and URLs are formatted
    rather than reversed one by one (each of those costs about as much as the
    whole row).
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
        # As meta.article_modified_at(): content changes after publication count.
        if row.content_updated_at and row.content_updated_at > row.published_at:
            return row.content_updated_at
        return row.published_at

    @cached_property
    def totals(self) -> dict:
        """Return the article count and the latest change (once per generation)."""
        return generation_cached("sitemap-articles-totals", self._totals)

    def _totals(self) -> dict:
        """Count the articles and find the latest change, in one query."""
        published = Article.objects.published().order_by()
        # Each part reads an index: the count and the latest publication the
        # publication-time index (index-only), the latest correction or update
        # the content-change index, newest first.
        latest_change = (
            published.filter(content_updated_at__isnull=False)
            .order_by("-content_updated_at")
            .values("content_updated_at")[:1]
        )
        # PostgreSQL's GREATEST skips NULLs: no change since publication is none.
        return published.aggregate(
            count=Count("pk"),
            latest=Greatest(Max("published_at"), Subquery(latest_change)),
        )

    def item_count(self) -> int:
        return self.totals["count"]

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
        # One tagged published article is enough: looked for tag by tag through
        # the (tag, object) index, newest first, rather than by joining every
        # tag link of the archive.
        one_published = (
            TaggedItem.objects.filter(
                tag=OuterRef("pk"),
                content_type=ContentType.objects.get_for_model(Article),
            )
            .filter(
                Exists(Article.objects.published().filter(pk=OuterRef("object_id")))
            )
            .order_by("-object_id")
            .values("pk")[:1]
        )
        return (
            Tag.objects.annotate(tagged_item=Subquery(one_published))
            .filter(tagged_item__isnull=False)
            .only("slug")
            .order_by("pk")
        )

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})
