"""Listing and article pages for readers: pagination, related stories, reading
time, share links, and query counts that stay fixed as the lists grow."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from articles.models import Article
from articles.templatetags.articles_tags import share_links
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


@pytest.fixture(autouse=True)
def site_settings(db):
    return SiteSettings.load()


@pytest.fixture
def spain():
    return SectionFactory(name="Spain", slug="spain")


@pytest.fixture
def region(spain):
    return SectionFactory(name="Costa Blanca North", slug="north", parent=spain)


@pytest.fixture
def author():
    return AuthorFactory(slug="laura")


def published(minutes=0, **kwargs) -> Article:
    defaults = {
        "status": Article.Status.PUBLISHED,
        "published_at": PUBLISHED_AT + timedelta(minutes=minutes),
    }
    return ArticleFactory(**(defaults | kwargs))


# Related stories ----------------------------------------------------------------


def related(client, article) -> list[Article]:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    if 'id="related-heading"' not in text:
        return []
    block = text[text.index('id="related-heading"') : text.index("</aside>")]
    candidates = Article.objects.exclude(pk=article.pk)
    found = [
        (block.index(a.get_absolute_url()), a)
        for a in candidates
        if a.get_absolute_url() in block
    ]
    return [a for _position, a in sorted(found, key=lambda pair: pair[0])]


def test_related_stories_share_most_tags_first_then_the_section(client, spain, region):
    article = published(section=region, tags=["water", "drought", "farming"])
    three_tags = published(1, section=spain, tags=["water", "drought", "farming"])
    one_tag_newer = published(5, section=spain, tags=["water"])
    two_tags = published(2, section=spain, tags=["drought", "farming", "other"])
    same_section = published(9, section=region, tags=["beaches"])
    published(10, section=spain, tags=["beaches"])  # nothing in common

    assert related(client, article) == [
        three_tags,
        two_tags,
        one_tag_newer,
        same_section,
    ]


def test_related_stories_are_published_and_at_most_four(client, region):
    article = published(section=region, tags=["water"])
    shown = [published(number, section=region, tags=["water"]) for number in range(6)]
    published(
        20,
        section=region,
        tags=["water"],
        status=Article.Status.DRAFT,
        published_at=None,
    )
    published(section=region, tags=["water"], published_at=NOW + timedelta(hours=1))

    result = related(client, article)

    assert result == shown[::-1][:4]


def test_an_article_with_nothing_related_shows_no_related_block(client, region):
    article = published(section=region)

    response = client.get(article.get_absolute_url())

    assert 'id="related-heading"' not in response.text


def test_related_stories_take_a_bounded_pool_per_tag(region, settings):
    article = published(section=region, tags=["water"])
    old_match = published(-100, section=SectionFactory(), tags=["water", "x"])
    for number in range(5):
        published(number, section=SectionFactory(), tags=["water"])

    from articles import models

    original = models.RELATED_POOL
    models.RELATED_POOL = 3
    try:
        article = Article.objects.for_detail().get(pk=article.pk)
        found = list(Article.objects.published().related_to(article, count=10))
    finally:
        models.RELATED_POOL = original

    # Only the three latest "water" stories were candidates.
    assert old_match not in found
    assert len([a for a in found if a.section_id != region.pk]) == 3


# Reading time, share links, updated time -----------------------------------------


@pytest.mark.parametrize(("words", "minutes"), [(10, 1), (230, 1), (700, 3), (1150, 5)])
def test_reading_time_counts_the_words_of_the_body(words, minutes):
    article = Article(body="<p>" + " ".join(["word"] * words) + "</p>")

    assert article.reading_minutes == minutes


def test_article_page_shows_reading_time_and_share_links(client, settings, region):
    settings.SITE_URL = "https://news.example"
    article = published(
        section=region,
        headline="Storm & flood warning",
        body="<p>" + " ".join(["word"] * 700) + "</p>",
    )

    response = client.get(article.get_absolute_url())

    assert "3 min read" in response.text
    assert 'id="share-heading"' in response.text
    url = "https://news.example" + article.get_absolute_url()
    links = dict(share_links(article)["links"])
    assert parse_qs(urlsplit(links["Facebook"]).query) == {"u": [url]}
    assert parse_qs(urlsplit(links["X"]).query) == {
        "url": [url],
        "text": ["Storm & flood warning"],
    }
    assert parse_qs(urlsplit(links["WhatsApp"]).query) == {
        "text": [f"Storm & flood warning {url}"]
    }
    assert links["Email"].startswith("mailto:?subject=Storm%20%26%20flood%20warning")
    for href in links.values():
        assert href.replace("&", "&amp;") in response.text
    # Plain links only: no widget script from the networks (the only script is
    # the site's own, which fetches the comment form).
    scripts = re.findall(r'<script src="([^"]+)"', response.text)
    assert scripts == ["/static/js/comments.js"]
    assert "connect.facebook.net" not in response.text
    assert "platform.twitter.com" not in response.text


def test_updated_time_shows_only_when_the_content_changed_later(client, region):
    unchanged = published(section=region)
    changed = published(section=region)
    Article.objects.filter(pk=changed.pk).update(
        content_updated_at=PUBLISHED_AT + timedelta(hours=3)
    )

    assert "Updated" not in client.get(unchanged.get_absolute_url()).text
    response = client.get(changed.get_absolute_url())
    assert "Updated" in response.text
    assert 'datetime="2025-06-10T17:00:00+02:00"' in response.text


# Pagination ---------------------------------------------------------------------


def test_page_one_links_to_the_list_itself_and_pages_are_numbered(client, spain):
    for number in range(45):
        published(number, section=spain)

    second = client.get("/section/spain/", {"page": 2})
    page_one = client.get("/section/spain/", {"page": 1})

    assert 'rel="prev" href="/section/spain/"' in second.text
    assert 'rel="next" href="?page=3"' in second.text
    assert (
        'href="?page=3"><span class="visually-hidden">Page </span>3</a>' in second.text
    )
    assert list(page_one.context["articles"]) == list(
        client.get("/section/spain/").context["articles"]
    )


def test_lists_are_newest_first_with_a_stable_order_for_equal_times(client, spain):
    same_time = [published(section=spain) for _ in range(3)]

    response = client.get("/section/spain/")

    assert list(response.context["articles"]) == same_time[::-1]


def test_tag_page_lists_only_published_articles_with_the_tag(client, region):
    tagged = published(section=region, tags=["water"])
    published(section=region, tags=["beaches"])
    published(
        section=region, tags=["water"], status=Article.Status.DRAFT, published_at=None
    )

    response = client.get(reverse("articles:tag", kwargs={"slug": "water"}))

    assert list(response.context["articles"]) == [tagged]


# Query counts -------------------------------------------------------------------

# Each public page's query budget, the same for 5 items as for 50: the page's
# own queries with site settings and the sections menu (section pages also look
# up the section's regional editions).
LIST_BUDGETS = {
    "/section/spain/": 8,
    "/section/north/": 8,
    "/tag/water/": 6,
    "/author/laura/": 6,
    "/2025/": 10,
    "/2025/06/": 10,
    "/2025/06/10/": 10,
}


@pytest.fixture
def no_page_cache(settings):
    """Measure the views themselves: the page cache has its own tests."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize("url", LIST_BUDGETS)
def test_list_page_query_count_is_fixed(
    client, count, url, region, author, django_assert_max_num_queries, no_page_cache
):
    others = AuthorFactory.create_batch(2)
    for number in range(count):
        published(
            number, section=region, authors=[author, *others], tags=["water", "sun"]
        )

    with django_assert_max_num_queries(LIST_BUDGETS[url]):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["articles"]) == min(count, 20)


@pytest.mark.parametrize("count", [5, 50])
def test_article_page_query_count_is_fixed(
    client, count, region, author, django_assert_max_num_queries, no_page_cache
):
    tags = [f"tag {number}" for number in range(count // 5)] + ["water"]
    article = published(
        section=region,
        authors=[author, *AuthorFactory.create_batch(count // 10)],
        tags=tags,
    )
    for number in range(count):
        published(number + 1, section=region, tags=["water"], authors=[author])
    for parent in CommentFactory.create_batch(
        count // 5, article=article, approved=True
    ):
        CommentFactory.create_batch(2, parent=parent, approved=True)

    # Site settings, menu, the article with bylines, tags and corrections, the
    # comments (their ids, then one page of threads), related stories with their
    # bylines.
    with django_assert_max_num_queries(11):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert 'id="related-heading"' in response.text
