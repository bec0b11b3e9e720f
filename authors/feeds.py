from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from articles.feeds import ArticleFeed, FeedSource
from articles.models import Article
from authors.meta import stories_by
from authors.models import Author
from core.meta import absolute_url
from newsroom.models import SiteSettings


class AuthorFeed(ArticleFeed):
    """The latest published articles with the author in the byline, as RSS 2.0."""

    def get_object(self, request: HttpRequest, slug: str) -> FeedSource:
        author = get_object_or_404(Author, slug=slug)
        site = SiteSettings.load()
        return FeedSource(
            site=site,
            title=f"{site.site_name}: {author.name}",
            description=stories_by(author),
            link=absolute_url(author.get_absolute_url()),
            url=absolute_url(request.path),
            articles=Article.objects.published().by_author(author),
        )
