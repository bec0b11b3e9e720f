import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from comments.sections import comment_form_url
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_form_data, thread_keys

pytestmark = pytest.mark.django_db

AWAITING_MODERATION = "Your comment is awaiting moderation"
VALID = {
    "name": "Marta Gil",
    "email": "marta@example.org",
    "body": "The new promenade looks wonderful.",
}


@pytest.fixture
def article():
    return ArticleFactory(published=True, headline="Promenade reopens")


def post_comment(client, article, **data):
    """Post as the real form does (token, empty trap), overriding some fields."""
    return client.post(
        article.get_absolute_url(), comment_form_data(article, **VALID) | data
    )


def test_valid_comment_is_stored_pending_and_redirects_with_a_message(client, article):
    response = post_comment(client, article, parent="")

    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#content"
    comment = Comment.objects.get()
    assert comment.article == article
    assert comment.status == Comment.Status.PENDING
    assert comment.parent is None
    assert comment.name == "Marta Gil"
    assert comment.ip_address == "127.0.0.1"
    page = client.get(response["Location"])
    assert AWAITING_MODERATION in page.text
    assert VALID["body"] not in page.text


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "This field is required."),
        ("name", "   ", "This field is required."),
        ("body", "", "This field is required."),
        ("body", " \n ", "This field is required."),
        ("body", "x" * 5001, "Ensure this value has at most 5000 characters"),
        ("email", "", "This field is required."),
        ("email", "marta-at-example", "Enter a valid email address."),
        ("name", "n" * 81, "Ensure this value has at most 80 characters"),
    ],
)
def test_invalid_comment_answers_400_keeping_the_readers_text(
    client, article, field, value, error
):
    response = post_comment(client, article, **{field: value})

    assert response.status_code == 400
    assert Comment.objects.exists() is False
    assert response.context["comment_form"].has_error(field) is True
    assert error in response.text
    for other, text in VALID.items():
        if other != field:
            assert text in response.text
    if value.strip():
        assert value in response.text


def test_comment_body_limit_follows_the_setting(client, article, settings):
    settings.NEWSROOM_COMMENT_MAX_LENGTH = 20

    page = client.get(comment_form_url(article))
    response = post_comment(client, article, body="x" * 21)

    assert 'maxlength="20"' in page.text
    assert response.status_code == 400
    assert "at most 20 characters" in response.text
    assert Comment.objects.exists() is False


def test_comment_body_setting_cannot_exceed_the_stored_limit(client, article, settings):
    settings.NEWSROOM_COMMENT_MAX_LENGTH = 10_000

    response = post_comment(client, article, body="x" * 5001)

    assert response.status_code == 400
    assert "at most 5000 characters" in response.text
    assert Comment.objects.exists() is False


def test_comment_on_a_closed_article_is_refused_with_a_clear_message(client):
    article = ArticleFactory(published=True, comments_open=False)

    page = client.get(article.get_absolute_url())
    response = post_comment(client, article)

    assert "Comments are closed on this article." in page.text
    assert 'id="comment-form"' not in page.text
    assert response.status_code == 400
    assert "Comments are closed on this article." in response.text
    assert Comment.objects.exists() is False


@pytest.mark.parametrize("trait", ["draft", "in_review", "scheduled"])
def test_comment_on_an_unpublished_article_answers_404(client, trait):
    article = ArticleFactory(**{trait: True})

    response = post_comment(client, article)

    assert response.status_code == 404
    assert Comment.objects.exists() is False


def test_comment_on_a_missing_article_answers_404(client):
    response = client.post("/2025/01/01/no-such-story/", VALID)

    assert response.status_code == 404
    assert Comment.objects.exists() is False


def test_comment_html_is_shown_escaped(client, article):
    CommentFactory(
        article=article,
        approved=True,
        name='<script>alert("name")</script>',
        body='<script>alert("body")</script> <b>bold</b>',
    )

    response = client.get(article.get_absolute_url())

    assert "<script>" not in response.text
    assert "<b>bold</b>" not in response.text
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in response.text
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in response.text
    assert "&lt;b&gt;bold&lt;/b&gt;" in response.text


def test_rejected_comment_form_shows_the_readers_html_escaped(client, article):
    response = post_comment(
        client, article, name="<script>alert(1)</script>", email="bad"
    )

    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_comment_without_csrf_token_is_forbidden(article):
    client = Client(enforce_csrf_checks=True)
    client.get(article.get_absolute_url())

    response = post_comment(client, article)

    assert response.status_code == 403
    assert Comment.objects.exists() is False


def test_comment_with_csrf_token_from_the_page_is_accepted(article):
    client = Client(enforce_csrf_checks=True)
    page = client.get(comment_form_url(article))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]

    response = post_comment(client, article, csrfmiddlewaretoken=token)

    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_reply_to_an_approved_comment_shows_under_it_once_approved(client, article):
    parent = CommentFactory(article=article, approved=True, body="Top comment")

    response = post_comment(client, article, parent=parent.pk, body="A reply")

    assert response.status_code == 302
    reply = Comment.objects.get(parent=parent)
    assert reply.status == Comment.Status.PENDING
    assert "A reply" not in client.get(article.get_absolute_url()).text

    reply.status = Comment.Status.APPROVED
    reply.save()
    page = client.get(article.get_absolute_url())

    assert thread_keys(page.context) == [(parent.pk, [reply.pk])]
    replies = page.text.split("comment-list--replies", 1)[1]
    assert f'id="comment-{reply.pk}"' in replies
    assert "A reply" in replies
    assert page.text.index("Top comment") < page.text.index("A reply")


@pytest.mark.parametrize("status", ["pending", "rejected", "spam"])
def test_reply_to_an_unpublished_comment_is_refused(client, article, status):
    parent = CommentFactory(article=article, **{status: True})

    response = post_comment(client, article, parent=parent.pk)

    assert response.status_code == 400
    assert "You can only reply to a published comment" in response.text
    assert Comment.objects.filter(parent=parent).exists() is False


def test_reply_to_a_reply_is_refused(client, article):
    parent = CommentFactory(article=article, approved=True)
    reply = CommentFactory(parent=parent, approved=True)

    response = post_comment(client, article, parent=reply.pk)

    assert response.status_code == 400
    assert Comment.objects.filter(parent=reply).exists() is False


@pytest.mark.parametrize("parent", ["999999", "abc"])
def test_reply_to_a_missing_comment_is_refused(client, article, parent):
    response = post_comment(client, article, parent=parent)

    assert response.status_code == 400
    assert Comment.objects.exists() is False


def test_reply_to_a_comment_on_another_article_is_refused(client, article):
    elsewhere = CommentFactory(approved=True)

    response = post_comment(client, article, parent=elsewhere.pk)

    assert response.status_code == 400
    assert Comment.objects.filter(parent=elsewhere).exists() is False


def test_rejected_parent_hides_its_approved_replies(client, article):
    parent = CommentFactory(article=article, rejected=True, body="Rude comment")
    CommentFactory(parent=parent, approved=True, body="Polite reply")

    page = client.get(article.get_absolute_url())

    assert page.context["comment_threads"] == []
    assert "Rude comment" not in page.text
    assert "Polite reply" not in page.text
    assert "No comments yet." in page.text


@pytest.mark.parametrize("status", ["pending", "rejected", "spam"])
def test_only_approved_comments_are_shown(client, article, status):
    CommentFactory(article=article, approved=True, body="Approved words")
    CommentFactory(article=article, body="Hidden words", **{status: True})

    page = client.get(article.get_absolute_url())

    assert "Approved words" in page.text
    assert "Hidden words" not in page.text


def test_comments_are_shown_oldest_first(client, article, time_machine):
    now = timezone.now()
    time_machine.move_to(now + timedelta(minutes=10), tick=False)
    second = CommentFactory(article=article, approved=True)
    time_machine.move_to(now + timedelta(minutes=5), tick=False)
    first = CommentFactory(article=article, approved=True)
    time_machine.move_to(now + timedelta(minutes=20), tick=False)

    page = client.get(article.get_absolute_url())

    assert thread_keys(page.context) == [(first.pk, []), (second.pk, [])]


def test_readers_email_never_appears_on_the_article_page(client, article):
    parent = CommentFactory(
        article=article, approved=True, email="secret-reader@example.org"
    )
    CommentFactory(parent=parent, approved=True, email="secret-replier@example.org")

    page = client.get(article.get_absolute_url())

    assert page.context["comment_threads"][0][0].pk == parent.pk
    assert "secret-reader" not in page.text
    assert "secret-replier" not in page.text


def test_comments_of_other_articles_are_not_shown(client, article):
    CommentFactory(approved=True, body="Comment elsewhere")

    page = client.get(article.get_absolute_url())

    assert "Comment elsewhere" not in page.text
