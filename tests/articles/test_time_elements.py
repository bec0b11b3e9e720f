"""Machine-readable times on reader pages are valid HTML."""

import re
from datetime import UTC, datetime

import pytest

from articles.models import Correction
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

# HTML's global date and time: at most three digits of a fraction of a second.
VALID_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})"
)


def test_every_time_element_on_reader_pages_is_valid(client):
    published_at = datetime(2026, 3, 4, 9, 15, 42, 987654, tzinfo=UTC)
    article = ArticleFactory(
        published=True, published_at=published_at, headline="Harbour works begin"
    )
    Correction.objects.create(article=article, text="The mayor's name was misspelt.")
    CommentFactory(article=article)

    pages = (
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        "/search/?q=harbour",
    )
    for url in pages:
        html = client.get(url).text
        values = re.findall(r'<time datetime="([^"]*)"', html)
        assert values, url
        for value in values:
            assert VALID_DATETIME.fullmatch(value), (url, value)
