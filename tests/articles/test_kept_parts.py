"""The parts of the article and home pages kept until the site changes.

A moderator's decision re-renders the article page and the home page
(comments/signals.py), but their stories, cards and related stories only
change with the site's generation: those parts are kept as HTML
({% generation_cache %}) and only the comments are rendered again. A preview,
and a live blog whose entries change without a new generation, keep nothing.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from pagecache.templatetags import pagecache_tags
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.comments.factories import CommentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def rendered(response) -> set[str]:
    return {template.name for template in response.templates}


@pytest.fixture
def story():
    section = SectionFactory()
    story = ArticleFactory(
        published=True, section=section, tags=["ferries"], headline="Ferry strike"
    )
    ArticleFactory(
        published=True, section=section, tags=["ferries"], headline="Fares rise"
    )
    return story


def approve(comment):
    comment.status = Comment.Status.APPROVED
    comment.moderated_at = timezone.now()
    comment.save()


def test_an_approved_comment_shows_without_rendering_the_article_again(
    client, story, commit
):
    comment = CommentFactory(article=story, pending=True, body="Walk instead.")
    url = story.get_absolute_url()
    first = client.get(url)
    assert "articles/includes/byline.html" in rendered(first)
    assert "Walk instead." not in first.content.decode()

    with commit():
        approve(comment)

    second = client.get(url)
    assert second["X-Page-Cache"] == "miss"
    text = second.content.decode()
    assert "Walk instead." in text
    assert "Ferry strike" in text and "Fares rise" in text
    kept = {
        "articles/includes/byline.html",
        "articles/includes/related_articles.html",
        "authors/includes/author_box.html",
    }
    assert kept <= rendered(first)
    assert not kept & rendered(second)


def test_an_edit_shows_on_the_next_request(client, story, commit):
    url = story.get_absolute_url()
    client.get(url)

    with commit():
        story.headline = "Ferry strike called off"
        story.save()

    response = client.get(url)
    assert "Ferry strike called off" in response.content.decode()
    assert "articles/includes/byline.html" in rendered(response)


@pytest.fixture
def kept_names(monkeypatch):
    """Record the names of the parts kept through generation_cached."""
    names = []
    real = pagecache_tags.generation_cached

    def recording(name, compute):
        names.append(name)
        return real(name, compute)

    monkeypatch.setattr(pagecache_tags, "generation_cached", recording)
    return names


def test_a_published_article_keeps_its_parts(client, story, kept_names):
    client.get(story.get_absolute_url())
    assert any(name.startswith(f"fragment:article:{story.pk}:") for name in kept_names)


def test_a_preview_keeps_nothing(request, password, kept_names):
    editor = request.getfixturevalue("editor")
    draft = ArticleFactory(draft=True, headline="Not yet out")
    client = Client()
    assert client.login(username=editor.username, password=password)
    response = client.get(reverse("admin:articles_article_preview", args=(draft.pk,)))
    assert "Not yet out" in response.content.decode()
    assert not any(name.startswith("fragment:") for name in kept_names)


def test_a_live_blog_keeps_nothing(client, kept_names):
    live = ArticleFactory(
        published=True, coverage_started_at=timezone.now() - timedelta(hours=1)
    )
    assert client.get(live.get_absolute_url()).status_code == 200
    assert not any(name.startswith("fragment:") for name in kept_names)


def test_the_home_page_renders_only_most_commented_after_a_decision(
    client, story, commit
):
    comment = CommentFactory(article=story, pending=True)
    first = client.get(reverse("home"))
    assert "articles/includes/article_card.html" in rendered(first)
    assert "most-commented-heading" not in first.content.decode()

    with commit():
        approve(comment)

    second = client.get(reverse("home"))
    assert second["X-Page-Cache"] == "miss"
    assert "articles/includes/article_card.html" not in rendered(second)
    assert "articles/includes/most_commented.html" in rendered(second)
    text = second.content.decode()
    assert "most-commented-heading" in text
    assert "Ferry strike" in text and "Fares rise" in text

    with commit():
        ArticleFactory(published=True, headline="Harbour reopens")

    third = client.get(reverse("home"))
    assert "Harbour reopens" in third.content.decode()
    assert "articles/includes/article_card.html" in rendered(third)


def test_a_tag_no_published_article_has_any_more_is_not_found_at_once(
    client, story, commit
):
    url = reverse("articles:tag", kwargs={"slug": "ferries"})
    assert client.get(url).status_code == 200
    assert client.get(f"{url}?utm_source=x").status_code == 200

    with commit():
        for article in story.section.articles.all():
            article.status = article.Status.DRAFT
            article.save()

    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("articles:tag", kwargs={"slug": "no-such"})).status_code
        == 404
    )


def test_a_published_article_is_looked_up_once_per_generation(client, story, commit):
    url = story.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{url}?utm_source=x")
    assert not [
        q["sql"] for q in queries.captured_queries if "articles_article" in q["sql"]
    ]

    with commit():
        story.status = story.Status.DRAFT
        story.save()
    assert client.get(f"{url}?utm_source=y").status_code == 404
