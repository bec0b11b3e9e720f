"""Every public page costs a fixed number of queries, whatever the data's size.

Measured on a small and a larger data set, for a page-cache miss as it
happens in the steady state: the page's copy has expired, while what is kept
per content generation (site settings, the sections menu, a list's length, the
next scheduled change) is still in the cache. The first render after a change
also refills those, once for the whole site or list (a few queries more). A
page served from the page cache costs no query at all.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.admin_forms import change_url, errors_of, open_form, press
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.comments.factories import CommentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

ARTICLE_BUDGET = 8
LIST_BUDGET = 6
HOME_BUDGET = 10
FEED_BUDGET = 4


@pytest.fixture(params=[1, 45], ids=["small", "large"])
def site(request):
    """Articles in a section with a regional sub-section, by several authors."""
    count = request.param
    section = SectionFactory(name="Spain", slug="spain")
    region = SectionFactory(name="Valencia", slug="valencia", parent=section)
    authors = AuthorFactory.create_batch(3)
    now = timezone.now()
    articles = [
        ArticleFactory(
            published=True,
            published_at=now - timedelta(hours=number + 1),
            section=region if number % 2 else section,
            authors=authors[: 1 + number % 3],
            tags=["water", f"topic-{number % 5}"],
            headline=f"Water report number {number}",
        )
        for number in range(count)
    ]
    story = articles[0]
    # A long discussion: threads with replies (shown 50 threads at a time).
    for number in range(count * 3):
        parent = CommentFactory(article=story, approved=True)
        if number % 3 == 0:
            CommentFactory(article=story, parent=parent, approved=True)
    ArticleFactory(scheduled=True, section=section)
    return {"story": story, "author": authors[0], "count": count}


def pages(site) -> dict[str, tuple[str, int]]:
    story: Article = site["story"]
    day = timezone.localtime(story.published_at)
    author = site["author"]
    return {
        "home": (reverse("home"), HOME_BUDGET),
        "article": (story.get_absolute_url(), ARTICLE_BUDGET),
        "section": (reverse("articles:section", args=["spain"]), LIST_BUDGET),
        "section page 2": (
            reverse("articles:section", args=["spain"]) + "?page=2",
            LIST_BUDGET,
        ),
        "tag": (reverse("articles:tag", args=["water"]), LIST_BUDGET),
        "author": (author.get_absolute_url(), LIST_BUDGET),
        "year": (reverse("articles:archive-year", args=[day.year]), LIST_BUDGET),
        "month": (
            reverse("articles:archive-month", args=[day.year, day.month]),
            LIST_BUDGET,
        ),
        "day": (
            reverse("articles:archive-day", args=[day.year, day.month, day.day]),
            LIST_BUDGET,
        ),
        "search": (reverse("search") + "?q=water", LIST_BUDGET),
        "feed": (reverse("articles:feed"), FEED_BUDGET),
        "atom feed": (reverse("articles:feed-atom"), FEED_BUDGET),
        "section feed": (reverse("articles:section-feed", args=["spain"]), FEED_BUDGET),
        "tag feed": (reverse("articles:tag-feed", args=["water"]), FEED_BUDGET),
        "author feed": (reverse("authors:feed", args=[author.slug]), FEED_BUDGET),
        "sitemap index": (reverse("sitemap-index"), FEED_BUDGET),
        "news sitemap": (reverse("news-sitemap"), FEED_BUDGET),
        **{
            f"sitemap of {name}": (
                reverse("sitemap", kwargs={"section": name}),
                FEED_BUDGET,
            )
            for name in ("articles", "sections", "tags", "authors")
        },
    }


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "article",
        "section",
        "section page 2",
        "tag",
        "author",
        "year",
        "month",
        "day",
        "search",
        "feed",
        "atom feed",
        "section feed",
        "tag feed",
        "author feed",
        "sitemap index",
        "news sitemap",
        "sitemap of articles",
        "sitemap of sections",
        "sitemap of tags",
        "sitemap of authors",
    ],
)
def test_page_stays_within_its_query_budget(
    client, site, page, django_assert_max_num_queries, django_assert_num_queries
):
    url, budget = pages(site)[page]
    if page == "section page 2" and site["count"] <= 20:
        pytest.skip("one page only")
    cache.clear()
    assert client.get(url).status_code == 200
    # Another copy of the same page: a miss, with the generation's data warm.
    url += ("&" if "?" in url else "?") + "budget=1"

    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        assert client.get(url)["X-Page-Cache"] == "hit"


# With every cache off (NEWSROOM_PAGE_CACHE_SECONDS=0, make bench's cold mode):
# no stored page, and the site settings, menu, front page pins, list lengths
# and related stories are read from the database on every request. The
# article has no corrections: whether it has any is part of its own query.
COLD_BUDGETS = {
    "home": 7,
    "article": 8,
    "section": 7,
    "section page 2": 7,
    "tag": 5,
    "author": 5,
}


@pytest.mark.parametrize("page", list(COLD_BUDGETS))
def test_page_with_every_cache_off_stays_within_its_query_budget(
    client, site, page, settings, django_assert_max_num_queries
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    url, _budget = pages(site)[page]
    if page == "section page 2" and site["count"] <= 20:
        pytest.skip("one page only")
    assert client.get(url).status_code == 200

    with django_assert_max_num_queries(COLD_BUDGETS[page]):
        response = client.get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_article_page_shows_a_page_of_threads_with_links_to_the_rest(client, site):
    if site["count"] <= 20:
        pytest.skip("a short discussion")
    story = site["story"]

    threads = site["count"] * 3  # 135: pages of 50, 50 and 35

    oldest = client.get(story.get_absolute_url())
    newest = client.get(story.get_absolute_url() + "?corder=newest")
    last = client.get(story.get_absolute_url() + "?cpage=3")

    assert len(newest.context["comment_threads"]) == 50
    assert newest.context["comment_count"] == threads + site["count"]
    assert len(oldest.context["comment_threads"]) == 50
    assert len(last.context["comment_threads"]) == threads - 100
    assert 'href="?cpage=2#comments"' in oldest.text
    assert 'href="?cpage=2&amp;corder=newest#comments"' in newest.text
    assert "Show more comments" not in last.text
    assert client.get(story.get_absolute_url() + "?cpage=9").status_code == 404


# Saving an article in the admin: one locked read of the row, one plan (the
# workflow's), one validation (the form's), then the writes and the version.
REPORTER_SAVE_BUDGET = 25
EDITOR_PUBLISH_BUDGET = 30


# Transactional, as a server runs: the request's transaction is the real one,
# not a savepoint inside the test's.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("role", "button", "budget"),
    [
        ("reporter", "save", REPORTER_SAVE_BUDGET),
        ("editor", "publish", EDITOR_PUBLISH_BUDGET),
    ],
    ids=["reporter's plain save", "editor's publish now"],
)
def test_an_admin_save_stays_within_its_query_budget(
    client, request, password, reporter, role, button, budget
):
    user = request.getfixturevalue(role)
    article = ArticleFactory(
        draft=True,
        headline="Reservoirs at a third of capacity",
        authors=[AuthorFactory(user=reporter)],
        tags=["water", "drought"],
    )
    assert client.login(username=user.username, password=password) is True
    url = change_url(article)
    # A first save fills what a running server keeps (content types and such).
    assert press(client, url, "save", headline="Reservoirs low").status_code == 302
    data = open_form(client, url) | {
        "headline": "Reservoirs at a quarter of capacity",
        "workflow_action": button,
    }

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) <= budget, "\n".join(statements)
    # The row is locked once, by the read the whole save works from.
    locks = [sql for sql in statements if "FOR UPDATE" in sql]
    assert len(locks) == 1, locks
    assert '"articles_article"' in locks[0]
    article.refresh_from_db()
    assert article.headline == "Reservoirs at a quarter of capacity"
    assert article.is_published is (button == "publish")
    assert sorted(article.tags.names()) == ["drought", "water"]
