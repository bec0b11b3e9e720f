"""Old URLs of published articles keep redirecting: no other article takes them over.

The attack (issue 20, #9): a reporter gives a draft the previous slug of a live
article. Saving it used to delete that article's redirect (the old URL answered
404) and, once the draft was published, sent the old URL to the reporter's story.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from articles.models import Article, PreviousSlug
from articles.services import article_save
from tests.articles.admin_forms import add_url, change_url, errors_of, open_form, press
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

OLD_SLUG = "storm-hits-benidorm"
NEW_SLUG = "storm-floods-benidorm-seafront"


@pytest.fixture
def editor_client(editor, password):
    client = Client()
    assert client.login(username=editor.username, password=password) is True
    return client


@pytest.fixture
def reporter_client(reporter, password):
    client = Client()
    assert client.login(username=reporter.username, password=password) is True
    return client


@pytest.fixture
def renamed(editor_client):
    """A live article an editor published and then gave a new slug."""
    article = ArticleFactory(draft=True, headline="Storm hits Benidorm", slug=OLD_SLUG)
    assert press(editor_client, change_url(article), "publish").status_code == 302
    article.refresh_from_db()
    old_url = article.get_absolute_url()
    response = press(editor_client, change_url(article), "save", slug=NEW_SLUG)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert_redirects_to(old_url, article)
    return article, old_url


def assert_redirects_to(url: str, article: Article) -> None:
    response = Client().get(url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def assert_refused(response) -> None:
    assert response.status_code == 200
    assert "published under this address" in " ".join(errors_of(response)["slug"])


def test_a_reporters_new_draft_cannot_take_a_live_articles_old_slug(
    renamed, reporter, reporter_client
):
    article, old_url = renamed
    data = open_form(reporter_client, add_url()) | {
        "headline": "My own storm story",
        "slug": OLD_SLUG,
        "body": "<p>Rain.</p>",
        "section": str(SectionFactory().pk),
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-author": str(AuthorFactory(user=reporter).pk),
        "bylines-0-position": "0",
    }

    response = press(reporter_client, add_url(), "save", data=data)

    assert_refused(response)
    # The reporter's text is still in the form.
    assert response.context["adminform"].form["headline"].value() == (
        "My own storm story"
    )
    assert Article.objects.filter(slug=OLD_SLUG).exists() is False
    assert PreviousSlug.objects.get(slug=OLD_SLUG).article == article
    assert_redirects_to(old_url, article)


def test_a_reporters_existing_draft_cannot_take_it_either(
    renamed, reporter, reporter_client
):
    article, old_url = renamed
    draft = ArticleFactory(draft=True, authors=[AuthorFactory(user=reporter)])

    response = press(reporter_client, change_url(draft), "save", slug=OLD_SLUG)

    assert_refused(response)
    draft.refresh_from_db()
    assert draft.slug != OLD_SLUG
    assert_redirects_to(old_url, article)


def test_an_editor_cannot_publish_a_story_under_it(renamed, editor_client):
    article, old_url = renamed
    other = ArticleFactory(draft=True)

    response = press(editor_client, change_url(other), "publish", slug=OLD_SLUG)

    assert_refused(response)
    other.refresh_from_db()
    assert other.status == Article.Status.DRAFT
    assert_redirects_to(old_url, article)


def test_trusted_code_cannot_take_it_either(renamed):
    article, old_url = renamed
    other = ArticleFactory(draft=True)
    other.slug = OLD_SLUG

    with pytest.raises(ValidationError) as refused:
        article_save(article=other, user=None)

    assert "slug" in refused.value.message_dict
    assert_redirects_to(old_url, article)


def test_the_article_itself_takes_its_old_slug_back(renamed, editor_client):
    article, old_url = renamed
    newer_url = article.get_absolute_url()

    response = press(editor_client, change_url(article), "save", slug=OLD_SLUG)

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert Client().get(old_url).status_code == 200
    assert_redirects_to(newer_url, article)
    assert list(article.previous_slugs.values_list("slug", flat=True)) == [NEW_SLUG]
