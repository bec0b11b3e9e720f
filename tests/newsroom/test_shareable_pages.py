"""Every anonymous page is the same for every reader, so a CDN may share it.

No page a reader can reach without logging in may carry a value of that
reader's own (a CSRF token, a comment form's one-time key, a cookie): two
readers with different cookies get the very same bytes, sent as public, with
no Set-Cookie, whether the page was just rendered or served from the cache.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from pagecache import generations, placeholders, store
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.comments.factories import CommentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def forget_cached_pages():
    cache.clear()
    store.local_bodies.clear()
    generations.local_data.clear()


@pytest.fixture
def story():
    author = AuthorFactory(name="Lucía Pérez", slug="lucia-perez")
    region = SectionFactory(name="Spain", slug="spain")
    section = SectionFactory(name="Costa Blanca", slug="costa-blanca", parent=region)
    article = ArticleFactory(
        published=True,
        headline="Ferry strike called off",
        section=section,
        authors=[author],
        tags=["ferries"],
    )
    CommentFactory(article=article, approved=True, name="Ana", body="Good news.")
    return article


def anonymous_pages(article) -> dict[str, str]:
    published = article.published_at
    comment = article.comments.get()
    return {
        "home": reverse("home"),
        "article": article.get_absolute_url(),
        "article, replying": f"{article.get_absolute_url()}?reply_to={comment.pk}",
        "article, comments page": f"{article.get_absolute_url()}?cpage=1",
        "section": article.section.get_absolute_url(),
        "parent section": article.section.parent.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "ferries"}),
        "author": article.bylines.get().author.get_absolute_url(),
        "year": reverse("articles:archive-year", args=(published.year,)),
        "month": reverse(
            "articles:archive-month", args=(published.year, published.month)
        ),
        "day": reverse(
            "articles:archive-day",
            args=(published.year, published.month, published.day),
        ),
        "search": reverse("search") + "?q=ferry",
        "feed": reverse("articles:feed"),
        "atom feed": reverse("articles:feed-atom"),
        "sitemap": reverse("sitemap-index"),
        "news sitemap": reverse("news-sitemap"),
        "robots": reverse("robots"),
    }


def readers() -> list[Client]:
    """Return readers with different cookies, none of them a session."""
    plain = Client()
    returning = Client()
    returning.cookies["csrftoken"] = "a" * 32
    returning.cookies["consent"] = "yes"
    return [plain, returning]


def test_every_anonymous_page_is_the_same_for_every_reader(story):
    for name, url in anonymous_pages(story).items():
        answers = []
        for reader in readers():
            forget_cached_pages()
            rendered = reader.get(url)
            served = reader.get(url)
            assert rendered.status_code == served.status_code == 200, name
            assert served.get("X-Page-Cache") == "hit", name
            answers += [rendered, served]
        bodies = {answer.content for answer in answers}
        assert len(bodies) == 1, name
        for answer in answers:
            assert "public" in answer["Cache-Control"], name
            assert "private" not in answer["Cache-Control"], name
            assert answer.get("ETag"), name
            assert not answer.cookies, name
            assert not answer.has_header("Set-Cookie"), name
        body = answers[0].content
        assert b"csrfmiddlewaretoken" not in body, name
        assert b'name="form_token"' not in body, name
        for value in placeholders.PerReaderValue.registry.values():
            assert value.placeholder.encode() not in body, name


def test_every_anonymous_page_answers_a_revalidation_with_304(story):
    for name, url in anonymous_pages(story).items():
        first = Client().get(url)
        again = Client().get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304, name
