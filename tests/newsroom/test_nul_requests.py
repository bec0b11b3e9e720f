"""A NUL in an address never reaches the database (PostgreSQL text can't hold it)."""

import pytest
from django.urls import reverse

from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/%00", "/section/%00/", "/tag/%00/", "/wp-content/uploads/%00.jpg"]
)
def test_a_path_with_a_nul_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_nul_in_a_query_is_dropped_before_any_filter_sees_it(admin_client):
    ArticleFactory(published=True, headline="Ferry strike called off")
    changelist = reverse("admin:comments_comment_changelist")

    for query in ("commenter=%00", "commenter=ana%00@example.org", "article=%00"):
        assert admin_client.get(f"{changelist}?{query}").status_code == 200
    home = admin_client.get("/?tag=%00&p=%00")
    assert home.status_code in (200, 301)
