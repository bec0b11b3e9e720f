from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

import pytest
from django.contrib.sitemaps import Sitemap
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.services import article_save
from articles.sitemaps import ArticleSitemap
from core.meta import iso_datetime
from newsroom.models import SiteSettings
from newsroom.urls import SITEMAPS as SITEMAP_CLASSES
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.distribution import PUBLISHED_AT
from tests.newsroom.parsing import NEWS_NS, NS, SITEMAP_NS, parse_xml

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"
NOW = datetime(2025, 6, 18, 10, 0, tzinfo=UTC)
SITEMAPS = ["articles", "sections", "tags", "authors"]


@pytest.fixture(autouse=True)
def site(settings, time_machine):
    settings.SITE_URL = SITE
    time_machine.move_to(NOW, tick=False)
    site = SiteSettings.load()
    site.site_name = "Costa News"
    site.save()
    return site


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return parse_xml(response)


def locations(urlset) -> list[str]:
    assert urlset.tag == f"{{{SITEMAP_NS}}}urlset"
    return [loc.text for loc in urlset.findall("sm:url/sm:loc", NS)]


def sitemap_path(section: str) -> str:
    return f"/sitemap-{section}.xml"


def test_sitemap_index_points_at_every_sitemap_with_absolute_urls(client, published):
    published()

    index = get_xml(client, "/sitemap.xml")

    assert index.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    entries = index.findall("sm:sitemap", NS)
    assert [entry.findtext("sm:loc", namespaces=NS) for entry in entries] == [
        f"{SITE}/sitemap-{name}.xml" for name in SITEMAPS
    ]
    assert entries[0].findtext("sm:lastmod", namespaces=NS) == (
        "2025-06-10T14:00:00+02:00"
    )


def test_article_sitemap_lists_published_articles_with_lastmod(
    client, published, time_machine
):
    older, newer = published(2)
    newer.published_at = PUBLISHED_AT + timedelta(days=1)
    article_save(article=newer, user=None)
    time_machine.move_to(NOW + timedelta(hours=1), tick=False)
    older.body = "<p>Updated with the mayor's reply.</p>"
    article_save(article=older, user=None)

    urlset = get_xml(client, sitemap_path("articles"))
    index = get_xml(client, "/sitemap.xml")

    assert locations(urlset) == [
        SITE + older.get_absolute_url(),
        SITE + newer.get_absolute_url(),
    ]
    assert [e.text for e in urlset.findall("sm:url/sm:lastmod", NS)] == [
        "2025-06-18T13:00:00+02:00",  # its content changed after publication
        "2025-06-11T14:00:00+02:00",  # its publication time
    ]
    assert index.findtext("sm:sitemap/sm:lastmod", namespaces=NS) == (
        "2025-06-18T13:00:00+02:00"
    )


def test_article_sitemap_urls_are_the_articles_own_urls_across_midnight(
    client, published
):
    # 23:30 UTC on New Year's Eve is already 1 January in Madrid.
    (article,) = published(published_at=datetime(2024, 12, 31, 23, 30, tzinfo=UTC))

    urlset = get_xml(client, sitemap_path("articles"))

    assert article.get_absolute_url().startswith("/2025/01/01/")
    assert locations(urlset) == [SITE + article.get_absolute_url()]
    assert urlset.findtext("sm:url/sm:lastmod", namespaces=NS) == (
        "2025-01-01T00:30:00+01:00"
    )


def test_sitemaps_are_compressed_for_crawlers_that_accept_gzip(client, published):
    published(20)  # gzip leaves very small responses alone

    response = client.get(sitemap_path("articles"), HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"


def test_the_news_sitemap_is_compressed_by_the_middleware_too(client):
    ArticleFactory.create_batch(20, published=True)

    response = client.get(reverse("news-sitemap"), HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"


def test_sitemaps_list_only_sections_tags_and_authors_with_published_articles(
    client, spain, costa_blanca, published, laura
):
    published(tags=["Beaches"])
    empty_section = SectionFactory(slug="empty")
    draft_author = AuthorFactory(slug="draft-author")
    ArticleFactory(
        draft=True, section=empty_section, authors=[draft_author], tags=["Secret"]
    )
    ArticleFactory(
        scheduled=True, section=empty_section, authors=[draft_author], tags=["Soon"]
    )

    sections = locations(get_xml(client, sitemap_path("sections")))
    tags = locations(get_xml(client, sitemap_path("tags")))
    authors = locations(get_xml(client, sitemap_path("authors")))

    # Spain has no articles of its own, but its regional edition has.
    assert sections == [f"{SITE}/section/spain/", f"{SITE}/section/costa-blanca/"]
    assert tags == [f"{SITE}/tag/beaches/"]
    assert authors == [f"{SITE}/author/laura-sanchez/"]


def test_every_url_in_the_sitemaps_answers_200(client, published, spain):
    published(2, tags=["Beaches", "Tourism"])
    published(section=spain, authors=[AuthorFactory()], tags=["Weather"])

    index = get_xml(client, "/sitemap.xml")
    sitemap_urls = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    page_urls = []
    for url in sitemap_urls:
        assert url.startswith(f"{SITE}/")
        page_urls += locations(get_xml(client, url.removeprefix(SITE)))

    assert len(page_urls) == 3 + 2 + 3 + 2
    for url in page_urls:
        assert url.startswith(f"{SITE}/")
        assert client.get(url.removeprefix(SITE)).status_code == 200, url


def test_article_sitemap_is_paginated_at_its_limit(client, published, monkeypatch):
    assert ArticleSitemap.limit == 5_000
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = published(5)

    index = get_xml(client, "/sitemap.xml")
    pages = [
        loc.text
        for loc in index.findall("sm:sitemap/sm:loc", NS)
        if "articles" in loc.text
    ]

    assert pages == [
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-articles.xml?p=2",
        f"{SITE}/sitemap-articles.xml?p=3",
    ]
    listed = []
    for page in pages:
        listed += locations(get_xml(client, page.removeprefix(SITE)))
    assert listed == [SITE + article.get_absolute_url() for article in articles]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404


def test_unknown_sitemap_answers_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize(
    "url", ["/sitemap.xml", *[sitemap_path(name) for name in SITEMAPS]]
)
def test_sitemap_query_count_does_not_grow_with_items(
    client, published, url, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            published(
                authors=[AuthorFactory()], tags=[f"tag-{Article.objects.count()}"]
            )

    add(5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add(35)

    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


# Google News sitemap


def test_news_sitemap_has_the_google_news_shape(client, published):
    (article,) = published(
        headline="Fish & chips shop reopens",
        seo_headline="Fish & chips shop reopens in Dénia",
        published_at=NOW - timedelta(hours=3),
    )

    urlset = get_xml(client, "/news-sitemap.xml")

    assert urlset.tag == f"{{{SITEMAP_NS}}}urlset"
    (url,) = urlset.findall("sm:url", NS)
    assert url.findtext("sm:loc", namespaces=NS) == SITE + article.get_absolute_url()
    news = url.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Costa News"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:publication_date", namespaces=NS) == (
        "2025-06-18T09:00:00+02:00"
    )
    assert news.findtext("news:title", namespaces=NS) == (
        "Fish & chips shop reopens in Dénia"
    )
    assert [child.tag for child in news] == [
        f"{{{NEWS_NS}}}publication",
        f"{{{NEWS_NS}}}publication_date",
        f"{{{NEWS_NS}}}title",
    ]


def test_news_sitemap_lists_only_the_last_two_days_newest_first(client, published):
    edge = published(headline="Two days old", published_at=NOW - timedelta(days=2))
    published(headline="Too old", published_at=NOW - timedelta(days=2, seconds=1))
    newest = published(headline="Newest", published_at=NOW)
    middle = published(headline="Yesterday", published_at=NOW - timedelta(days=1))
    published(headline="Draft", status=Article.Status.DRAFT, published_at=NOW)
    published(headline="Scheduled", published_at=NOW + timedelta(seconds=1))

    urlset = get_xml(client, "/news-sitemap.xml")

    assert locations(urlset) == [
        SITE + article.get_absolute_url() for article in [*newest, *middle, *edge]
    ]


def test_news_sitemap_lists_at_most_a_thousand_articles(client, costa_blanca):
    Article.objects.bulk_create(
        Article(
            headline=f"Story {number}",
            slug=f"story-{number}",
            body="<p>Text</p>",
            section=costa_blanca,
            status=Article.Status.PUBLISHED,
            published_at=NOW - timedelta(minutes=number),
        )
        for number in range(1005)
    )

    with CaptureQueriesContext(connection) as queries:
        urlset = get_xml(client, "/news-sitemap.xml")

    listed = locations(urlset)
    assert len(listed) == 1000
    assert listed[0].endswith("/story-0/")
    assert listed[-1].endswith("/story-999/")
    assert len(queries) <= 2


def test_empty_news_sitemap_is_valid(client):
    assert locations(get_xml(client, "/news-sitemap.xml")) == []


# The publishing rule at its boundary, in every sitemap


def test_scheduled_article_enters_the_sitemaps_at_its_publication_time(
    client, costa_blanca, time_machine
):
    at = NOW + timedelta(hours=2)
    section = SectionFactory(slug="new-section")
    author = AuthorFactory(slug="new-author")
    article = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=at,
        section=section,
        authors=[author],
        tags=["Fiestas"],
    )
    expected = {
        "/news-sitemap.xml": SITE + article.get_absolute_url(),
        sitemap_path("articles"): SITE + article.get_absolute_url(),
        sitemap_path("sections"): f"{SITE}/section/new-section/",
        sitemap_path("tags"): f"{SITE}/tag/fiestas/",
        sitemap_path("authors"): f"{SITE}/author/new-author/",
    }

    time_machine.move_to(at - timedelta(seconds=1), tick=False)
    before = {url: locations(get_xml(client, url)) for url in expected}
    time_machine.move_to(at, tick=False)
    after = {url: locations(get_xml(client, url)) for url in expected}

    assert before == {url: [] for url in expected}
    assert after == {url: [location] for url, location in expected.items()}


# robots.txt


def test_robots_txt_points_at_both_sitemaps_and_keeps_crawlers_out(client, settings):
    settings.ADMIN_URL = "newsroom-admin/"

    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /newsroom-admin/" in lines
    assert "Disallow: /preview/" in lines
    assert "Disallow: /search/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert f"Sitemap: {SITE}/news-sitemap.xml" in lines
    assert "Disallow: /" not in lines


def test_robots_txt_refuses_post(client):
    assert client.post("/robots.txt").status_code == 405


# What stays hand-written (docs/handwritten.md): the URL list of a sitemap page


@pytest.mark.parametrize("name", SITEMAPS)
def test_sitemap_pages_list_what_djangos_get_urls_gives(name, published, spain):
    published(2, tags=["Beaches", "Dénia"])
    published(section=spain, authors=[AuthorFactory()], tags=["Weather & sea"])
    sitemap = SITEMAP_CLASSES[name]()

    ours = sitemap.get_urls()
    djangos = Sitemap.get_urls(SITEMAP_CLASSES[name]())

    assert ours == [
        (
            escape(url["location"]),
            iso_datetime(url["lastmod"]) if url["lastmod"] else "",
        )
        for url in djangos
    ]
    assert len(ours) == {"articles": 3, "sections": 2, "tags": 3, "authors": 2}[name]
    assert ours[0][0].startswith(f"{SITE}/")
