"""Every length limit of the comment form is a message on the form, never a 500,
and the reader's text comes back to be shortened."""

import pytest
from django.test import Client

from comments.models import Comment
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import comment_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(published=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Marta " * 14, "at most 80 characters"),
        ("email", "m" * 250 + "@example.org", "at most 254 characters"),
        ("body", "Lovely beach. " * 400, "at most"),
    ],
)
def test_a_field_over_its_limit_is_refused_with_the_text_kept(
    article, settings, field, value, message
):
    settings.NEWSROOM_COMMENT_MAX_LENGTH = 3000

    response = Client().post(
        article.get_absolute_url(), comment_form_data(article, **{field: value})
    )

    assert response.status_code == 400
    assert message in response.text
    assert value.strip() in response.text
    assert Comment.objects.exists() is False
