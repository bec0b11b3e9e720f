"""Live coverage in the page cache: the update endpoint's 304s, and a new entry
invalidating exactly the pages that show it, on one server and on two."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles import live
from tests.articles.factories import ArticleFactory, LiveEntryFactory, SectionFactory
from tests.authors.factories import AuthorFactory, UserFactory
from tests.newsroom.appservers import Browser, csrf_token, log_in

PASSWORD = "correct-horse-battery-staple"


def make_editor():
    user = UserFactory(username="desk", is_staff=True, password=PASSWORD)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def live_story(**kwargs):
    region = SectionFactory(name="Spain", slug="spain")
    return ArticleFactory(
        published=True,
        headline="Election night: live",
        section=SectionFactory(name="Alicante", slug="alicante", parent=region),
        coverage_started_at=timezone.now() - timedelta(hours=1),
        **kwargs,
    )


def state(response) -> str | None:
    return response.get("X-Page-Cache")


@pytest.mark.django_db
def test_update_endpoint_is_cached_and_answers_304_until_an_entry_arrives(
    client, page_cache_on, commit
):
    article = live_story()
    first = LiveEntryFactory(article=article)
    url = f"{live.updates_url(article)}?since={first.pk}"

    miss = client.get(url)
    hit = client.get(url)
    assert (state(miss), state(hit)) == ("miss", "hit")
    assert hit["ETag"] == miss["ETag"]
    assert "max-age=5" in hit["Cache-Control"]
    assert "public" in hit["Cache-Control"]
    unchanged = client.get(url, headers={"if-none-match": hit["ETag"]})
    assert unchanged.status_code == 304
    since_then = client.get(url, headers={"if-modified-since": hit["Last-Modified"]})
    assert since_then.status_code == 304

    with commit():
        entry = live.live_entry_post(
            article=article, user=make_editor(), body="<p>First results in.</p>"
        )

    fresh = client.get(url, headers={"if-none-match": hit["ETag"]})
    assert fresh.status_code == 200
    assert state(fresh) == "miss"
    data = json.loads(fresh.content)
    assert [e["id"] for e in data["entries"]] == [entry.pk]
    assert "First results in." in data["entries"][0]["html"]


@pytest.mark.django_db
def test_a_new_entry_invalidates_exactly_its_pages(client, page_cache_on, commit):
    article = live_story()
    other = ArticleFactory(
        published=True, section=SectionFactory(slug="sport", name="Sport")
    )
    article_url = article.get_absolute_url()
    changed = [
        article_url,
        f"{article_url}?page=1",
        live.updates_url(article),
        reverse("home"),
        reverse("articles:section", args=("alicante",)),
        reverse("articles:section", args=("spain",)),
        reverse("articles:feed"),
    ]
    unchanged = [
        other.get_absolute_url(),
        reverse("articles:section", args=("sport",)),
        reverse("search") + "?q=election",
        reverse("authors:detail", args=(article.authors.get().slug,)),
    ]
    for url in changed + unchanged:
        assert state(client.get(url)) == "miss", url
        assert state(client.get(url)) == "hit", url

    with commit():
        live.live_entry_post(
            article=article, user=make_editor(), body="<p>Turnout 70%.</p>"
        )

    for url in changed:
        assert state(client.get(url)) == "miss", url
    for url in unchanged:
        assert state(client.get(url)) == "hit", url
    assert "Turnout 70%." in client.get(article_url).content.decode()


@pytest.mark.django_db
def test_editing_and_deleting_an_entry_invalidate_its_page(
    client, page_cache_on, commit
):
    article = live_story()
    entry = LiveEntryFactory(article=article, body="<p>Polls close at 8.</p>")
    url = article.get_absolute_url()
    client.get(url)
    assert state(client.get(url)) == "hit"

    with commit():
        live.live_entry_edit(entry=entry, user=make_editor(), body="<p>At 20:00.</p>")
    page = client.get(url)
    assert state(page) == "miss"
    assert "At 20:00." in page.content.decode()

    with commit():
        live.live_entry_delete(entry=entry, user=make_editor())
    page = client.get(url)
    assert "At 20:00." not in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_entry_posted_through_one_server_reaches_readers_of_both(
    start_app_servers, redis_url, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    first, second = start_app_servers(2, REDIS_URL=redis_url)
    editor = make_editor()
    article = live_story(authors=[AuthorFactory(user=editor)])
    url = live.updates_url(article)

    reader = Browser()
    etags = {}
    for server in (first, second):
        answer = reader.get(f"{server.url}{url}?since=0")
        assert answer.status == 200
        assert json.loads(answer.text)["entries"] == []
        again = reader.get(f"{server.url}{url}?since=0")
        assert again.headers["X-Page-Cache"] == "hit"
        etags[server.url] = again.headers["ETag"]

    desk = Browser()
    assert log_in(desk, first.url, "desk", PASSWORD).status == 302
    desk_url = first.url + reverse("admin:articles_liveentry_desk", args=(article.pk,))
    page = desk.get(desk_url)
    posted = desk.post(
        desk_url,
        {
            "csrfmiddlewaretoken": csrf_token(page.text),
            "headline": "",
            "body": "<p>Exit poll: hung council.</p>",
            "author": "",
        },
    )
    assert posted.status == 302, posted.text[-1500:]

    for server in (second, first):
        answer = reader.get(f"{server.url}{url}?since=0")
        assert answer.status == 200
        assert answer.headers["ETag"] != etags[server.url]
        (entry,) = json.loads(answer.text)["entries"]
        assert "Exit poll: hung council." in entry["html"]
        page = reader.get(server.url + article.get_absolute_url())
        assert "Exit poll: hung council." in page.text
