"""The section, tag and author lists' lengths, kept by PostgreSQL triggers.

A list page's pagination needs the list's length; counting it on every read
grows with the archive. ListLength keeps it in the transaction of every change
that moves an article in or out of a list, however the change is made, and
must always equal counting the list.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Byline, ListLength, Section, section_family_ids
from articles.views import PublishedArticlesMixin
from authors.models import Author
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def kept(kind, ids, listed) -> int:
    return ListLength.objects.published_count(kind, ids, listed)


def assert_lengths_are_right():
    """Every list's kept length is what counting it gives."""
    for section in Section.objects.all():
        assert (
            kept(
                ListLength.Kind.SECTION,
                section_family_ids(section),
                Article.objects.in_section(section),
            )
            == Article.objects.published().in_section(section).count()
        ), section
    for tag in Tag.objects.all():
        assert (
            kept(ListLength.Kind.TAG, [tag.pk], Article.objects.tagged(tag))
            == Article.objects.published().tagged(tag).count()
        ), tag
    for author in Author.objects.all():
        assert (
            kept(ListLength.Kind.AUTHOR, [author.pk], Article.objects.by_author(author))
            == Article.objects.published().by_author(author).count()
        ), author


@pytest.fixture
def desk():
    region = SectionFactory(name="Spain", slug="spain")
    local = SectionFactory(name="Alicante", slug="alicante", parent=region)
    sport = SectionFactory(name="Sport", slug="sport")
    writer, other = AuthorFactory(), AuthorFactory()
    stories = [
        ArticleFactory(published=True, section=local, authors=[writer], tags=["port"]),
        ArticleFactory(published=True, section=region, authors=[writer, other]),
        ArticleFactory(published=True, section=sport, tags=["port", "sailing"]),
        ArticleFactory(draft=True, section=local, authors=[other], tags=["port"]),
        ArticleFactory(scheduled=True, section=local, authors=[writer], tags=["port"]),
    ]
    return {"local": local, "sport": sport, "writer": writer, "stories": stories}


def test_lengths_start_right_and_count_what_readers_see(desk):
    assert_lengths_are_right()
    port = Tag.objects.get(name="port")
    # Two published; the draft and the scheduled article don't count.
    assert kept(ListLength.Kind.TAG, [port.pk], Article.objects.tagged(port)) == 2
    region = Section.objects.get(slug="spain")
    assert (
        kept(
            ListLength.Kind.SECTION,
            section_family_ids(region),
            Article.objects.in_section(region),
        )
        == 2
    )


def test_publishing_unpublishing_and_moving_keep_lengths_right(desk):
    published, _, _, draft, scheduled = desk["stories"]
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now() - timedelta(minutes=1)
    draft.save()
    assert_lengths_are_right()

    published.status = Article.Status.DRAFT
    published.save()
    assert_lengths_are_right()

    draft.section = desk["sport"]
    draft.save()
    assert_lengths_are_right()

    # The scheduled article's time comes: no save, and it counts.
    Article.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - timedelta(seconds=1)
    )
    assert_lengths_are_right()

    # A bulk update, which sends no signal.
    Article.objects.filter(section=desk["local"]).update(
        status=Article.Status.IN_REVIEW
    )
    assert_lengths_are_right()


def test_retagging_and_rebylining_keep_lengths_right(desk):
    story = desk["stories"][0]
    story.tags.add("ferries", "sailing")
    assert_lengths_are_right()
    story.tags.remove("port")
    assert_lengths_are_right()
    story.tags.set(["harbour"])
    assert_lengths_are_right()
    story.tags.clear()
    assert_lengths_are_right()

    newcomer = AuthorFactory()
    Byline.objects.create(article=story, author=newcomer, position=1)
    assert_lengths_are_right()
    Byline.objects.filter(article=story, author=desk["writer"]).update(
        author=AuthorFactory()
    )
    assert_lengths_are_right()
    story.bylines.all().delete()
    assert_lengths_are_right()

    Tag.objects.filter(name="sailing").delete()
    assert_lengths_are_right()


def test_deleting_articles_keeps_lengths_right(desk):
    for story in desk["stories"]:
        story.delete()
        assert_lengths_are_right()
    assert set(ListLength.objects.values_list("articles", flat=True)) == {0}


def test_a_list_page_reads_its_kept_length_instead_of_counting(client, desk):
    port = Tag.objects.get(name="port")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:tag", args=(port.slug,)))
    assert response.status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    assert any("articles_listlength" in statement for statement in sql)
    assert not any('COUNT(*) AS "__count"' in statement for statement in sql)


def test_pagination_follows_the_kept_length(client, monkeypatch):
    monkeypatch.setattr(PublishedArticlesMixin, "paginate_by", 2)
    section = SectionFactory(slug="coast")
    for _ in range(5):
        ArticleFactory(published=True, section=section)
    ArticleFactory(scheduled=True, section=section)
    url = reverse("articles:section", args=("coast",))
    last = client.get(url, {"page": 3})
    assert last.status_code == 200
    assert len(last.context["articles"]) == 1
    assert client.get(url, {"page": 4}).status_code == 404
