"""The related-stories box is found once per site generation, not per render."""

import pytest

from articles.templatetags.articles_tags import related_articles
from tests.articles.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def headlines(box: dict) -> list[str]:
    return [article.headline for article in box["articles"]]


def test_related_stories_are_found_once_until_the_site_changes(
    django_assert_num_queries, commit
):
    section = SectionFactory()
    story = ArticleFactory(published=True, section=section, tags=["ferries"])
    ArticleFactory(published=True, section=section, headline="Ferry fares rise")
    first = related_articles(story)

    with django_assert_num_queries(0):
        again = related_articles(story)

    assert headlines(first) == headlines(again) == ["Ferry fares rise"]
    with commit():
        ArticleFactory(
            published=True, section=section, tags=["ferries"], headline="New route"
        )
    assert headlines(related_articles(story)) == ["New route", "Ferry fares rise"]


def test_related_stories_are_found_each_time_with_the_cache_off(
    settings, django_assert_num_queries
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    story = ArticleFactory(published=True, tags=["ferries"])
    related_articles(story)

    with django_assert_num_queries(2):  # The article's tags, then the stories.
        related_articles(story)
