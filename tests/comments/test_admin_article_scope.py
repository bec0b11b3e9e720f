"""Moderators see comments and headlines of published articles (issue 20 #7)."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")
SECRET = "Mayor resigns, exclusive"


def logged_in(user, password) -> Client:
    client = Client()
    assert client.login(username=user.username, password=password) is True
    return client


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled"])
def test_the_article_filter_never_prints_an_unpublished_headline_to_a_moderator(
    moderator, password, state
):
    article = ArticleFactory(headline=SECRET, **{state: True})
    client = logged_in(moderator, password)

    for params in (
        {"article": str(article.pk)},
        {"article": str(article.pk), "status__exact": "all"},
        {"article": str(article.pk), "status__exact": "pending"},
    ):
        response = client.get(QUEUE, params)
        assert response.status_code == 200
        assert SECRET not in response.text
        assert "No such article" in response.text


def test_comments_on_an_unpublished_article_are_out_of_a_moderators_reach(
    moderator, password
):
    article = ArticleFactory(headline=SECRET, published=True)
    comment = CommentFactory(article=article, body="Before it was pulled.")
    article.status = "draft"
    article.save()
    client = logged_in(moderator, password)

    listed = client.get(QUEUE, {"status__exact": "pending"})
    change = client.get(reverse("admin:comments_comment_change", args=(comment.pk,)))
    moderate = client.post(
        reverse("admin:comments_comment_moderate", args=(comment.pk,)),
        {"status": Comment.Status.APPROVED},
    )

    assert SECRET not in listed.text and "Before it was pulled" not in listed.text
    assert change.status_code == 302
    assert SECRET not in client.get(change.url).text
    assert moderate.status_code == 404
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_superuser_still_sees_unpublished_headlines(superuser, password):
    article = ArticleFactory(headline=SECRET, draft=True)
    client = logged_in(superuser, password)

    response = client.get(QUEUE, {"article": str(article.pk)})

    assert SECRET in response.text


def test_a_moderator_sees_a_published_headline(moderator, password):
    article = ArticleFactory(headline="Water cuts in Altea", published=True)
    client = logged_in(moderator, password)

    response = client.get(QUEUE, {"article": str(article.pk)})

    assert "Water cuts in Altea" in response.text
