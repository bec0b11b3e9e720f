from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from comments import selectors
from comments.selectors import most_commented_articles
from newsroom.front_page import LATEST_COUNT, SECTION_BLOCK_SIZE, TOP_STORIES_MIN
from newsroom.models import FrontPage, SiteSettings, TopStory
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 18, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True)
def site_settings(db):
    return SiteSettings.load()


@pytest.fixture
def section():
    return SectionFactory(name="Spain", slug="spain")


@pytest.fixture
def stories(section):
    """Return a factory of published stories, newest last (one minute apart)."""
    made = []

    def make(count=1, **kwargs):
        batch = []
        for _ in range(count):
            defaults = {
                "status": Article.Status.PUBLISHED,
                "published_at": NOW - timedelta(days=1) + timedelta(minutes=len(made)),
                "section": section,
            }
            article = ArticleFactory(**(defaults | kwargs))
            made.append(article)
            batch.append(article)
        return batch

    return make


def pin(lead=None, top=(), **fields) -> FrontPage:
    front_page, _created = FrontPage.objects.update_or_create(
        pk=1, defaults={"lead": lead, **fields}
    )
    front_page.top_stories.all().delete()
    for position, article in enumerate(top):
        TopStory.objects.create(
            front_page=front_page, article=article, position=position
        )
    return front_page


def home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def test_without_pins_the_newest_stories_lead(client, stories):
    articles = stories(20)

    response = home(client)

    newest_first = articles[::-1]
    assert response.context["lead"] == newest_first[0]
    assert response.context["top_stories"] == newest_first[1 : 1 + TOP_STORIES_MIN]
    assert (
        response.context["latest"]
        == newest_first[1 + TOP_STORIES_MIN : 1 + TOP_STORIES_MIN + LATEST_COUNT]
    )


def test_pinned_lead_and_top_stories_come_first_in_the_editors_order(client, stories):
    old_lead, first, second, *others = stories(10)
    pin(lead=old_lead, top=[second, first])

    response = home(client)

    assert response.context["lead"] == old_lead
    assert response.context["top_stories"][:2] == [second, first]
    # The newest stories fill the places left.
    assert response.context["top_stories"][2:] == [others[-1], others[-2]]
    assert old_lead not in response.context["latest"]


def test_top_story_order_follows_position_not_creation(client, stories):
    a, b, c = stories(3)
    front_page = pin()
    TopStory.objects.create(front_page=front_page, article=a, position=3)
    TopStory.objects.create(front_page=front_page, article=b, position=1)
    TopStory.objects.create(front_page=front_page, article=c, position=2)

    response = home(client)

    # With no lead pinned, the newest story not already a top story leads.
    assert response.context["top_stories"][:3] == [b, c, a]


def test_editors_can_pin_more_top_stories_than_the_minimum(client, stories):
    articles = stories(12)
    pinned = articles[:6]
    pin(lead=articles[6], top=pinned)

    response = home(client)

    assert response.context["top_stories"] == pinned


@pytest.mark.parametrize(
    "unpublish",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.IN_REVIEW, "published_at": None},
        {"published_at": NOW + timedelta(hours=2)},
    ],
    ids=["draft", "in review", "rescheduled"],
)
def test_unpublished_pins_disappear_at_once(client, stories, unpublish):
    lead, top, *_rest = stories(8)
    pin(lead=lead, top=[top])
    Article.objects.filter(pk__in=[lead.pk, top.pk]).update(**unpublish)

    response = home(client)

    shown = [
        response.context["lead"],
        *response.context["top_stories"],
        *response.context["latest"],
    ]
    assert lead not in shown
    assert top not in shown
    assert lead.headline not in response.text
    assert top.headline not in response.text
    assert response.context["lead"] is not None


def test_a_scheduled_pin_appears_when_its_time_comes(client, time_machine, stories):
    stories(6)
    (scheduled,) = stories(published_at=NOW + timedelta(hours=1))
    pin(lead=scheduled)

    assert home(client).context["lead"] != scheduled

    time_machine.move_to(NOW + timedelta(hours=1, seconds=1), tick=False)
    assert home(client).context["lead"] == scheduled


def uncached_home(client, name: str):
    """Return the home page rendered afresh (another URL: a page-cache miss)."""
    response = client.get(reverse("home"), {name: "1"})
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    return response


def test_pins_come_from_the_shared_cache_until_editors_change_them(
    client, stories, page_cache_on, commit
):
    first, second, *_rest = stories(6)
    pin(lead=first)
    assert uncached_home(client, "a").context["lead"] == first

    with CaptureQueriesContext(connection) as queries:
        assert uncached_home(client, "b").context["lead"] == first
    assert not any(
        "newsroom_frontpage" in query["sql"] for query in queries.captured_queries
    )

    with commit():
        pin(lead=second)

    assert uncached_home(client, "c").context["lead"] == second


def test_a_cached_scheduled_pin_appears_when_its_time_comes(
    client, time_machine, stories, page_cache_on
):
    stories(6)
    (scheduled,) = stories(published_at=NOW + timedelta(hours=1))
    pin(lead=scheduled)
    assert uncached_home(client, "a").context["lead"] != scheduled

    time_machine.move_to(NOW + timedelta(hours=1, seconds=1), tick=False)

    assert uncached_home(client, "b").context["lead"] == scheduled


def test_deleting_a_pinned_article_unpins_it(client, stories):
    lead, top, *_rest = stories(6)
    front_page = pin(lead=lead, top=[top])

    lead.delete()
    top.delete()

    front_page.refresh_from_db()
    assert front_page.lead is None
    assert front_page.top_stories.count() == 0
    assert home(client).status_code == 200


def test_lead_falls_back_to_the_newest_story_with_a_photo(client, stories):
    (with_photo,) = stories(with_lead_image=True)
    newer = stories(3)

    response = home(client)

    assert response.context["lead"] == with_photo
    assert response.context["top_stories"] == newer[::-1]


def test_every_story_appears_once(client, stories, section):
    other = SectionFactory(name="Sport", slug="sport")
    stories(15)
    stories(15, section=other)

    response = home(client)

    shown = [
        response.context["lead"],
        *response.context["top_stories"],
        *response.context["latest"],
        *(a for block in response.context["section_blocks"] for a in block.articles),
    ]
    assert len(shown) == len(set(shown))


def test_section_blocks_show_the_latest_of_each_top_level_section(client, section):
    region = SectionFactory(name="Costa Blanca North", parent=section, menu_order=1)
    sport = SectionFactory(name="Sport", slug="sport", menu_order=2)
    empty = SectionFactory(name="Culture", slug="culture", menu_order=3)
    section.menu_order = 0
    section.save()
    # Enough recent stories elsewhere to fill the top of the page.
    filler = SectionFactory(name="Opinion", slug="opinion", menu_order=9)
    ArticleFactory.create_batch(
        1 + TOP_STORIES_MIN + LATEST_COUNT,
        published=True,
        section=filler,
        published_at=NOW - timedelta(minutes=1),
    )
    national = ArticleFactory(
        published=True, section=section, published_at=NOW - timedelta(days=3)
    )
    regional = ArticleFactory.create_batch(
        SECTION_BLOCK_SIZE,
        published=True,
        section=region,
        published_at=NOW - timedelta(days=2),
    )
    match = ArticleFactory(
        published=True, section=sport, published_at=NOW - timedelta(days=5)
    )
    ArticleFactory(draft=True, section=sport)
    ArticleFactory(scheduled=True, section=sport)

    blocks = {
        block.section: block.articles
        for block in home(client).context["section_blocks"]
    }

    # Regional editions count for their parent and get no block of their own.
    assert list(blocks) == [section, sport]
    assert blocks[section] == regional[::-1]
    assert national not in blocks[section]
    assert blocks[sport] == [match]
    assert region not in blocks
    assert empty not in blocks


def test_most_commented_counts_approved_comments_on_recent_stories(client, stories):
    quiet, busy, busier, old = stories(4)
    Article.objects.filter(pk=old.pk).update(published_at=NOW - timedelta(days=30))
    for article, count in ((quiet, 1), (busy, 2), (busier, 3), (old, 9)):
        CommentFactory.create_batch(count, article=article, approved=True)
    CommentFactory.create_batch(5, article=quiet, pending=True)
    CommentFactory.create_batch(5, article=quiet, spam=True)

    response = home(client)

    text = response.text
    section = text[text.index('id="most-commented-heading"') :]
    assert section.index(busier.headline) < section.index(busy.headline)
    assert section.index(busy.headline) < section.index(quiet.headline)
    assert old.headline not in section
    assert "3 comments" in section
    assert "1 comment<" in section


def test_most_commented_leaves_out_stories_without_approved_comments(stories):
    older, newer, waiting, _silent = stories(4)
    for article in (older, newer):
        CommentFactory.create_batch(2, article=article, approved=True)
    CommentFactory.create_batch(3, article=waiting, pending=True)

    found = list(most_commented_articles(NOW - timedelta(days=7)))

    # Equal counts: the newer story first.
    assert found == [newer, older]
    assert [article.comment_count for article in found] == [2, 2]


def test_most_commented_ranks_only_the_latest_stories_of_the_period(
    stories, monkeypatch
):
    busiest, *latest = stories(3)
    CommentFactory.create_batch(5, article=busiest, approved=True)
    for article in latest:
        CommentFactory(article=article, approved=True)
    monkeypatch.setattr(selectors, "MOST_COMMENTED_POOL", 2)

    found = list(most_commented_articles(NOW - timedelta(days=7)))

    assert found == latest[::-1]


def test_breaking_news_banner_shows_until_it_expires(client, time_machine, stories):
    (story,) = stories()
    pin(
        breaking_news="The AP-7 is closed at Calpe",
        breaking_news_article=story,
        breaking_news_until=NOW + timedelta(hours=2),
    )

    response = home(client)
    assert response.context["breaking_news"].text == "The AP-7 is closed at Calpe"
    assert (
        f'<a href="{story.get_absolute_url()}">The AP-7 is closed at Calpe</a>'
        in response.text
    )

    time_machine.move_to(NOW + timedelta(hours=2), tick=False)
    response = home(client)
    assert response.context["breaking_news"] is None
    assert "The AP-7 is closed at Calpe" not in response.text


def test_breaking_news_link_hides_while_its_story_is_unpublished(client, stories):
    (draft,) = stories(status=Article.Status.DRAFT, published_at=None)
    pin(
        breaking_news="Storm warning",
        breaking_news_article=draft,
        breaking_news_until=NOW + timedelta(hours=1),
    )

    response = home(client)

    assert response.context["breaking_news"].article is None
    assert "Storm warning" in response.text
    assert draft.get_absolute_url() not in response.text


def test_empty_banner_text_shows_no_banner(client, stories):
    stories()
    pin(breaking_news="  ", breaking_news_until=NOW + timedelta(hours=1))

    assert home(client).context["breaking_news"] is None


def test_empty_site_says_so(client):
    response = home(client)

    assert response.context["lead"] is None
    assert "No stories have been published yet." in response.text


@pytest.mark.parametrize("count", [5, 50])
def test_home_query_count_is_fixed(
    client, count, django_assert_max_num_queries, section, settings
):
    # The view itself: the page cache (pagecache/) has its own tests.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    sections = [section, *SectionFactory.create_batch(3)]
    SectionFactory.create_batch(2, parent=section)
    authors = AuthorFactory.create_batch(3)
    articles = [
        ArticleFactory(
            published=True,
            section=sections[number % len(sections)],
            authors=authors,
            tags=["water", "beaches"],
        )
        for number in range(count)
    ]
    for article in articles:
        CommentFactory.create_batch(2, article=article, approved=True)
    pin(
        lead=articles[0],
        top=articles[1:4],
        breaking_news="Storm warning",
        breaking_news_article=articles[0],
        breaking_news_until=NOW + timedelta(hours=1),
    )

    # Site settings, menu, front page, newest ids, section blocks, articles,
    # bylines, most commented.
    with django_assert_max_num_queries(8):
        response = home(client)
    assert response.context["lead"] == articles[0]


# Admin ------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def front_page_form(**overrides) -> dict:
    data = {
        "lead": "",
        "breaking_news": "",
        "breaking_news_article": "",
        "breaking_news_until_0": "",
        "breaking_news_until_1": "",
        "top_stories-TOTAL_FORMS": "0",
        "top_stories-INITIAL_FORMS": "0",
        "top_stories-MIN_NUM_FORMS": "0",
        "top_stories-MAX_NUM_FORMS": "8",
    }
    return data | overrides


def test_editors_curate_the_front_page_in_the_admin(editor_client, stories):
    lead, first, second = stories(3)
    changelist = editor_client.get(reverse("admin:newsroom_frontpage_changelist"))
    assert changelist.status_code == 302
    url = reverse("admin:newsroom_frontpage_change", args=(1,))
    assert changelist["Location"] == url
    assert editor_client.get(url).status_code == 200

    response = editor_client.post(
        url,
        front_page_form(
            lead=lead.pk,
            breaking_news="Storm warning",
            breaking_news_until_0="2025-06-18",
            breaking_news_until_1="18:00",
            **{
                "top_stories-TOTAL_FORMS": "2",
                "top_stories-0-article": second.pk,
                "top_stories-0-position": "1",
                "top_stories-1-article": first.pk,
                "top_stories-1-position": "2",
            },
        ),
    )

    assert response.status_code == 302, response.context["errors"]
    front_page = FrontPage.objects.get()
    assert front_page.lead == lead
    assert [pin.article for pin in front_page.top_stories.all()] == [second, first]
    assert front_page.breaking_news_is_live() is True


def test_banner_text_needs_an_end_time(editor_client, stories):
    FrontPage.objects.create()
    url = reverse("admin:newsroom_frontpage_change", args=(1,))

    response = editor_client.post(url, front_page_form(breaking_news="Storm"))

    assert response.status_code == 200
    assert "Say until when the banner shows" in response.text
    assert FrontPage.objects.get().breaking_news == ""


def test_the_lead_cannot_also_be_a_top_story(editor_client, stories):
    (lead,) = stories()
    FrontPage.objects.create()
    url = reverse("admin:newsroom_frontpage_change", args=(1,))

    response = editor_client.post(
        url,
        front_page_form(
            lead=lead.pk,
            **{
                "top_stories-TOTAL_FORMS": "1",
                "top_stories-0-article": lead.pk,
                "top_stories-0-position": "0",
            },
        ),
    )

    assert response.status_code == 200
    assert "This story is the lead already" in response.text
    assert FrontPage.objects.get().lead is None


@pytest.mark.parametrize("role", ["reporter", "moderator"])
def test_only_editors_curate_the_front_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    FrontPage.objects.create()

    response = client.get(reverse("admin:newsroom_frontpage_change", args=(1,)))

    assert response.status_code == 403


def test_the_admin_says_what_readers_see(editor_client, stories):
    (draft,) = stories(status=Article.Status.DRAFT, published_at=None)
    pin(
        lead=draft,
        breaking_news="Old news",
        breaking_news_until=NOW - timedelta(minutes=1),
    )

    response = editor_client.get(reverse("admin:newsroom_frontpage_change", args=(1,)))

    assert "Hidden until the story is published." in response.text
    assert "Hidden: it expired at" in response.text
