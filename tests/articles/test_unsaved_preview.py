"""A new article can be previewed before its first save, leaving nothing behind."""

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Byline
from pagecache import invalidation
from tests.articles.admin_forms import add_url, open_form
from tests.articles.factories import SectionFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_preview_unsaved")


@pytest.fixture
def reporter_client(reporter, password) -> Client:
    client = Client()
    assert client.login(username=reporter.username, password=password) is True
    return client


@pytest.fixture
def typed(reporter_client, reporter) -> dict:
    section = SectionFactory(name="Costa Blanca")
    AuthorFactory(name="Hannah Clarke", user=reporter)
    second = AuthorFactory(name="Pedro Gil")
    fields = open_form(reporter_client, add_url())
    return fields | {
        "headline": "Ferry strike called off",
        "slug": "ferry-strike-called-off",
        "standfirst": "Sailings resume on Monday.",
        "body": "<p>The strike is <strong>off</strong>.</p><script>x()</script>",
        "section": str(section.pk),
        "tags": "Denia, ferries",
        "bylines-TOTAL_FORMS": "2",
        "bylines-0-position": "1",
        "bylines-1-author": str(second.pk),
        "bylines-1-position": "0",
    }


def test_preview_before_the_first_save_shows_the_page_and_keeps_nothing(
    reporter_client, typed
):
    tags = Tag.objects.count()
    invalidation._pending.__dict__.pop("changes", None)

    response = reporter_client.post(URL, typed)

    assert response.status_code == 200
    page = response.text
    assert "Ferry strike called off" in page
    assert "<strong>off</strong>" in page
    assert "x()" not in page
    assert page.index("Pedro Gil") < page.index("Hannah Clarke")
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-cache" in response["Cache-Control"]
    assert Article.objects.count() == 0
    assert Byline.objects.count() == 0
    assert Tag.objects.count() == tags
    assert getattr(invalidation._pending, "changes", None) is None


def test_preview_says_what_is_missing(reporter_client, typed):
    response = reporter_client.post(
        URL, typed | {"section": "", "bylines-0-author": "", "bylines-1-author": ""}
    )

    assert response.status_code == 400
    assert "Section" in response.text
    assert "choose at least one author" in response.text
    assert Article.objects.count() == 0


def test_preview_button_is_on_the_new_article_form(reporter_client):
    page = reporter_client.get(add_url()).text

    assert f'formaction="{URL}"' in page
    assert 'formtarget="_blank"' in page


def test_only_writers_preview_and_only_by_post(
    moderator, password, reporter_client, typed
):
    client = Client()
    assert client.login(username=moderator.username, password=password) is True

    assert client.post(URL, typed).status_code == 403
    assert reporter_client.get(URL).status_code == 405
    assert Article.objects.count() == 0
