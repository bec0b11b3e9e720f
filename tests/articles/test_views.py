from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.services import article_save
from newsroom.models import SiteSettings
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 18, 10, 0, tzinfo=UTC)
PUBLISHED_AT = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def author():
    return AuthorFactory(name="Laura Sánchez", slug="laura-sanchez")


@pytest.fixture
def spain():
    return SectionFactory(name="Spain", slug="spain")


@pytest.fixture
def costa_blanca(spain):
    return SectionFactory(name="Costa Blanca North", slug="costa-blanca", parent=spain)


@pytest.fixture
def listed(costa_blanca, author):
    """Return a factory of published articles that every list page shows."""

    def make(count=1, **kwargs):
        defaults = {
            "status": Article.Status.PUBLISHED,
            "published_at": PUBLISHED_AT,
            "section": costa_blanca,
            "authors": [author],
            "tags": ["Tourism"],
        }
        return ArticleFactory.create_batch(count, **(defaults | kwargs))

    return make


LIST_URLS = {
    "home": "/",
    "parent section": "/section/spain/",
    "section": "/section/costa-blanca/",
    "tag": "/tag/tourism/",
    "author": "/author/laura-sanchez/",
    "year archive": "/2025/",
    "month archive": "/2025/06/",
    "day archive": "/2025/06/10/",
}
PAGINATED_URLS = {name: url for name, url in LIST_URLS.items() if name != "home"}


def test_list_urls_match_the_url_names(spain, costa_blanca, author):
    # The literal URLs above are the public contract; check they are the named ones.
    assert reverse("home") == LIST_URLS["home"]
    assert spain.get_absolute_url() == LIST_URLS["parent section"]
    assert costa_blanca.get_absolute_url() == LIST_URLS["section"]
    assert reverse("articles:tag", kwargs={"slug": "tourism"}) == LIST_URLS["tag"]
    assert author.get_absolute_url() == LIST_URLS["author"]


@pytest.mark.parametrize("url", LIST_URLS.values(), ids=LIST_URLS.keys())
def test_list_pages_show_only_published_articles(client, listed, url):
    (published,) = listed(headline="Published headline")
    listed(headline="Draft headline", status=Article.Status.DRAFT)
    listed(headline="In review headline", status=Article.Status.IN_REVIEW)
    listed(headline="Scheduled headline", published_at=NOW + timedelta(minutes=1))

    response = client.get(url)

    assert response.status_code == 200
    assert "Published headline" in response.text
    assert published.get_absolute_url() in response.text
    assert "Draft headline" not in response.text
    assert "In review headline" not in response.text
    assert "Scheduled headline" not in response.text


@pytest.mark.parametrize("url", PAGINATED_URLS.values(), ids=PAGINATED_URLS.keys())
def test_list_pages_paginate_twenty_articles_per_page(client, listed, url):
    articles = listed(21)
    oldest = min(articles, key=lambda article: article.pk)

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert first.status_code == 200
    assert len(first.context["articles"]) == 20
    assert oldest.get_absolute_url() not in first.text
    assert 'href="?page=2"' in first.text
    assert second.status_code == 200
    assert list(second.context["articles"]) == [oldest]
    assert oldest.get_absolute_url() in second.text


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5"])
@pytest.mark.parametrize("url", PAGINATED_URLS.values(), ids=PAGINATED_URLS.keys())
def test_list_pages_answer_404_for_a_page_that_does_not_exist(
    client, listed, url, page
):
    listed(21)

    response = client.get(url, {"page": page})

    assert response.status_code == 404


def test_home_leads_with_the_newest_article_that_has_an_image(client):
    with_image = ArticleFactory(
        published=True, with_lead_image=True, published_at=NOW - timedelta(hours=2)
    )
    newest = ArticleFactory(published=True, published_at=NOW - timedelta(hours=1))
    ArticleFactory(scheduled=True, with_lead_image=True)

    response = client.get("/")

    assert response.context["lead"] == with_image
    assert response.context["top_stories"] == [newest]
    stem = with_image.lead_image.file.name.rsplit(".", 1)[0]
    assert f'src="/media/renditions/{stem}/' in response.text


def test_home_shows_the_lead_top_stories_and_latest_articles(client, listed):
    articles = listed(22)

    response = client.get("/")

    assert response.context["lead"] == articles[-1]
    assert response.context["top_stories"] == articles[-2:-6:-1]
    assert response.context["latest"] == articles[-6:-14:-1]
    # The rest fill the section block, newest first, four at most.
    (block,) = response.context["section_blocks"]
    assert block.articles == articles[-14:-18:-1]
    assert articles[0].get_absolute_url() not in response.text


def test_home_without_articles_says_so(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.context["lead"] is None
    assert "No stories have been published yet." in response.text


def test_section_page_lists_regional_sub_section_articles(client, spain, costa_blanca):
    national = ArticleFactory(published=True, section=spain, headline="National")
    regional = ArticleFactory(published=True, section=costa_blanca, headline="Local")
    ArticleFactory(published=True, headline="Elsewhere")

    parent_page = client.get(spain.get_absolute_url())
    child_page = client.get(costa_blanca.get_absolute_url())

    assert list(parent_page.context["articles"]) == [regional, national]
    assert list(child_page.context["articles"]) == [regional]
    assert costa_blanca.get_absolute_url() in parent_page.text


def test_empty_section_page_says_there_are_no_stories_yet(client, spain):
    response = client.get(spain.get_absolute_url())

    assert response.status_code == 200
    assert "No stories here yet." in response.text


@pytest.mark.parametrize(
    "url", ["/section/nowhere/", "/tag/nothing/", "/author/nobody/"]
)
def test_list_pages_of_unknown_slugs_answer_404(client, url):
    assert client.get(url).status_code == 404


def test_archives_without_published_articles_answer_404(client, listed):
    listed(status=Article.Status.DRAFT, published_at=datetime(2024, 5, 1, tzinfo=UTC))
    listed(published_at=NOW + timedelta(days=2))
    scheduled_day = NOW + timedelta(days=2)

    for url in [
        "/2024/",
        "/2024/05/",
        "/2024/05/01/",
        f"/{scheduled_day:%Y}/{scheduled_day:%m}/{scheduled_day:%d}/",
        "/2031/",
    ]:
        assert client.get(url).status_code == 404, url


def test_archives_use_the_newsroom_time_zone_like_article_urls(client, listed):
    # 23:30 UTC on New Year's Eve is already 1 January in Madrid.
    (article,) = listed(published_at=datetime(2024, 12, 31, 23, 30, tzinfo=UTC))

    assert article.get_absolute_url().startswith("/2025/01/01/")
    assert list(client.get("/2025/01/01/").context["articles"]) == [article]
    assert client.get("/2024/12/31/").status_code == 404


def test_article_page_shows_a_published_article(client, listed, author):
    (article,) = listed(
        headline="Benidorm beaches get blue flags",
        standfirst="Twelve beaches on the list.",
        body="<p>The <strong>full</strong> story.</p>",
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert article.get_absolute_url() == "/2025/06/10/" + article.slug + "/"
    assert response.context["article"] == article
    assert "Benidorm beaches get blue flags" in response.text
    assert "Twelve beaches on the list." in response.text
    assert "<p>The <strong>full</strong> story.</p>" in response.text
    assert author.get_absolute_url() in response.text
    assert reverse("articles:tag", kwargs={"slug": "tourism"}) in response.text


@pytest.mark.parametrize("trait", ["draft", "in_review", "scheduled"])
def test_unpublished_article_urls_answer_404(client, trait):
    article = ArticleFactory(**{trait: True})

    assert client.get(article.get_absolute_url()).status_code == 404


def test_unpublished_article_with_an_old_publication_time_answers_404(client, listed):
    (article,) = listed()
    url = article.get_absolute_url()
    article.status = Article.Status.DRAFT
    article_save(article=article, user=None)

    assert client.get(url).status_code == 404


def test_unknown_article_slug_answers_404(client):
    assert client.get("/2025/06/10/no-such-story/").status_code == 404


def test_changed_slug_redirects_old_url_permanently(client, listed):
    (article,) = listed(slug="old-slug")
    old_url = article.get_absolute_url()

    article.slug = "new-slug"
    article_save(article=article, user=None)
    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == "/2025/06/10/new-slug/"
    assert client.get(response["Location"]).status_code == 200


def test_slug_changed_twice_redirects_every_old_url_to_the_current_one(client, listed):
    (article,) = listed(slug="first")
    for slug in ["second", "third"]:
        article.slug = slug
        article_save(article=article, user=None)

    for old in ["first", "second"]:
        response = client.get(f"/2025/06/10/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/2025/06/10/third/"


def test_changing_the_slug_back_serves_the_article_again(client, listed):
    (article,) = listed(slug="original")
    article.slug = "renamed"
    article_save(article=article, user=None)
    article.slug = "original"
    article_save(article=article, user=None)

    assert client.get("/2025/06/10/original/").status_code == 200
    renamed = client.get("/2025/06/10/renamed/")
    assert renamed.status_code == 301
    assert renamed["Location"] == "/2025/06/10/original/"


def test_old_slug_of_an_unpublished_article_answers_404(client, listed):
    (article,) = listed(slug="old-slug")
    article.slug = "new-slug"
    article_save(article=article, user=None)
    article.status = Article.Status.DRAFT
    article_save(article=article, user=None)

    assert client.get("/2025/06/10/old-slug/").status_code == 404


def test_changed_date_redirects_old_date_url_permanently(client, listed):
    (article,) = listed(slug="story")

    article.published_at = datetime(2025, 6, 12, 8, 0, tzinfo=UTC)
    article_save(article=article, user=None)
    response = client.get("/2025/06/10/story/")

    assert response.status_code == 301
    assert response["Location"] == "/2025/06/12/story/"
    assert client.get("/2025/06/12/story/").status_code == 200


def test_article_url_without_leading_zeros_redirects_to_the_canonical_one(
    client, listed
):
    (article,) = listed(slug="story")

    response = client.get("/2025/6/10/story/")

    assert response.status_code == 301
    assert response["Location"] == "/2025/06/10/story/"


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", LIST_URLS.values(), ids=LIST_URLS.keys())
def test_list_page_query_count_does_not_grow_with_the_number_of_articles(
    client, listed, author, url, django_assert_max_num_queries
):
    SiteSettings.load()
    for _ in range(5):
        listed(authors=[author, *AuthorFactory.create_batch(2)])
    baseline = _query_count(client, url)

    for _ in range(20):
        listed(authors=[author, *AuthorFactory.create_batch(2)])

    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    if url == "/":
        assert len(response.context["latest"]) == 8
    else:
        assert len(response.context["articles"]) >= 19


def test_article_page_query_count_does_not_grow_with_comments_authors_or_tags(
    client, costa_blanca, django_assert_max_num_queries
):
    SiteSettings.load()
    small = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
        section=costa_blanca,
        tags=["Tourism"],
    )
    parent = CommentFactory(article=small, approved=True)
    CommentFactory(parent=parent, approved=True)
    # A third story, so the baseline article has related stories as well.
    ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=PUBLISHED_AT, section=costa_blanca
    )
    baseline = _query_count(client, small.get_absolute_url())

    large = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
        section=costa_blanca,
        authors=AuthorFactory.create_batch(4),
        tags=["Tourism", "Beaches", "Weather", "Traffic"],
    )
    for parent in CommentFactory.create_batch(10, article=large, approved=True):
        CommentFactory.create_batch(3, parent=parent, approved=True)

    with django_assert_max_num_queries(baseline):
        response = client.get(large.get_absolute_url())
    assert len(response.context["comment_threads"]) == 10


def test_comment_posted_to_an_old_url_is_redirected_as_a_post(client):
    article = ArticleFactory(published=True, slug="old-slug")
    old_url = article.get_absolute_url()
    article.slug = "new-slug"
    article_save(article=article, user=None)

    response = client.post(old_url, {"name": "Ana", "body": "Hello"})

    assert response.status_code == 308
    assert response["Location"] == article.get_absolute_url()
