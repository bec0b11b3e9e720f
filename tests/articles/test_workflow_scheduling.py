"""A scheduled article appears on every public surface by itself, at its time."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from newsroom.models import SiteSettings
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

PUBLISH_AT = datetime(2026, 5, 14, 7, 30, tzinfo=UTC)
HEADLINE = "Zarzuela festival returns to the castle"


@pytest.fixture
def scheduled(time_machine):
    time_machine.move_to(PUBLISH_AT - timedelta(days=1), tick=False)
    SiteSettings.load()
    parent = SectionFactory(name="Spain", slug="spain")
    section = SectionFactory(name="Costa Blanca North", slug="cbn", parent=parent)
    author = AuthorFactory(name="Laura Sánchez", slug="laura-sanchez")
    article = ArticleFactory(
        headline=HEADLINE,
        slug="zarzuela-festival",
        standfirst="Three nights of zarzuela in Dénia castle.",
        body="<p>The zarzuela festival is back.</p>",
        section=section,
        authors=[author],
        tags=["Festivals"],
        status=Article.Status.PUBLISHED,
        published_at=PUBLISH_AT,
    )
    return article


def surfaces(article: Article) -> dict[str, str]:
    author = article.byline_authors[0]
    section = article.section
    return {
        "home": reverse("home"),
        "section": section.get_absolute_url(),
        "parent section": section.parent.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "festivals"}),
        "author": author.get_absolute_url(),
        "year archive": "/2026/",
        "month archive": "/2026/05/",
        "day archive": "/2026/05/14/",
        "feed": reverse("articles:feed"),
        "atom feed": reverse("articles:feed-atom"),
        "section feed": reverse("articles:section-feed", kwargs={"slug": "cbn"}),
        "tag feed": reverse("articles:tag-feed", kwargs={"slug": "festivals"}),
        "author feed": reverse("authors:feed", kwargs={"slug": author.slug}),
        "article sitemap": reverse("sitemap", kwargs={"section": "articles"}),
        "news sitemap": reverse("news-sitemap"),
        "search": reverse("search") + "?q=zarzuela",
    }


def test_one_second_before_its_time_a_scheduled_article_is_nowhere(
    scheduled, time_machine
):
    time_machine.move_to(PUBLISH_AT - timedelta(seconds=1), tick=False)
    reader = Client()

    assert reader.get(scheduled.get_absolute_url()).status_code == 404
    for name, url in surfaces(scheduled).items():
        response = reader.get(url)
        assert response.status_code in (200, 404), name
        text = response.content.decode()
        assert "zarzuela-festival" not in text, name
        assert HEADLINE not in text, name


def test_at_its_time_a_scheduled_article_is_everywhere(scheduled, time_machine):
    time_machine.move_to(PUBLISH_AT, tick=False)
    reader = Client()

    assert reader.get(scheduled.get_absolute_url()).status_code == 200
    for name, url in surfaces(scheduled).items():
        response = reader.get(url)
        assert response.status_code == 200, name
        assert "zarzuela-festival" in response.content.decode(), name


def test_unpublished_article_leaves_every_surface_at_once(scheduled, time_machine):
    time_machine.move_to(PUBLISH_AT + timedelta(hours=1), tick=False)
    scheduled.status = Article.Status.DRAFT
    scheduled.save()
    reader = Client()

    assert reader.get(scheduled.get_absolute_url()).status_code == 404
    for name, url in surfaces(scheduled).items():
        assert "zarzuela-festival" not in reader.get(url).content.decode(), name


def test_admin_list_shows_scheduled_articles_with_their_times(
    scheduled, client, editor, password
):
    ArticleFactory(published=True, headline="Already live")
    client.login(username=editor.username, password=password)
    url = reverse("admin:articles_article_changelist")

    page = client.get(url)
    only_scheduled = client.get(url, {"workflow": "scheduled"})

    assert "Scheduled for 14 May 2026, 09:30" in page.text  # Europe/Madrid
    assert list(only_scheduled.context["cl"].result_list) == [scheduled]


def test_pages_seen_before_its_time_do_not_hide_it_afterwards(scheduled, time_machine):
    """Whatever caches the pages, a reader sees the article when its time comes."""
    reader = Client()
    urls = surfaces(scheduled)
    time_machine.move_to(PUBLISH_AT - timedelta(seconds=1), tick=False)
    for url in urls.values():
        reader.get(url)
        reader.get(url)  # served from the cache now, if pages are cached

    time_machine.move_to(PUBLISH_AT, tick=False)

    for name, url in urls.items():
        assert "zarzuela-festival" in reader.get(url).content.decode(), name
