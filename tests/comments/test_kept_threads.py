"""An article's comment threads, kept until its page changes.

The page cache keeps a page a minute at most; once it expires, or when a reader
comes with a query string of their own (?utm_source=…), the page is rendered
again. Its comment threads are kept rendered until the article's page changes
(comments.sections.shown_threads()): a moderator's decision, an edit of a
comment or a comment moved away must show on the very next request, and a page
asked for in an odd way (?reply_to=, ?cpage=01) is rendered each time.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import sections
from comments.models import Comment
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

THREADS_TEMPLATE = "comments/includes/comment_threads.html"


def rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def comment_list(response) -> str:
    text = response.content.decode()
    start = text.find('id="comments"')
    return text[start : text.find("</section>", start)]


@pytest.fixture
def story():
    story = ArticleFactory(published=True, headline="Ferry strike")
    CommentFactory(article=story, approved=True, name="Ana", body="Walk instead.")
    return story


def test_a_page_rendered_again_with_nothing_changed_reads_no_comment(client, story):
    url = story.get_absolute_url()
    first = client.get(url)
    assert THREADS_TEMPLATE in rendered(first)

    # Another reader's query string: not the stored page, so rendered again.
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"{url}?utm_source=newsletter")
    assert again["X-Page-Cache"] == "miss"
    assert THREADS_TEMPLATE not in rendered(again)
    assert "Walk instead." in comment_list(again)
    assert comment_list(again) == comment_list(first)
    assert [query["sql"] for query in queries.captured_queries] == []


def test_a_decision_shows_on_the_next_request(client, story, commit):
    url = story.get_absolute_url()
    waiting = CommentFactory(article=story, pending=True, body="Take the bus.")
    assert "Take the bus." not in comment_list(client.get(url))

    with commit():
        waiting.status = Comment.Status.APPROVED
        waiting.moderated_at = timezone.now()
        waiting.save()
    shown = comment_list(client.get(f"{url}?utm_source=x"))
    assert "Take the bus." in shown and "Walk instead." in shown

    with commit():
        waiting.status = Comment.Status.REJECTED
        waiting.save()
    assert "Take the bus." not in comment_list(client.get(f"{url}?utm_source=x"))


def test_an_edited_comment_shows_on_the_next_request(client, story, commit):
    url = story.get_absolute_url()
    assert "Walk instead." in comment_list(client.get(url))

    with commit():
        comment = Comment.objects.get(article=story)
        comment.body = "Cycle instead."
        comment.save()
    shown = comment_list(client.get(f"{url}?utm_source=x"))
    assert "Cycle instead." in shown and "Walk instead." not in shown


def test_a_comment_moved_to_another_article_leaves_the_first_at_once(
    client, story, commit
):
    other = ArticleFactory(published=True)
    assert "Walk instead." in comment_list(client.get(story.get_absolute_url()))
    assert "Walk instead." not in comment_list(client.get(other.get_absolute_url()))

    with commit():
        comment = Comment.objects.get(article=story)
        comment.article = other
        comment.save()
    assert "Walk instead." not in comment_list(client.get(story.get_absolute_url()))
    assert "Walk instead." in comment_list(client.get(other.get_absolute_url()))


def test_each_order_and_page_is_kept_apart(client, story, monkeypatch):
    monkeypatch.setattr(sections, "COMMENT_THREADS_PER_PAGE", 2)
    for name in ("Ben", "Cai", "Dan"):
        CommentFactory(article=story, approved=True, name=name)
    url = story.get_absolute_url()
    names = ('class="comment__name">', "</span>")

    def shown(query):
        text = comment_list(client.get(f"{url}{query}"))
        return [part.split(names[1])[0] for part in text.split(names[0])[1:]]

    assert shown("") == ["Ana", "Ben"]
    assert shown("?corder=newest") == ["Dan", "Cai"]
    assert shown("?cpage=2") == ["Cai", "Dan"]
    assert shown("?corder=newest&cpage=2") == ["Ben", "Ana"]
    # And again, from what was kept.
    assert shown("?utm_source=x") == ["Ana", "Ben"]
    assert shown("?corder=newest&utm_source=x") == ["Dan", "Cai"]
    assert client.get(f"{url}?cpage=3").status_code == 404


@pytest.fixture
def kept_names(monkeypatch):
    """Record the names of what shown_threads() keeps."""
    names = []
    real = sections.generation_cached

    def recording(name, compute, **kwargs):
        names.append(name)
        return real(name, compute, **kwargs)

    monkeypatch.setattr(sections, "generation_cached", recording)
    return names


@pytest.mark.parametrize(
    "query", ["?reply_to=1", "?cpage=01", "?cpage=%EF%BC%91", "?cpage=+1"]
)
def test_odd_requests_keep_nothing(client, story, kept_names, query):
    client.get(f"{story.get_absolute_url()}{query}")
    assert kept_names == []


@pytest.mark.parametrize("number", ["9" * 5000, "9" * 10, "0", "-1", "1e3"])
def test_junk_page_numbers_are_not_found(client, story, number):
    response = client.get(f"{story.get_absolute_url()}?cpage={number}")
    assert response.status_code == 404


def test_plain_pages_are_kept(client, story, kept_names):
    client.get(story.get_absolute_url())
    client.get(f"{story.get_absolute_url()}?cpage=1&corder=newest")
    assert len(kept_names) == 2
    assert all(name.startswith(f"comment-threads:{story.pk}:") for name in kept_names)


def test_closed_comments_keep_threads_without_reply_links(client, story, commit):
    url = story.get_absolute_url()
    assert "comment__reply" in comment_list(client.get(url))

    # Closing comments is an edit of the article: a new generation.
    with commit():
        story.comments_open = False
        story.save()
    closed = comment_list(client.get(f"{url}?utm_source=x"))
    assert "Walk instead." in closed
    assert "comment__reply" not in closed


def most_commented_box(response) -> str:
    text = response.content.decode()
    start = text.find('id="most-commented-heading"')
    return text[start : text.find("</section>", start)] if start != -1 else ""


def test_the_most_commented_list_follows_each_decision(client, story, commit):
    assert "1 comment" in most_commented_box(client.get("/"))

    waiting = CommentFactory(article=story, pending=True)
    with commit():
        waiting.status = Comment.Status.APPROVED
        waiting.moderated_at = timezone.now()
        waiting.save()
    assert "2 comments" in most_commented_box(client.get("/"))

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/?utm_source=newsletter")
    assert again["X-Page-Cache"] == "miss"
    assert "2 comments" in most_commented_box(again)
    assert [query["sql"] for query in queries.captured_queries] == []

    with commit():
        waiting.status = Comment.Status.SPAM
        waiting.save()
    assert "1 comment" in most_commented_box(client.get("/"))
