"""Live coverage as readers get it: the page, permalinks, badges, JSON-LD, feeds."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import live
from articles.models import LiveEntry
from pagecache import schedule
from tests.articles.factories import ArticleFactory, LiveEntryFactory, SectionFactory
from tests.authors.factories import UserFactory
from tests.newsroom.parsing import parse_head, parse_xml

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def live_article():
    return ArticleFactory(
        published=True,
        headline="Storm Dana: live",
        standfirst="Rain warnings across the Vega Baja.",
        body="<p>What we know so far.</p>",
        coverage_started_at=timezone.now() - timedelta(hours=2),
    )


def post_entries(article, count: int, **kwargs) -> list[LiveEntry]:
    return [
        LiveEntryFactory(article=article, body=f"<p>Update {n}.</p>", **kwargs)
        for n in range(count)
    ]


def entry_ids(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'id="entry-(\d+)"', html)]


def test_the_page_keeps_the_article_and_lists_entries_newest_first(
    client, live_article
):
    entries = post_entries(live_article, 3)

    response = client.get(live_article.get_absolute_url())

    html = response.content.decode()
    assert "Storm Dana: live" in html
    assert "Rain warnings across the Vega Baja." in html
    assert "What we know so far." in html
    assert 'class="byline"' in html
    assert entry_ids(html) == [entry.pk for entry in reversed(entries)]
    body = html.split("</head>", 1)[1]
    assert body.index("What we know so far.") < body.index("Update 2.")
    assert "js/live.js" in html
    assert f'data-live-latest="{entries[-1].pk}"' in html


def test_the_pinned_entry_comes_first(client, live_article):
    older, pinned, newest = post_entries(live_article, 3)
    pinned.is_pinned = True
    pinned.save()

    html = client.get(live_article.get_absolute_url()).content.decode()

    assert entry_ids(html) == [pinned.pk, newest.pk, older.pk]
    assert "live-entry--pinned" in html


def test_entries_come_in_pages_of_twenty_without_javascript(client, live_article):
    entries = post_entries(live_article, 45)
    url = live_article.get_absolute_url()

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    third = client.get(url, {"page": 3}).content.decode()

    newest_first = [entry.pk for entry in reversed(entries)]
    assert entry_ids(first) == newest_first[:20]
    assert entry_ids(second) == newest_first[20:40]
    assert entry_ids(third) == newest_first[40:]
    assert 'href="?page=2"' in first
    assert client.get(url, {"page": 4}).status_code == 404
    assert client.get(url, {"page": "x"}).status_code == 404


def test_a_permalink_lands_on_the_entry_after_it_moved_to_an_older_page(
    client, live_article
):
    (first,) = post_entries(live_article, 1)
    url = live_article.get_absolute_url()
    assert client.get(url, {"entry": first.pk}).url == f"{url}#entry-{first.pk}"

    post_entries(live_article, 25)

    response = client.get(url, {"entry": first.pk})
    assert response.status_code == 302
    assert response.url == f"{url}?page=2#entry-{first.pk}"
    assert first.pk in entry_ids(client.get(response.url).content.decode())
    assert client.get(url, {"entry": 999999}).status_code == 404
    assert client.get(url, {"entry": "nope"}).status_code == 404


def test_each_entry_links_to_its_permalink(client, live_article):
    (entry,) = post_entries(live_article, 1)
    html = client.get(live_article.get_absolute_url()).content.decode()
    assert f'href="{live_article.get_absolute_url()}?entry={entry.pk}"' in html


def test_key_events_link_to_their_entries_on_whichever_page(client, live_article):
    (old_key,) = post_entries(live_article, 1, headline="Red alert", is_key_event=True)
    post_entries(live_article, 20)
    (new_key,) = post_entries(
        live_article, 1, headline="AP-7 closed", is_key_event=True
    )

    html = client.get(live_article.get_absolute_url()).content.decode()

    keys = html.split('class="live-key-events"')[1].split("</nav>")[0]
    assert f'href="#entry-{new_key.pk}"' in keys
    assert f'href="?page=2#entry-{old_key.pk}"' in keys
    assert keys.index("AP-7 closed") < keys.index("Red alert")


def test_ended_coverage_reads_as_an_archive_with_the_key_events_on_top(
    client, live_article
):
    post_entries(live_article, 1, headline="Evacuation ordered", is_key_event=True)
    post_entries(live_article, 1)
    live_article.coverage_ended_at = timezone.now()
    live_article.save()

    html = client.get(live_article.get_absolute_url()).content.decode()

    assert "Live coverage ended" in html
    assert "Summary: the key events" in html
    assert html.index("Evacuation ordered") < html.index("What we know so far.")
    assert "data-live-updates" not in html
    assert "js/live.js" not in html
    assert len(entry_ids(html)) == 2


def test_an_ordinary_article_has_no_live_parts(client):
    article = ArticleFactory(published=True)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "live-badge" not in html
    assert 'class="live"' not in html
    assert "LiveBlogPosting" not in html


def test_the_live_badge_shows_on_cards_while_live_only(client, live_article):
    url_home, url_section = reverse("home"), live_article.section.get_absolute_url()
    search = reverse("search") + "?q=Dana"
    for url in (url_home, url_section, search):
        assert 'class="live-badge"' in client.get(url).content.decode(), url

    live_article.coverage_ended_at = timezone.now()
    live_article.save()

    for url in (url_home, url_section, search):
        assert 'class="live-badge"' not in client.get(url).content.decode(), url


def test_json_ld_is_a_live_blog_posting(client, live_article):
    entries = post_entries(live_article, 2, headline="Rain eases")

    head = parse_head(client.get(live_article.get_absolute_url()).content.decode())

    data = head.schema("LiveBlogPosting")
    assert data["coverageStartTime"] == (
        timezone.localtime(live_article.coverage_started_at).isoformat(
            timespec="seconds"
        )
    )
    assert "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert [update["url"].rsplit("=", 1)[1] for update in updates] == [
        str(entry.pk) for entry in reversed(entries)
    ]
    assert updates[0]["@type"] == "BlogPosting"
    assert updates[0]["headline"] == "Rain eases"
    assert updates[0]["articleBody"] == "Update 1."

    live_article.coverage_ended_at = timezone.now()
    live_article.save()
    head = parse_head(client.get(live_article.get_absolute_url()).content.decode())
    assert "coverageEndTime" in head.schema("LiveBlogPosting")


def test_a_new_entry_updates_the_feed_item(client, live_article):
    entry = live.live_entry_post(
        article=live_article, user=_editor(), body="<p>New.</p>"
    )

    feed = parse_xml(client.get("/feed/atom/"))
    (item,) = feed.findall(f"{ATOM}entry")
    updated = datetime.fromisoformat(item.findtext(f"{ATOM}updated"))
    published = datetime.fromisoformat(item.findtext(f"{ATOM}published"))
    assert updated == entry.created_at
    assert published == live_article.published_at


def _editor():
    user = UserFactory(username="desk-editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def test_the_news_sitemap_keeps_running_coverage_started_days_ago(client):
    section = SectionFactory()
    old_live = ArticleFactory(
        published=True,
        section=section,
        published_at=timezone.now() - timedelta(days=5),
        coverage_started_at=timezone.now() - timedelta(days=5),
    )
    old_plain = ArticleFactory(
        published=True, published_at=timezone.now() - timedelta(days=5)
    )

    text = client.get("/news-sitemap.xml").content.decode()

    assert old_live.get_absolute_url() in text
    assert old_plain.get_absolute_url() not in text


def test_update_endpoint_returns_entries_after_since(client, live_article):
    first, second, third = post_entries(live_article, 3)
    url = live.updates_url(live_article)

    data = client.get(url, {"since": first.pk}).json()

    assert [entry["id"] for entry in data["entries"]] == [third.pk, second.pk]
    assert data["latest"] == third.pk
    assert data["live"] is True
    assert f'id="entry-{third.pk}"' in data["entries"][0]["html"]
    nothing = client.get(url, {"since": third.pk}).json()
    assert nothing["entries"] == []
    assert nothing["latest"] == third.pk


@pytest.mark.parametrize("since", ["x", "-1", "1.5"])
def test_update_endpoint_refuses_a_bad_since(client, live_article, since):
    response = client.get(live.updates_url(live_article), {"since": since})
    assert response.status_code == 400
    assert "since" in response.json()["error"]


def test_update_endpoint_is_only_for_published_live_coverage(client, live_article):
    plain = ArticleFactory(published=True)
    assert client.get(live.updates_url(plain)).status_code == 404
    draft = ArticleFactory(coverage_started_at=timezone.now())
    assert client.get(live.updates_url(draft)).status_code == 404


def test_update_endpoint_asks_for_a_reload_after_too_many_entries(client, live_article):
    post_entries(live_article, live.MAX_UPDATES + 1)
    data = client.get(live.updates_url(live_article), {"since": 0}).json()
    assert data["reload"] is True
    assert len(data["entries"]) == live.MAX_UPDATES


def test_the_page_makes_as_many_queries_for_45_entries_as_for_3(
    client, live_article, django_assert_num_queries
):
    post_entries(live_article, 3, headline="Key", is_key_event=True)
    url = live_article.get_absolute_url()
    client.get(url)  # warm what every page keeps per generation
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    post_entries(live_article, 42, headline="Key", is_key_event=True)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_coverage_starting_or_ending_later_limits_cached_copies(live_article):
    starts = timezone.now() + timedelta(hours=2)
    ends = timezone.now() + timedelta(hours=1)
    ArticleFactory(published=True, coverage_started_at=starts)
    live_article.coverage_ended_at = ends
    live_article.save()

    assert schedule.next_change() == ends.timestamp()
    live_article.coverage_ended_at = None
    live_article.save()
    assert schedule.next_change() == starts.timestamp()
