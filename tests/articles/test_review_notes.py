"""The editor's note to the reporter is kept whichever button is pressed."""

import pytest
from django.test import Client

from articles.models import Article, ReviewNote
from articles.services import article_save
from tests.articles.admin_forms import change_url, errors_of, press
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOTE = "Lovely piece. I cut the second quote: it could not be verified."


@pytest.fixture
def in_review(reporter):
    article = ArticleFactory(in_review=True, created_by=reporter)
    return article_save(article=article, user=None)


@pytest.fixture
def editor_client(editor, password) -> Client:
    client = Client()
    assert client.login(username=editor.username, password=password) is True
    return client


@pytest.mark.parametrize(
    ("button", "status"),
    [
        ("publish", Article.Status.PUBLISHED),
        ("save", Article.Status.IN_REVIEW),
        ("send_back", Article.Status.DRAFT),
    ],
)
def test_note_is_kept_with_every_button(
    editor_client, editor, in_review, button, status
):
    response = press(editor_client, change_url(in_review), button, review_note=NOTE)

    assert response.status_code == 302, errors_of(response)
    in_review.refresh_from_db()
    assert in_review.status == status
    note = ReviewNote.objects.get(article=in_review)
    assert note.text == NOTE
    assert note.created_by == editor


def test_publishing_with_a_note_says_the_note_was_kept(editor_client, in_review):
    response = press(editor_client, change_url(in_review), "publish", review_note=NOTE)

    page = editor_client.get(response["Location"])
    assert "Your note to the reporter is kept with the article." in page.text
    assert NOTE in page.text


def test_note_is_kept_with_schedule(editor_client, in_review):
    response = press(
        editor_client,
        change_url(in_review),
        "schedule",
        review_note=NOTE,
        published_at_0="2099-01-01",
        published_at_1="10:00",
    )

    assert response.status_code == 302, errors_of(response)
    assert ReviewNote.objects.get(article=in_review).text == NOTE


def test_a_failed_publish_keeps_the_note_in_the_form(editor_client, in_review):
    response = press(
        editor_client,
        change_url(in_review),
        "publish",
        review_note=NOTE,
        headline="",
    )

    assert response.status_code == 200
    assert NOTE in response.text
    assert ReviewNote.objects.count() == 0


def test_reporter_posting_a_note_is_refused_clearly(reporter, password):
    client = Client()
    assert client.login(username=reporter.username, password=password) is True
    draft = article_save(
        article=ArticleFactory(draft=True, created_by=reporter), user=None
    )

    response = press(client, change_url(draft), "save", review_note="Sneaky")

    assert response.status_code == 200
    assert errors_of(response)["review_note"] == [
        "Only editors write notes to the reporter."
    ]
    assert ReviewNote.objects.count() == 0
