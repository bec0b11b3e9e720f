"""The page cache: anonymous pages served from the shared cache, never stale."""

import gzip
import re
import time
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.sections import comment_form_url
from comments.services import comments_moderate
from newsroom.models import FrontPage, SiteSettings
from newsroom.redis_cache import RedisCache
from pagecache import generations, invalidation, placeholders, store
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import WRITING_SECONDS, rendered_form_fields
from tests.newsroom.appservers import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def clock(time_machine):
    """Return the time machine, stopped at the present."""
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


@pytest.fixture
def story():
    author = AuthorFactory(name="Lucía Pérez", slug="lucia-perez")
    section = SectionFactory(name="Costa Blanca", slug="costa-blanca")
    return ArticleFactory(
        published=True,
        headline="Ferry strike called off",
        section=section,
        authors=[author],
        tags=["ferries"],
    )


def pages_of(article: Article) -> list[str]:
    """Return the public pages listing the article (and its own)."""
    return [
        reverse("home"),
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": "ferries"}),
        article.bylines.get().author.get_absolute_url(),
        reverse("articles:feed"),
    ]


def served(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def state(response) -> str | None:
    return response.get("X-Page-Cache")


def test_second_anonymous_request_is_served_from_the_cache_without_queries(
    client, story, django_assert_num_queries
):
    for url in pages_of(story):
        assert state(served(client, url)) == "miss"
        with django_assert_num_queries(0):
            assert state(served(client, url)) == "hit"


PER_RESPONSE_HEADERS = {"X-Page-Cache", "X-Request-ID", "Cache-Control"}


def test_public_pages_are_served_before_any_other_middleware(
    client, story, monkeypatch
):
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.middleware.csrf import CsrfViewMiddleware

    from newsroom.middleware import ContentSecurityPolicyMiddleware

    misses = {
        url: served(client, url) for url in ("/", story.section.get_absolute_url())
    }
    other_work = []
    for middleware in (SessionMiddleware, CsrfViewMiddleware):

        def recorded(self, request, original=middleware.process_request):
            other_work.append(type(self).__name__)
            return original(self, request)

        monkeypatch.setattr(middleware, "process_request", recorded)

    def recorded_policy(
        self,
        request,
        response,
        original=(ContentSecurityPolicyMiddleware.process_response),
    ):
        other_work.append("ContentSecurityPolicyMiddleware")
        return original(self, request, response)

    monkeypatch.setattr(
        ContentSecurityPolicyMiddleware, "process_response", recorded_policy
    )

    for url, miss in misses.items():
        hit = served(client, url)
        assert state(hit) == "hit"
        # The headers the page left the app with: security policy and all.
        assert {
            name: value
            for name, value in hit.headers.items()
            if name not in PER_RESPONSE_HEADERS
        } == {
            name: value
            for name, value in miss.headers.items()
            if name not in PER_RESPONSE_HEADERS
        }
        assert hit["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
        assert hit["X-Frame-Options"] == "DENY"
    assert other_work == []

    # A page with a comment form needs the CSRF middleware for its token.
    served(client, story.get_absolute_url())
    hit = served(client, story.get_absolute_url())
    assert state(hit) == "hit"
    assert "CsrfViewMiddleware" in other_work
    assert "Content-Security-Policy" in hit


def test_a_page_is_compressed_when_a_reader_first_asks_and_then_kept(
    client, story, monkeypatch
):
    served(client, "/")  # A reader who accepts no compression: none made.
    (key,) = body_keys()
    assert cache.get(key.split(":", 2)[-1])[1:] == (None, None)

    first = served(client, "/", accept_encoding="gzip")
    store.local_bodies.clear()
    compressions = []
    monkeypatch.setattr(
        store.PageBody,
        "with_encoding",
        lambda self, encoding: compressions.append(encoding),
    )
    second = served(client, "/", accept_encoding="gzip")

    assert (state(first), state(second)) == ("hit", "hit")
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert second.content == first.content
    assert compressions == []  # The shared copy had it.


def test_static_files_never_look_in_the_page_cache(client, monkeypatch):
    looked_up = []
    monkeypatch.setattr(
        store.PageCache, "lookup", lambda self, request: looked_up.append(1)
    )

    client.get("/static/css/site.css")

    assert looked_up == []


def body_keys() -> list[str]:
    return [key for key in cache._cache if "page-cache:body:" in key]


def test_a_hit_reads_the_page_body_kept_in_the_process(client, story):
    first = served(client, "/")
    # Only the page's small record is read from the shared cache now.
    cache.delete_many([key.split(":", 2)[-1] for key in body_keys()])
    assert body_keys() == []

    again = served(client, "/")

    assert state(again) == "hit"
    assert again.content == first.content


def test_a_page_whose_body_is_gone_everywhere_is_rendered_again(client, story):
    served(client, "/")
    cache.delete_many([key.split(":", 2)[-1] for key in body_keys()])
    store.local_bodies.clear()

    again = served(client, "/")

    assert state(again) == "miss"
    assert story.headline in again.text
    assert len(body_keys()) == 1


def test_bodies_kept_in_the_process_stay_within_their_size():
    bodies = store.LocalBodies(max_bytes=8_000)
    for number in range(10):
        bodies.put(f"digest-{number}", store.PageBody(b"x" * 900))
    bodies.get("digest-3")  # Recently used: kept.
    bodies.put("digest-10", store.PageBody(b"x" * 900))
    # Too large a share of the whole is never kept.
    bodies.put("large", store.PageBody(b"x" * 2_000))

    assert bodies.size <= 8_000
    assert bodies.get("digest-3") is not None
    assert bodies.get("digest-10") is not None
    assert bodies.get("digest-0") is None
    assert bodies.get("large") is None


def test_cached_pages_are_public_for_a_short_time_with_validators(client, story):
    served(client, "/")
    response = served(client, "/")

    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    max_age = int(re.search(r"max-age=(\d+)", cache_control)[1])
    assert 0 < max_age <= 60
    assert "stale-while-revalidate=30" in cache_control
    assert response["ETag"].startswith('W/"')
    assert parsedate_to_datetime(response["Last-Modified"]) <= timezone.now()


def test_unchanged_page_answers_304_to_if_none_match_and_if_modified_since(
    client, story
):
    first = served(client, "/")

    by_etag = client.get("/", headers={"if-none-match": first["ETag"]})
    by_date = client.get("/", headers={"if-modified-since": first["Last-Modified"]})
    other = client.get("/", headers={"if-none-match": 'W/"something-else"'})

    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_date.status_code == 304
    assert other.status_code == 200


def test_cached_pages_are_sent_compressed_to_readers_who_accept_it(client, story):
    plain = served(client, "/").content
    for encoding, decompress in (("gzip", gzip.decompress), ("br", _brotli)):
        response = served(client, "/", accept_encoding=encoding)
        assert response["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response["Vary"]
        assert decompress(response.content) == plain


@pytest.mark.parametrize(
    "accept_encoding, expected",
    [
        ("gzip, deflate, br", "br"),
        ("gzip;q=0.5, br;q=0", "gzip"),
        ("GZIP ; q=1", "gzip"),
        ("gzip;q=0, br;q=0.0", None),
        ("identity, *;q=0", None),
    ],
)
def test_codings_a_reader_refuses_with_q_0_are_not_sent(
    client, story, accept_encoding, expected
):
    served(client, "/")

    response = served(client, "/", accept_encoding=accept_encoding)

    assert state(response) == "hit"
    assert response.get("Content-Encoding") == expected


def _brotli(data: bytes) -> bytes:
    import brotli

    return brotli.decompress(data)


def test_head_request_is_answered_from_the_cache(client, story):
    served(client, "/")

    response = client.head("/")

    assert response.status_code == 200
    assert state(response) == "hit"


# Invalidation: every change readers would see shows at once.


def test_publishing_an_article_shows_it_on_every_page_listing_it(client, story, commit):
    draft = ArticleFactory(
        headline="Desalination plant opens",
        section=story.section,
        authors=[story.bylines.get().author],
        tags=["ferries"],
    )
    urls = pages_of(story)
    for url in urls:
        served(client, url)

    with commit():
        draft.status = Article.Status.PUBLISHED
        draft.published_at = timezone.now() - timedelta(minutes=1)
        draft.save()

    for url in urls:
        response = served(client, url)
        assert state(response) == "miss", url
        assert "Desalination plant opens" in response.text, url


def test_editing_an_article_shows_the_new_text_everywhere(client, story, commit):
    urls = pages_of(story)
    for url in urls:
        served(client, url)

    with commit():
        story.headline = "Ferry strike goes ahead"
        story.body = "<p>The unions voted to strike.</p>"
        story.save()

    for url in urls:
        text = served(client, url).text
        assert "Ferry strike goes ahead" in text, url
        assert "Ferry strike called off" not in text, url


def test_unpublishing_an_article_removes_it_at_once(client, story, commit):
    url = story.get_absolute_url()
    served(client, url)
    served(client, "/")

    with commit():
        story.status = Article.Status.DRAFT
        story.save()

    assert client.get(url).status_code == 404
    assert "Ferry strike called off" not in served(client, "/").text


def test_saving_a_draft_leaves_the_cache_alone(client, story, commit):
    draft = ArticleFactory(headline="Not yet", section=story.section)
    served(client, "/")

    with commit():
        draft.headline = "Still not yet"
        draft.save()

    assert state(served(client, "/")) == "hit"


def test_scheduled_article_appears_when_its_time_comes_without_any_save(
    client, story, clock
):
    ArticleFactory(
        headline="Midnight budget vote",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(seconds=20),
        section=story.section,
    )
    first = served(client, "/")
    assert "Midnight budget vote" not in first.text
    # Never kept (here or by a CDN) past the moment the article goes live.
    assert int(re.search(r"max-age=(\d+)", first["Cache-Control"])[1]) <= 20
    assert state(served(client, "/")) == "hit"

    clock.shift(timedelta(seconds=21))

    response = served(client, "/")
    assert state(response) == "miss"
    assert "Midnight budget vote" in response.text


def test_breaking_news_banner_goes_when_its_time_is_up(client, story, clock):
    FrontPage.objects.create(
        breaking_news="The AP-7 is closed at Calpe",
        breaking_news_until=timezone.now() + timedelta(seconds=30),
    )
    assert "The AP-7 is closed" in served(client, "/").text

    clock.shift(timedelta(seconds=31))

    assert "The AP-7 is closed" not in served(client, "/").text


def test_approving_a_comment_shows_it_on_the_article_and_home_page(
    client, story, commit
):
    comment = CommentFactory(article=story, body="Good news for Dénia.")
    served(client, story.get_absolute_url())
    served(client, "/")
    other = ArticleFactory(published=True, section=story.section)
    served(client, other.get_absolute_url())

    with commit():
        comment.status = Comment.Status.APPROVED
        comment.save()

    assert "Good news for Dénia." in served(client, story.get_absolute_url()).text
    # The home page's most-commented list counts it.
    assert state(served(client, "/")) == "miss"
    # Other pages don't show comments: they stay cached.
    assert state(served(client, other.get_absolute_url())) == "hit"


def test_moderating_comments_in_bulk_shows_them(client, story, commit, moderator):
    comments = CommentFactory.create_batch(2, article=story, body="Bulk approved.")
    served(client, story.get_absolute_url())

    with commit():
        comments_moderate(
            comments=Comment.objects.filter(pk__in=[c.pk for c in comments]),
            status=Comment.Status.APPROVED,
            moderator=moderator,
        )

    assert served(client, story.get_absolute_url()).text.count("Bulk approved.") == 2


def test_removing_an_approved_comment_hides_it(client, story, commit):
    comment = CommentFactory(article=story, approved=True, body="Soon gone.")
    assert "Soon gone." in served(client, story.get_absolute_url()).text

    with commit():
        comment.status = Comment.Status.REJECTED
        comment.save()

    assert "Soon gone." not in served(client, story.get_absolute_url()).text


def test_a_new_pending_comment_leaves_the_cache_alone(client, story, commit):
    served(client, story.get_absolute_url())

    with commit():
        CommentFactory(article=story, pending=True)

    assert state(served(client, story.get_absolute_url())) == "hit"


def test_editing_an_author_shows_the_new_name(client, story, commit):
    author = story.bylines.get().author
    urls = [story.get_absolute_url(), author.get_absolute_url(), "/"]
    for url in urls:
        served(client, url)

    with commit():
        author.name = "Lucía Pérez Ruiz"
        author.save()

    for url in urls:
        assert "Lucía Pérez Ruiz" in served(client, url).text, url


def test_editing_a_section_shows_everywhere_including_the_menu(client, story, commit):
    urls = ["/", story.get_absolute_url(), story.section.get_absolute_url()]
    for url in urls:
        served(client, url)

    with commit():
        story.section.name = "Marina Alta"
        story.section.save()

    for url in urls:
        assert "Marina Alta" in served(client, url).text, url


def test_changing_site_settings_shows_on_every_page(client, story, commit):
    urls = pages_of(story)
    for url in urls:
        served(client, url)

    with commit():
        site = SiteSettings.load_from_database()
        site.site_name = "Costa Gazette"
        site.save()

    for url in urls:
        assert "Costa Gazette" in served(client, url).text, url


def test_retagging_an_article_updates_the_tag_pages(client, story, commit):
    tag_url = reverse("articles:tag", kwargs={"slug": "ferries"})
    served(client, tag_url)

    with commit():
        story.tags.set(["harbour"])

    assert "Ferry strike called off" not in client.get(tag_url).text
    harbour = served(client, reverse("articles:tag", kwargs={"slug": "harbour"}))
    assert "Ferry strike called off" in harbour.text


def test_changes_inside_a_transaction_show_only_once_committed(
    client, story, django_capture_on_commit_callbacks
):
    served(client, "/")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        story.headline = "Ferry strike goes ahead"
        story.save()
        # Not committed yet: readers still get the old page.
        assert state(served(client, "/")) == "hit"
    for callback in callbacks:
        callback()

    assert "Ferry strike goes ahead" in served(client, "/").text


# Never cached.


def test_logged_in_users_get_their_own_uncached_pages(client, story, editor):
    served(Client(), "/")
    client.force_login(editor)

    response = served(client, "/")

    assert state(response) is None
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_logged_in_users_pages_are_never_stored(client, story, editor):
    client.force_login(editor)
    served(client, story.get_absolute_url())

    assert state(served(Client(), story.get_absolute_url())) == "miss"


def test_admin_and_previews_are_never_cached(client, story, editor):
    client.force_login(editor)
    preview = reverse("admin:articles_article_preview", args=(story.pk,))

    for url in (reverse("admin:index"), preview):
        response = served(client, url)
        assert state(response) is None
        assert "no-cache" in response["Cache-Control"]
    assert state(served(Client(), story.get_absolute_url())) == "miss"


def test_posting_a_comment_is_never_answered_from_the_cache(client, story, commit):
    url = story.get_absolute_url()
    served(client, url)

    response = client.post(url, {"name": "Ana"})

    assert response.status_code == 400
    assert state(response) is None
    assert state(served(Client(), url)) == "hit"


def test_pages_carrying_a_message_are_neither_cached_nor_served_cached(story, clock):
    url = story.get_absolute_url()
    reader = Client()
    served(reader, url)
    fields = form_fields(reader, story)
    clock.shift(timedelta(seconds=WRITING_SECONDS))

    posted = reader.post(
        url,
        fields
        | {"name": "Ana", "email": "ana@example.org", "body": "Thanks for this."},
    )
    assert posted.status_code == 302
    page = served(reader, url)

    assert "awaiting moderation" in page.text
    assert state(page) is None
    assert "private" in page["Cache-Control"]
    assert "awaiting moderation" not in served(Client(), url).text


def test_responses_setting_cookies_or_not_ok_are_not_stored(client, settings, story):
    settings.ROOT_URLCONF = __name__
    for url, status in (("/cookie/", 200), ("/no-such-page/", 404)):
        first, second = client.get(url), client.get(url)
        assert first.status_code == second.status_code == status
        assert state(first) is state(second) is None


def _sets_a_cookie(request):
    response = HttpResponse("Hello")
    response.set_cookie("seen", "yes")
    return response


urlpatterns = [path("cookie/", _sets_a_cookie), path("", include("newsroom.urls"))]


def test_page_cache_can_be_turned_off(client, settings, story):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    served(client, "/")

    response = served(client, "/")

    assert state(response) is None
    assert "public" not in response.get("Cache-Control", "")


# The comment form's per-reader tokens, fetched apart from the shared page.


def form_fields(reader: Client, article: Article) -> dict[str, str]:
    """Return the fields of the comment form the reader fetches to write one."""
    page = reader.get(comment_form_url(article))
    assert page.status_code == 200
    assert state(page) is None
    return rendered_form_fields(page.text)


def test_cached_article_page_is_public_and_the_same_for_every_reader(story):
    url = story.get_absolute_url()

    one = served(Client(), url)
    two = served(Client(), url)

    assert (state(one), state(two)) == ("miss", "hit")
    assert one.content == two.content
    assert "public" in two["Cache-Control"]
    assert two["ETag"]
    assert not two.cookies
    assert 'name="csrfmiddlewaretoken"' not in two.text
    assert 'name="form_token"' not in two.text
    assert f'href="{comment_form_url(story)}"' in two.text
    for placeholder in placeholders.PerReaderValue.registry.values():
        assert placeholder.placeholder not in two.text
    again = Client().get(url, headers={"If-None-Match": two["ETag"]})
    assert again.status_code == 304


def test_each_reader_of_a_cached_page_gets_their_own_tokens(story):
    url = story.get_absolute_url()
    first, second = Client(), Client()
    served(first, url)
    served(second, url)

    fields_one = form_fields(first, story)
    fields_two = form_fields(second, story)

    assert fields_one["csrfmiddlewaretoken"] != fields_two["csrfmiddlewaretoken"]
    assert fields_one["form_token"] != fields_two["form_token"]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    form_page = first.get(comment_form_url(story))
    assert "private" in form_page["Cache-Control"]
    assert "no-store" in form_page["Cache-Control"]


def test_stored_page_holds_no_readers_token(story):
    reader = Client()
    served(reader, story.get_absolute_url())
    token = form_fields(reader, story)["csrfmiddlewaretoken"]

    stored = [value for key, value in cache._cache.items() if "page-cache:" in key]

    assert stored
    assert all(token.encode() not in value for value in stored)


def test_a_second_reader_can_comment_from_a_cached_page(story, clock):
    url = story.get_absolute_url()
    served(Client(), url)
    reader = Client(enforce_csrf_checks=True)
    page = served(reader, url)
    assert state(page) == "hit"
    fields = form_fields(reader, story)
    clock.shift(timedelta(seconds=WRITING_SECONDS))

    response = reader.post(
        url, fields | {"name": "Pau", "email": "pau@example.org", "body": "Great news."}
    )

    assert response.status_code == 302
    assert Comment.objects.get().body == "Great news."


def test_two_readers_commenting_from_the_same_cached_page_both_succeed(story, clock):
    url = story.get_absolute_url()
    readers = [Client(enforce_csrf_checks=True) for _number in range(2)]
    pages = [served(reader, url) for reader in readers]
    assert pages[0].content == pages[1].content
    forms = [form_fields(reader, story) for reader in readers]
    clock.shift(timedelta(seconds=WRITING_SECONDS))

    for number, (reader, fields) in enumerate(zip(readers, forms, strict=True)):
        fields = fields | {
            "name": f"Reader {number}",
            "email": f"reader{number}@example.org",
            "body": f"Comment number {number}.",
        }
        assert reader.post(url, fields).status_code == 302

    assert Comment.objects.count() == 2


# The cache server down.


@pytest.fixture
def redis_down(settings):
    working = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield
    settings.CACHES = working
    store.PageCache._failed_at = float("-inf")
    RedisCache.failed_at = float("-inf")


def test_pages_are_served_uncached_while_redis_is_down(
    client, story, redis_down, caplog
):
    CommentFactory(article=story, approved=True, body="Still here.")
    ArticleFactory(published=True, with_lead_image=True, section=story.section)
    for url in [*pages_of(story), "/sitemap.xml", "/search/?q=ferry"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert state(response) is None or state(response) == "miss"
    assert "Still here." in client.get(story.get_absolute_url()).text
    assert "Redis is unavailable" in caplog.text


def test_changes_while_redis_is_down_dont_fail(client, story, redis_down, commit):
    with commit():
        story.headline = "Edited while the cache was down"
        story.save()

    assert "Edited while the cache was down" in served(client, "/").text


def test_a_page_after_redis_fails_takes_no_longer_than_the_timeouts(
    client, story, redis_down
):
    started = time.monotonic()
    for _number in range(5):
        served(client, "/")

    # The first failure pauses the page cache: no waiting on every request.
    assert time.monotonic() - started < 5


def test_cached_counts_and_menus_come_from_the_cache(client, story):
    served(client, story.section.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        served(client, story.section.get_absolute_url() + "?page=1")

    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "newsroom_sitesettings" not in sql
    assert "COUNT(*)" not in sql


def test_pages_being_served_reuse_what_the_process_read_under_their_generation(
    client, story, commit
):
    served(client, story.section.get_absolute_url())
    # Gone from the shared cache, but still current: the generation is unchanged.
    cache.delete_many(
        [key.split(":", 2)[-1] for key in cache._cache if ":data:" in key]
    )

    with CaptureQueriesContext(connection) as queries:
        served(client, story.section.get_absolute_url() + "?page=1")
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "newsroom_sitesettings" not in sql
    assert "COUNT(*)" not in sql

    with commit():
        SiteSettings.objects.filter(pk=1).update(tagline="News of the coast")
        invalidation.site_changed()
    # A new generation: read (and computed) anew.
    assert "News of the coast" in served(client, "/?fresh").text


def test_process_copies_of_cached_data_are_bounded_and_per_generation():
    kept = generations.LocalData(max_entries=2, max_text=1000)
    kept.put("a", 1, ("A", 0))
    kept.put("b", 1, ("B", 0))

    assert kept.get("a", 1) == ("A", 0)
    assert kept.get("a", 2) is None
    kept.put("c", 1, ("C", 0))  # Full: starts again.
    assert kept.get("a", 1) is None
    assert kept.get("c", 1) == ("C", 0)
    kept.put("d", 2, ("D", 0))
    assert kept.get("c", 1) is None
    assert kept.get("d", 2) == ("D", 0)


class Part:
    def __init__(self, html: str):
        self.html = html
        self.count = 3


def test_process_copies_of_cached_data_are_bounded_by_the_text_they_hold():
    kept = generations.LocalData(max_entries=100, max_text=800)
    kept.put("big", 1, ("x" * 101, 0))  # Over an eighth: never kept here.
    assert kept.get("big", 1) is None

    kept.put("a", 1, (Part("a" * 100), 0))
    kept.put("b", 1, ("b" * 100, 0))
    assert kept.text == 200
    for name in "cdefgh":
        kept.put(name, 1, ("z" * 100, 0))
    assert kept.text == 800
    assert kept.get("a", 1) is not None and kept.get("h", 1) is not None
    kept.put("i", 1, ("i" * 100, 0))  # 900 over 800: starts again.
    assert kept.get("a", 1) is None
    assert kept.get("i", 1) == ("i" * 100, 0)
    assert kept.text == 100
