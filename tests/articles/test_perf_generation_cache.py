"""What pages keep per site generation changes with the next change readers see.

The related stories and a list's length are kept in the shared cache until
the site's generation moves on (pagecache.generations.generation_cached): a
publish, an edit or a retag must show on the very next request.
"""

import pytest
from django.urls import reverse

from articles.models import Article, Correction
from tests.articles.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def related_box(response) -> str:
    text = response.content.decode()
    start = text.find('id="related-heading"')
    return text[start : text.find("</aside>", start)] if start != -1 else ""


@pytest.fixture
def story():
    section = SectionFactory()
    # Another section: only shared tags bring stories into the box.
    other = SectionFactory()
    story = ArticleFactory(published=True, section=section, tags=["ferries"])
    ArticleFactory(
        published=True, section=other, tags=["ferries"], headline="Ferry fares rise"
    )
    return story


def test_an_edited_headline_shows_in_the_related_box_on_the_next_request(
    client, story, commit
):
    url = story.get_absolute_url()
    assert "Ferry fares rise" in related_box(client.get(url))
    assert client.get(url)["X-Page-Cache"] == "hit"

    with commit():
        related = story.tags.first().taggit_taggeditem_items.exclude(object_id=story.pk)
        article = related.get().content_object
        article.headline = "Ferry fares to fall"
        article.save()

    box = related_box(client.get(url))
    assert "Ferry fares to fall" in box
    assert "Ferry fares rise" not in box


def test_a_published_story_joins_the_related_box_on_the_next_request(
    client, story, commit
):
    url = story.get_absolute_url()
    assert "New ferry route" not in related_box(client.get(url))

    with commit():
        ArticleFactory(
            published=True,
            section=SectionFactory(),
            tags=["ferries"],
            headline="New ferry route",
        )

    assert "New ferry route" in related_box(client.get(url))


def test_a_story_leaves_the_related_box_when_unpublished(client, story, commit):
    url = story.get_absolute_url()
    assert "Ferry fares rise" in related_box(client.get(url))

    with commit():
        related = story.tags.first().taggit_taggeditem_items.exclude(object_id=story.pk)
        article = related.get().content_object
        article.status = article.Status.DRAFT
        article.save()

    assert "Ferry fares rise" not in related_box(client.get(url))


def test_a_list_length_kept_per_generation_grows_with_a_publish(client, commit):
    section = SectionFactory(slug="ferries")
    for number in range(20):
        ArticleFactory(published=True, section=section, headline=f"Story {number}")
    url = reverse("articles:section", args=["ferries"])

    first = client.get(url)
    assert first.context["paginator"].count == 20
    assert "?page=2" not in first.content.decode()

    with commit():
        ArticleFactory(published=True, section=section, headline="Story 20")

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert response.context["paginator"].count == 21
    assert 'href="?page=2"' in response.content.decode()
    assert client.get(url + "?page=2").status_code == 200


def test_a_tag_list_length_shrinks_when_a_story_is_unpublished(client, commit):
    stories = [
        ArticleFactory(published=True, tags=["ferries"], headline=f"Story {number}")
        for number in range(21)
    ]
    url = reverse("articles:tag", args=["ferries"])
    assert client.get(url).context["paginator"].count == 21

    with commit():
        stories[0].status = stories[0].Status.DRAFT
        stories[0].save()

    response = client.get(url)
    assert response.context["paginator"].count == 20
    assert 'href="?page=2"' not in response.content.decode()


def test_a_correction_shows_on_the_next_request_and_none_costs_no_query(
    client, story, commit, django_assert_num_queries
):
    url = story.get_absolute_url()
    assert "Corrections and updates" not in client.get(url).content.decode()

    with commit():
        Correction.objects.create(
            article=story, text="An earlier version gave the wrong ferry."
        )

    text = client.get(url).content.decode()
    assert "Corrections and updates" in text
    assert "An earlier version gave the wrong ferry." in text
    with_note = Article.objects.for_detail().get(pk=story.pk)
    without = Article.objects.for_detail().exclude(pk=story.pk).first()
    with django_assert_num_queries(1):
        assert len(with_note.shown_corrections) == 1
    with django_assert_num_queries(0):
        assert without.shown_corrections == []
