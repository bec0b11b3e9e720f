"""The page cache across processes: two app servers and this test, one Redis.

The servers are real gunicorn processes (deploy/gunicorn.conf.py, DEBUG off);
changes are made here, in a third process, and committed, as an editor's
change in the admin of any app server would be.
"""

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from newsroom.models import SiteSettings
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

HOST = "127.0.0.1"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def servers(start_app_servers, redis_available):
    return tuple(start_app_servers(2, REDIS_URL=redis_available))


@pytest.fixture(autouse=True)
def shared_cache(settings, redis_url):
    """Use the servers' Redis here too, empty."""
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "newsroom",
        }
    }
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    # As on any live site (the first page view would create them, a change).
    SiteSettings.load_from_database()


@dataclass
class Page:
    status: int
    headers: dict
    text: str


def fetch(server, path: str, expected: int = 200) -> Page:
    """GET a page as a load balancer in front of the servers would: one Host."""
    request = urllib.request.Request(server.url + path, headers={"Host": HOST})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            page = Page(
                response.status, dict(response.headers), response.read().decode()
            )
    except urllib.error.HTTPError as error:
        page = Page(error.code, dict(error.headers), error.read().decode())
    assert page.status == expected, (server.url + path, page.status)
    return page


def test_a_page_cached_by_one_server_is_served_by_the_other(servers):
    first, second = servers
    article = ArticleFactory(published=True, headline="Ferry strike called off")
    url = article.get_absolute_url()

    assert fetch(first, url).headers["X-Page-Cache"] == "miss"
    assert fetch(second, url).headers["X-Page-Cache"] == "hit"
    assert fetch(first, "/").headers["X-Page-Cache"] == "miss"
    assert fetch(second, "/").headers["X-Page-Cache"] == "hit"


def test_a_change_committed_anywhere_shows_on_every_server_at_once(servers):
    article = ArticleFactory(published=True, headline="Ferry strike called off")
    for server in servers:
        for path in (article.get_absolute_url(), "/"):
            assert "Ferry strike called off" in fetch(server, path).text

    article.headline = "Ferry strike goes ahead"
    article.body = "<p>The unions voted to strike.</p>"
    article.save()

    for server in servers:
        for path in (article.get_absolute_url(), "/"):
            text = fetch(server, path).text
            assert "Ferry strike goes ahead" in text
            assert "Ferry strike called off" not in text


def test_an_approved_comment_shows_on_every_server_at_once(servers):
    article = ArticleFactory(published=True)
    comment = CommentFactory(article=article, body="First to comment!")
    for server in servers:
        assert "First to comment!" not in fetch(server, article.get_absolute_url()).text

    comment.status = Comment.Status.APPROVED
    comment.save()

    for server in servers:
        assert "First to comment!" in fetch(server, article.get_absolute_url()).text


def test_unpublishing_takes_the_article_off_every_server_at_once(servers):
    article = ArticleFactory(published=True, headline="Retracted story")
    for server in servers:
        fetch(server, article.get_absolute_url())
        assert "Retracted story" in fetch(server, "/").text

    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    for server in servers:
        fetch(server, article.get_absolute_url(), expected=404)
        assert "Retracted story" not in fetch(server, "/").text


def test_a_scheduled_article_appears_on_every_server_when_its_time_comes(servers):
    ArticleFactory(published=True)
    scheduled = ArticleFactory(
        headline="Budget vote result",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(seconds=3),
    )
    for server in servers:
        assert "Budget vote result" not in fetch(server, "/").text

    # No save: only the clock moves (real time here, as the servers use it).
    wait = (scheduled.published_at - timezone.now()).total_seconds() + 0.2
    time.sleep(max(0, wait))

    for server in servers:
        assert "Budget vote result" in fetch(server, "/").text
