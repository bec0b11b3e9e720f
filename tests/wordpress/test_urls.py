"""Old WordPress addresses of imported content answer with a 301."""

import pytest
from django.db import transaction
from django.urls import reverse

from articles.models import Article, Section
from tests.wordpress.conftest import run
from tests.wordpress.exports import export, post, shared_export


@pytest.fixture
def imported(tmp_path, db):
    path = export(
        tmp_path,
        post(
            101,
            title="Harbour reopens",
            slug="harbour-reopens",
            category="denia",
            tags=("%d0%bc%d0%be%d1%81%d0%ba%d0%b2%d0%b0",),
        ),
        post(102, title="Draft", slug="secret-draft", status="draft"),
        post(103, title="Unicode", slug="%e6%97%a5%e6%9c%ac"),
    )
    run(path)
    return Article.objects.get(slug="harbour-reopens")


def assert_moved(response, target: str):
    assert response.status_code == 301, response
    assert response["Location"] == target


def test_query_string_permalink(client, imported):
    assert_moved(client.get("/?p=101"), imported.get_absolute_url())


def test_query_string_of_unpublished_or_unknown_post_is_the_home_page(client, imported):
    assert client.get("/?p=102").status_code == 200
    assert client.get("/?p=99999").status_code == 200


def test_archives_permalink(client, imported):
    assert_moved(client.get("/archives/101"), imported.get_absolute_url())
    assert_moved(client.get("/archives/101/"), imported.get_absolute_url())
    assert client.get("/archives/102").status_code == 404


def test_postname_and_category_postname_permalinks(client, imported):
    assert_moved(client.get("/harbour-reopens/"), imported.get_absolute_url())
    assert_moved(client.get("/denia/harbour-reopens/"), imported.get_absolute_url())
    assert_moved(
        client.get("/news/denia/harbour-reopens/"), imported.get_absolute_url()
    )
    unicode = Article.objects.get(headline="Unicode")
    assert_moved(client.get("/%E6%97%A5%E6%9C%AC/"), unicode.get_absolute_url())


def test_date_permalink_is_the_same_address(client, imported):
    assert imported.get_absolute_url() == "/2024/02/29/harbour-reopens/"
    assert client.get(imported.get_absolute_url()).status_code == 200


def test_unknown_slugs_are_the_normal_404(client, imported):
    assert client.get("/no-such-post/").status_code == 404
    assert client.get("/secret-draft/").status_code == 404
    # The catch-all leaves adding a missing slash to the real pages alone.
    assert_moved(client.get("/search"), "/search/")


def test_category_and_tag_urls(client, imported):
    denia = Section.objects.get(slug="denia")
    assert denia.parent.slug == "news"
    assert_moved(client.get("/category/news/denia/"), denia.get_absolute_url())
    assert_moved(client.get("/category/denia/"), denia.get_absolute_url())
    assert_moved(
        client.get("/category/news/denia/feed/"),
        reverse("articles:section-feed", kwargs={"slug": "denia"}),
    )
    assert client.get("/category/nothing/").status_code == 404
    # Tags keep their WordPress slug, in any script: the same URL answers.
    assert client.get("/tag/%D0%BC%D0%BE%D1%81%D0%BA%D0%B2%D0%B0/").status_code == 200
    assert_moved(
        client.get("/?tag=москва"),
        "/tag/%D0%BC%D0%BE%D1%81%D0%BA%D0%B2%D0%B0/",
    )


def test_feed_urls(client, imported):
    assert_moved(client.get("/feed/rss2/"), reverse("articles:feed"))
    assert_moved(client.get("/feed/rdf/"), reverse("articles:feed"))
    assert_moved(client.get("/?feed=rss2"), reverse("articles:feed"))
    assert_moved(client.get("/comments/feed/"), reverse("articles:feed"))
    assert client.get("/feed/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_cached_home_page_does_not_hide_query_permalinks(client, settings, tmp_path):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    with transaction.atomic():
        run(export(tmp_path, post(7, slug="cached")))
    article = Article.objects.get()
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200  # now from the page cache
    assert_moved(client.get("/?p=7"), article.get_absolute_url())
    assert_moved(client.get("/?p=7"), article.get_absolute_url())


def test_real_export_permalinks(client, db):
    run(shared_export("small-export.xml"))
    article = Article.objects.get(slug="hello-world")
    assert_moved(client.get("/?p=1"), article.get_absolute_url())
    assert_moved(client.get("/hello-world/"), article.get_absolute_url())


@pytest.mark.parametrize(
    "path",
    [
        "/wp-content/uploads/%00.jpg",
        "/category/%00/",
        "/news/%00",
        "/%00story",
        "/?tag=%00",
        "/?p=%00",
    ],
)
def test_a_nul_in_an_old_address_is_not_found_not_an_error(client, imported, path):
    # (newsroom.middleware.NulCharacterMiddleware: a query's NUL is dropped.)
    assert client.get(path).status_code in (200, 404)
