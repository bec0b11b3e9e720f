from datetime import UTC, datetime

import feedparser
import pytest

from articles.models import Article
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def test_author_feed_lists_published_articles_with_the_author_in_the_byline(client):
    laura = AuthorFactory(name="Laura Sánchez", slug="laura-sanchez")
    published_at = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
    ArticleFactory(
        headline="Co-written",
        status=Article.Status.PUBLISHED,
        published_at=published_at,
        authors=[AuthorFactory(), laura],
    )
    ArticleFactory(headline="Draft by Laura", draft=True, authors=[laura])
    ArticleFactory(headline="Someone else's", published=True)

    response = client.get("/author/laura-sanchez/feed/")
    parsed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert parsed.bozo is False
    assert parsed.feed.title.endswith(": Laura Sánchez")
    assert parsed.feed.link == f"{SITE}/author/laura-sanchez/"
    assert [entry.title for entry in parsed.entries] == ["Co-written"]
    assert "Laura Sánchez" in [author.name for author in parsed.entries[0].authors]
