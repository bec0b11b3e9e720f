"""Threads: one level of replies, a no-JavaScript reply link, refusals."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from comments.sections import comment_form_url
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_form_data, rendered_form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(published=True)


def test_each_approved_top_level_comment_has_a_reply_link(client, article):
    parent = CommentFactory(article=article, approved=True, name="Pepe")
    reply = CommentFactory(parent=parent, approved=True)

    page = client.get(article.get_absolute_url())

    assert f'href="?reply_to={parent.pk}#comment-form"' in page.text
    assert f"?reply_to={reply.pk}" not in page.text
    assert 'Reply<span class="visually-hidden"> to Pepe</span>' in page.text


def test_no_reply_links_when_comments_are_closed(client):
    article = ArticleFactory(published=True, comments_open=False)
    parent = CommentFactory(article=article, approved=True)

    page = client.get(article.get_absolute_url())

    assert f"?reply_to={parent.pk}" not in page.text


def test_reply_link_prefills_the_parent_and_says_who_is_answered(client, article):
    parent = CommentFactory(article=article, approved=True, name="Pepe <b>Ruiz</b>")

    page = client.get(comment_form_url(article), {"reply_to": parent.pk})

    assert page.status_code == 200
    assert rendered_form_fields(page.text)["parent"] == str(parent.pk)
    assert "Replying to Pepe &lt;b&gt;Ruiz&lt;/b&gt;" in page.text
    assert f'<a href="{article.get_absolute_url()}#comment-form">Cancel reply</a>' in (
        page.text
    )
    assert "Post reply" in page.text


def test_reply_sent_from_the_prefilled_form_is_stored_under_its_parent(
    client, article, time_machine
):
    parent = CommentFactory(article=article, approved=True)
    page = client.get(comment_form_url(article), {"reply_to": parent.pk})
    fields = rendered_form_fields(page.text)
    time_machine.move_to(timezone.now() + timedelta(seconds=30))

    response = client.post(
        article.get_absolute_url(),
        fields | {"name": "Ana", "email": "ana@example.org", "body": "Agreed."},
    )

    assert response.status_code == 302
    assert Comment.objects.get(body="Agreed.").parent == parent


@pytest.mark.parametrize("state", ["pending", "rejected", "spam", "reply", "other"])
def test_reply_link_to_a_comment_that_cannot_be_answered_is_ignored(
    client, article, state
):
    if state == "reply":
        target = CommentFactory(
            parent=CommentFactory(article=article, approved=True), approved=True
        )
    elif state == "other":
        target = CommentFactory(approved=True)
    else:
        target = CommentFactory(article=article, **{state: True})

    page = client.get(comment_form_url(article), {"reply_to": target.pk})

    assert page.status_code == 200
    assert rendered_form_fields(page.text)["parent"] == ""
    assert "can't be replied to" in page.text
    assert "Replying to" not in page.text


@pytest.mark.parametrize("value", ["abc", "-1", "9" * 40, ""])
def test_odd_reply_to_values_never_break_the_page(client, article, value):
    page = client.get(comment_form_url(article), {"reply_to": value})

    assert page.status_code == 200
    assert rendered_form_fields(page.text)["parent"] == ""


def test_reply_to_a_comment_rejected_meanwhile_is_refused_and_can_be_resent(
    client, article
):
    parent = CommentFactory(article=article, approved=True)
    parent.status = Comment.Status.REJECTED
    parent.save()

    response = client.post(
        article.get_absolute_url(),
        comment_form_data(article, parent=str(parent.pk), body="My reply"),
    )

    assert response.status_code == 400
    assert "You can only reply to a published comment" in response.text
    assert "My reply" in response.text
    # Sent again, it becomes a comment of its own instead of failing forever.
    assert rendered_form_fields(response.text)["parent"] == ""


def test_form_errors_on_a_reply_keep_it_a_reply(client, article):
    parent = CommentFactory(article=article, approved=True, name="Pepe")

    response = client.post(
        article.get_absolute_url(),
        comment_form_data(article, parent=str(parent.pk), email="bad"),
    )

    assert response.status_code == 400
    assert rendered_form_fields(response.text)["parent"] == str(parent.pk)
    assert "Replying to Pepe" in response.text


def test_replies_show_under_their_parent_and_count_in_the_total(client, article):
    first = CommentFactory(article=article, approved=True, body="First")
    CommentFactory(parent=first, approved=True, body="Reply one")
    CommentFactory(parent=first, approved=True, body="Reply two")
    CommentFactory(article=article, approved=True, body="Second")

    page = client.get(article.get_absolute_url())

    assert page.context["comment_count"] == 4
    assert '<span class="count">(4)</span>' in page.text
    text = page.text
    assert (
        text.index("First")
        < text.index("Reply one")
        < text.index("Reply two")
        < text.index("Second")
    )


def test_article_page_queries_do_not_grow_with_threads(
    client, django_assert_max_num_queries
):
    small = ArticleFactory(published=True)
    parent = CommentFactory(article=small, approved=True)
    CommentFactory(parent=parent, approved=True)
    # Each page is asked for once, so neither is answered from a page cache.
    with CaptureQueriesContext(connection) as baseline:
        client.get(small.get_absolute_url(), {"reply_to": parent.pk})
    large = ArticleFactory(published=True)
    for parent in CommentFactory.create_batch(20, article=large, approved=True):
        CommentFactory.create_batch(2, parent=parent, approved=True)

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(large.get_absolute_url(), {"reply_to": parent.pk})
    assert response.context["comment_count"] == 60
    assert response.context["replying_to"].pk == parent.pk
