from datetime import UTC, datetime, timedelta

import pytest

from articles.models import Article
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

PUBLICATION_TIME = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def test_published_hides_article_one_second_before_its_publication_time(
    time_machine,
):
    article = ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=PUBLICATION_TIME
    )
    time_machine.move_to(PUBLICATION_TIME - timedelta(seconds=1), tick=False)

    assert list(Article.objects.published()) == []
    assert list(Article.objects.scheduled()) == [article]
    assert article.is_published is False
    assert article.is_scheduled is True


def test_published_shows_article_at_its_exact_publication_time(time_machine):
    article = ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=PUBLICATION_TIME
    )
    time_machine.move_to(PUBLICATION_TIME, tick=False)

    assert list(Article.objects.published()) == [article]
    assert list(Article.objects.scheduled()) == []
    assert article.is_published is True
    assert article.is_scheduled is False


def test_scheduled_article_appears_by_itself_when_its_time_comes(time_machine):
    time_machine.move_to(PUBLICATION_TIME - timedelta(days=1), tick=False)
    article = ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=PUBLICATION_TIME
    )
    assert Article.objects.published().exists() is False

    time_machine.move_to(PUBLICATION_TIME + timedelta(minutes=1), tick=False)

    assert list(Article.objects.published()) == [article]


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW])
def test_published_hides_unpublished_statuses_even_with_a_past_time(status):
    # An unpublished article keeps its old publication time: still hidden.
    article = ArticleFactory(
        status=status, published_at=datetime(2020, 1, 1, tzinfo=UTC)
    )

    assert Article.objects.published().exists() is False
    assert article.is_published is False


@pytest.mark.parametrize("trait", ["draft", "in_review", "published", "scheduled"])
def test_is_published_mirrors_the_published_queryset(trait):
    article = ArticleFactory(**{trait: True})

    in_queryset = Article.objects.published().filter(pk=article.pk).exists()

    assert article.is_published is in_queryset
    assert in_queryset is (trait == "published")


def test_drafts_and_in_review_return_only_their_status():
    draft = ArticleFactory(draft=True)
    in_review = ArticleFactory(in_review=True)
    ArticleFactory(published=True)

    assert list(Article.objects.drafts()) == [draft]
    assert list(Article.objects.in_review()) == [in_review]


def test_in_section_includes_regional_sub_sections():
    spain = SectionFactory(name="Spain")
    costa_blanca = SectionFactory(name="Costa Blanca North", parent=spain)
    international = SectionFactory(name="International")
    national = ArticleFactory(published=True, section=spain)
    regional = ArticleFactory(published=True, section=costa_blanca)
    ArticleFactory(published=True, section=international)

    assert set(Article.objects.in_section(spain)) == {national, regional}
    assert list(Article.objects.in_section(costa_blanca)) == [regional]


def test_by_author_returns_each_article_once_for_co_authors():
    first, second = AuthorFactory.create_batch(2)
    shared = ArticleFactory(published=True, authors=[first, second])
    solo = ArticleFactory(published=True, authors=[second])
    ArticleFactory(published=True)

    assert list(Article.objects.by_author(first)) == [shared]
    assert set(Article.objects.by_author(second)) == {shared, solo}
    assert Article.objects.by_author(second).count() == 2


def _touch_listing_fields(articles):
    for article in articles:
        assert article.section.name
        assert [author.name for author in article.byline_authors]


@pytest.mark.parametrize("count", [1, 10])
def test_for_listing_query_count_does_not_depend_on_the_number_of_articles(
    count, django_assert_num_queries
):
    section = SectionFactory()
    for _ in range(count):
        ArticleFactory(
            published=True, section=section, authors=AuthorFactory.create_batch(2)
        )

    # One query: the articles with their sections and their authors' names.
    with django_assert_num_queries(1):
        articles = list(Article.objects.published().for_listing())
        for article in articles:
            assert article.section.name
            assert len(article.author_names) == 2

    assert len(articles) == count


@pytest.mark.parametrize("count", [1, 10])
def test_for_detail_query_count_does_not_depend_on_the_number_of_articles(
    count, django_assert_num_queries
):
    parent = SectionFactory()
    section = SectionFactory(parent=parent)
    for _ in range(count):
        ArticleFactory(published=True, section=section, tags=["Tourism", "Beaches"])

    # Articles with sections and parents (and whether they have corrections),
    # bylines with authors, tags; corrections are read only where there are any.
    with django_assert_num_queries(3):
        articles = list(Article.objects.published().for_detail())
        _touch_listing_fields(articles)
        for article in articles:
            assert article.section.parent.name
            assert sorted(tag.name for tag in article.tags.all()) == [
                "Beaches",
                "Tourism",
            ]


def test_byline_authors_follow_byline_position():
    first, second, third = (AuthorFactory(name=name) for name in "ABC")
    article = ArticleFactory(authors=[third, first, second])

    listed = Article.objects.for_listing().get(pk=article.pk)

    assert listed.byline_authors == [third, first, second]
