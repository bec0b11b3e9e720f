import html
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.feeds import FEED_LENGTH
from articles.meta import article_share_image
from articles.models import Article
from articles.services import article_save
from newsroom.models import SiteSettings
from tests.articles.factories import SectionFactory
from tests.authors.factories import AuthorFactory
from tests.distribution import PUBLISHED_AT
from tests.newsroom.parsing import parse_xml

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"
NOW = datetime(2025, 6, 18, 10, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
MEDIA = "{http://search.yahoo.com/mrss/}"
RSS_FEEDS = {
    "site": "/feed/",
    "section": "/section/spain/feed/",
    "sub-section": "/section/costa-blanca/feed/",
    "tag": "/tag/beaches/feed/",
    "author": "/author/laura-sanchez/feed/",
}


@pytest.fixture(autouse=True)
def site(settings, time_machine):
    settings.SITE_URL = SITE
    time_machine.move_to(NOW, tick=False)
    site = SiteSettings.load()
    site.site_name = "Costa News"
    site.tagline = "News from the Costa Blanca"
    site.save()
    return site


@pytest.fixture
def article(published, laura):
    (article,) = published(
        headline="Benidorm keeps its blue flags",
        standfirst="Twelve beaches on the list.",
        body="<p>The <strong>full</strong> story.</p>",
        authors=[laura, AuthorFactory(name="Tom Baker")],
        tags=["Beaches", "Tourism"],
        with_lead_image=True,
        lead_image_alt="Levante beach at sunrise",
    )
    return article


def get_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_rss_feed_is_rss_2_with_full_items(client, article):
    response = get_feed(client, "/feed/")

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    rss = parse_xml(response)
    assert rss.tag == "rss"
    assert rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("title") == "Costa News"
    assert channel.findtext("link") == f"{SITE}/"
    assert channel.findtext("description") == "News from the Costa Blanca"
    assert channel.findtext("language") == "en-gb"
    assert channel.find(f"{ATOM}link").get("href") == f"{SITE}/feed/"
    assert channel.find(f"{ATOM}link").get("rel") == "self"
    assert channel.findtext("image/url") == f"{SITE}/static/img/logo.png"
    (item,) = channel.findall("item")
    assert item.findtext("title") == "Benidorm keeps its blue flags"
    assert item.findtext("link") == SITE + article.get_absolute_url()
    assert item.findtext("description") == "Twelve beaches on the list."
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text == f"tag:news.example.org,2025-06-18:article:{article.pk}"
    assert parsedate_to_datetime(item.findtext("pubDate")) == PUBLISHED_AT
    assert item.find("author") is None  # RSS <author> must be an email address
    assert [e.text for e in item.findall(f"{DC}creator")] == [
        "Laura Sánchez",
        "Tom Baker",
    ]
    assert [e.text for e in item.findall("category")] == [
        "Costa Blanca North",
        "Beaches",
        "Tourism",
    ]
    assert item.findtext(f"{CONTENT}encoded") == article.body
    media = item.find(f"{MEDIA}content")
    image = article_share_image(article)
    assert image.url.startswith(f"{SITE}/media/renditions/")
    assert media.attrib == {
        "url": image.url,
        "medium": "image",
        "type": "image/jpeg",
        "width": str(image.width),
        "height": str(image.height),
    }
    assert media.findtext(f"{MEDIA}description") == "Levante beach at sunrise"


def test_rss_feed_reads_correctly_in_a_feed_reader(client, article):
    parsed = feedparser.parse(get_feed(client, "/feed/").content)

    assert parsed.bozo is False, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Costa News"
    (entry,) = parsed.entries
    assert entry.title == "Benidorm keeps its blue flags"
    assert entry.link == SITE + article.get_absolute_url()
    assert entry.id == f"tag:news.example.org,2025-06-18:article:{article.pk}"
    assert entry.guidislink is False
    assert entry.summary == "Twelve beaches on the list."
    assert entry.content[0].value == article.body
    assert [tag.term for tag in entry.tags] == [
        "Costa Blanca North",
        "Beaches",
        "Tourism",
    ]
    assert [author.name for author in entry.authors] == ["Laura Sánchez", "Tom Baker"]
    image = article_share_image(article)
    assert entry.media_content == [
        {
            "url": image.url,
            "medium": "image",
            "type": "image/jpeg",
            "width": str(image.width),
            "height": str(image.height),
        }
    ]
    assert datetime(*entry.published_parsed[:6], tzinfo=UTC) == PUBLISHED_AT


def test_atom_feed_is_atom_with_full_entries(client, article):
    response = get_feed(client, "/feed/atom/")

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = parse_xml(response)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Costa News"
    assert feed.findtext(f"{ATOM}subtitle") == "News from the Costa Blanca"
    assert feed.findtext(f"{ATOM}id") == f"{SITE}/"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Costa News"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": f"{SITE}/", "self": f"{SITE}/feed/atom/"}
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Benidorm keeps its blue flags"
    assert entry.find(f"{ATOM}link").get("href") == SITE + article.get_absolute_url()
    assert entry.findtext(f"{ATOM}id") == (
        f"tag:news.example.org,2025-06-18:article:{article.pk}"
    )
    assert entry.findtext(f"{ATOM}published") == "2025-06-10T12:00:00+00:00"
    assert entry.findtext(f"{ATOM}updated") == "2025-06-10T12:00:00+00:00"
    assert [e.text for e in entry.findall(f"{ATOM}author/{ATOM}name")] == [
        "Laura Sánchez",
        "Tom Baker",
    ]
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert content.text == article.body
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [
        "Costa Blanca North",
        "Beaches",
        "Tourism",
    ]
    image_url = article_share_image(article).url
    assert entry.find(f"{MEDIA}content").get("url") == image_url


def test_atom_feed_reads_correctly_in_a_feed_reader(client, article):
    parsed = feedparser.parse(get_feed(client, "/feed/atom/").content)

    assert parsed.bozo is False, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    (entry,) = parsed.entries
    assert entry.title == "Benidorm keeps its blue flags"
    assert entry.summary == "Twelve beaches on the list."
    assert entry.content[0].value == article.body
    assert [author.name for author in entry.authors] == ["Laura Sánchez", "Tom Baker"]
    assert entry.media_content[0]["url"] == article_share_image(article).url


def displayed(detail) -> str:
    """Return the text a feed reader shows for a title or summary."""
    if detail.type == "text/html":
        assert "<" not in detail.value, "the reader would render markup"
        return html.unescape(detail.value)
    return detail.value


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_feed_readers_show_headlines_exactly_as_written(client, published, url):
    published(
        headline='Fish & chips <b>not</b> "banned"',
        standfirst="Prices < 5 € & rising",
    )

    parsed = feedparser.parse(get_feed(client, url).content)

    assert parsed.bozo is False
    entry = parsed.entries[0]
    assert displayed(entry.title_detail) == 'Fish & chips <b>not</b> "banned"'
    assert displayed(entry.summary_detail) == "Prices < 5 € & rising"


def test_item_without_standfirst_or_image_uses_the_body_and_omits_media(
    client, published
):
    published(standfirst="", body="<p>Ferries are cancelled &amp; delayed.</p>")

    item = parse_xml(get_feed(client, "/feed/")).find("channel/item")

    assert item.findtext("description") == "Ferries are cancelled &amp; delayed."
    assert item.find(f"{MEDIA}content") is None


def test_guid_stays_the_same_when_the_slug_and_date_change(client, article):
    guid = parse_xml(get_feed(client, "/feed/")).findtext("channel/item/guid")

    article.slug = "benidorm-blue-flags-2025"
    article.published_at = PUBLISHED_AT + timedelta(days=1)
    article_save(article=article, user=None)
    item = parse_xml(get_feed(client, "/feed/")).find("channel/item")

    assert item.findtext("link").endswith("/2025/06/11/benidorm-blue-flags-2025/")
    assert item.findtext("guid") == guid


def test_feed_lists_the_latest_thirty_articles_newest_first(client, published):
    articles = [
        published(published_at=PUBLISHED_AT + timedelta(minutes=minutes))[0]
        for minutes in range(FEED_LENGTH + 5)
    ]

    items = parse_xml(get_feed(client, "/feed/")).findall("channel/item")

    newest_first = [SITE + a.get_absolute_url() for a in reversed(articles)]
    assert [item.findtext("link") for item in items] == newest_first[:FEED_LENGTH]


@pytest.mark.parametrize("url", RSS_FEEDS.values(), ids=RSS_FEEDS)
def test_feeds_list_only_published_articles(client, published, url):
    published(headline="Published story")
    published(headline="Draft story", status=Article.Status.DRAFT)
    published(headline="In review story", status=Article.Status.IN_REVIEW)
    published(headline="Scheduled story", published_at=NOW + timedelta(minutes=1))

    items = parse_xml(get_feed(client, url)).findall("channel/item")

    assert [item.findtext("title") for item in items] == ["Published story"]


@pytest.mark.parametrize("url", [*RSS_FEEDS.values(), "/feed/atom/"])
def test_scheduled_article_enters_every_feed_at_its_publication_time(
    client, published, time_machine, url
):
    at = NOW + timedelta(hours=2)
    published(headline="Scheduled story", published_at=at)

    time_machine.move_to(at - timedelta(seconds=1), tick=False)
    if url == RSS_FEEDS["tag"]:
        # A tag no published article has yet is unknown to readers.
        assert client.get(url).status_code == 404
    else:
        before = feedparser.parse(get_feed(client, url).content)
        assert before.entries == []
    time_machine.move_to(at, tick=False)
    after = feedparser.parse(get_feed(client, url).content)

    assert [entry.title for entry in after.entries] == ["Scheduled story"]


def test_section_feed_includes_regional_sub_sections_only_below_it(
    client, spain, costa_blanca, published
):
    published(headline="National", section=spain)
    published(headline="Regional", section=costa_blanca)
    published(headline="Elsewhere", section=SectionFactory(name="World"))

    spain_feed = feedparser.parse(get_feed(client, "/section/spain/feed/").content)
    regional_feed = feedparser.parse(
        get_feed(client, "/section/costa-blanca/feed/").content
    )

    assert spain_feed.feed.title == "Costa News: Spain"
    assert spain_feed.feed.link == f"{SITE}/section/spain/"
    assert {e.title for e in spain_feed.entries} == {"National", "Regional"}
    assert [e.title for e in regional_feed.entries] == ["Regional"]


def test_tag_feed_lists_articles_with_the_tag(client, published):
    published(headline="Tagged", tags=["Beaches"])
    published(headline="Untagged", tags=["Traffic"])

    parsed = feedparser.parse(get_feed(client, "/tag/beaches/feed/").content)

    assert parsed.feed.title == "Costa News: Beaches"
    assert parsed.feed.link == f"{SITE}/tag/beaches/"
    assert [entry.title for entry in parsed.entries] == ["Tagged"]


@pytest.mark.parametrize(
    "url", ["/section/nowhere/feed/", "/tag/nothing/feed/", "/author/nobody/feed/"]
)
def test_feeds_of_unknown_slugs_answer_404(client, url):
    assert client.get(url).status_code == 404


# A tag without published articles has no feed (tests/articles/test_tag_input.py).
@pytest.mark.parametrize(
    "url", [url for url in RSS_FEEDS.values() if "/tag/" not in url] + ["/feed/atom/"]
)
def test_empty_feeds_are_still_valid(client, spain, costa_blanca, laura, url):
    parsed = feedparser.parse(get_feed(client, url).content)

    assert parsed.bozo is False
    assert parsed.entries == []


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        get_feed(client, url)
    return len(queries)


@pytest.mark.parametrize("url", [*RSS_FEEDS.values(), "/feed/atom/"])
def test_feed_query_count_is_small_and_does_not_grow_with_items(
    client, published, laura, url, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            published(
                authors=[laura, *AuthorFactory.create_batch(2)],
                tags=["Beaches", "Tourism", "Weather"],
                with_lead_image=True,
            )

    add(5)
    small = _query_count(client, url)
    add(35)

    with django_assert_max_num_queries(4):
        response = get_feed(client, url)
    assert _query_count(client, url) == small
    assert len(feedparser.parse(response.content).entries) == FEED_LENGTH
