from django.db.models import Exists, OuterRef

from articles.models import ArticleQuerySet, Byline
from authors.models import Author
from core.sitemaps import SiteSitemap


class AuthorSitemap(SiteSitemap):
    """Authors with at least one published article."""

    def items(self):
        bylines = Byline.objects.filter(
            ArticleQuerySet.published_q("article__"), author=OuterRef("pk")
        )
        return Author.objects.filter(Exists(bylines)).only("slug").order_by("pk")
