"""A comment stays on its article and in its thread, whatever ids the admin is sent."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.articles.admin_forms import form_data
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


def logged_in(user, password) -> Client:
    client = Client()
    assert client.login(username=user.username, password=password) is True
    return client


def test_a_moderator_cannot_move_a_comment_to_another_article_or_thread(
    moderator, password
):
    client = logged_in(moderator, password)
    comment = CommentFactory(approved=True, body="Stays where it was posted.")
    elsewhere = CommentFactory(approved=True)
    url = reverse("admin:comments_comment_change", args=(comment.pk,))
    data = form_data(client.get(url).text, form_id="comment_form")

    response = client.post(
        url,
        data
        | {
            "article": str(elsewhere.article_id),
            "parent": str(elsewhere.pk),
            "status": Comment.Status.REJECTED,
        },
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert comment.article_id != elsewhere.article_id
    assert comment.parent_id is None


@pytest.mark.parametrize("parent_is", ["on another article", "a reply"])
def test_a_reply_added_in_the_admin_answers_a_comment_of_its_own_article(
    superuser, password, parent_is
):
    client = logged_in(superuser, password)
    article = ArticleFactory(published=True)
    top = CommentFactory(approved=True, article=article)
    parent = {
        "on another article": CommentFactory(approved=True),
        "a reply": CommentFactory(approved=True, parent=top),
    }[parent_is]
    before = Comment.objects.count()
    url = reverse("admin:comments_comment_add")
    data = form_data(client.get(url).text, form_id="comment_form")

    response = client.post(
        url,
        data
        | {
            "article": str(article.pk),
            "parent": str(parent.pk),
            "name": "Admin",
            "email": "admin@example.org",
            "body": "A reply in the wrong place.",
            "status": Comment.Status.APPROVED,
        },
    )

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert Comment.objects.count() == before


def test_a_reply_to_a_comment_of_the_same_article_is_added(superuser, password):
    client = logged_in(superuser, password)
    top = CommentFactory(approved=True)
    url = reverse("admin:comments_comment_add")
    data = form_data(client.get(url).text, form_id="comment_form")

    response = client.post(
        url,
        data
        | {
            "article": str(top.article_id),
            "parent": str(top.pk),
            "name": "Admin",
            "email": "admin@example.org",
            "body": "A reply where it belongs.",
            "status": Comment.Status.APPROVED,
        },
    )

    assert response.status_code == 302
    assert top.replies.get().body == "A reply where it belongs."
