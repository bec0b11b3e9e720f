"""Fixtures shared by the feed, sitemap and metadata tests."""

from datetime import UTC, datetime

import pytest

from articles.models import Article
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory

PUBLISHED_AT = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def spain():
    return SectionFactory(name="Spain", slug="spain")


@pytest.fixture
def costa_blanca(spain):
    return SectionFactory(name="Costa Blanca North", slug="costa-blanca", parent=spain)


@pytest.fixture
def laura():
    return AuthorFactory(name="Laura Sánchez", slug="laura-sanchez")


@pytest.fixture
def published(costa_blanca, laura):
    """Return a factory of published articles that every feed and sitemap lists."""

    def make(count=1, **kwargs):
        defaults = {
            "status": Article.Status.PUBLISHED,
            "published_at": PUBLISHED_AT,
            "section": costa_blanca,
            "authors": [laura],
            "tags": ["Beaches"],
        }
        return ArticleFactory.create_batch(count, **(defaults | kwargs))

    return make
