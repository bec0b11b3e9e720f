"""Approved comments per article, kept by triggers for the most-commented list."""

import pytest
from django.db.models import Count, Q

from articles.models import Article
from comments.models import ArticleCommentCount, Comment
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


def assert_counts_are_right():
    counted = dict(
        Article.objects.annotate(
            n=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED))
        ).values_list("pk", "n")
    )
    kept = dict(ArticleCommentCount.objects.values_list("article_id", "approved"))
    for pk, n in counted.items():
        assert kept.get(pk, 0) == n, pk
    assert all(value == 0 for pk, value in kept.items() if pk not in counted)


def test_every_way_a_comment_changes_keeps_the_counts_right():
    first, second = ArticleFactory(published=True), ArticleFactory(published=True)
    CommentFactory.create_batch(3, article=first, approved=True)
    pending = CommentFactory.create_batch(2, article=first, pending=True)
    CommentFactory(article=second, spam=True)
    assert_counts_are_right()
    assert ArticleCommentCount.objects.get(article_id=first.pk).approved == 3

    pending[0].status = Comment.Status.APPROVED
    pending[0].save()
    assert_counts_are_right()

    Comment.objects.filter(article=first).update(status=Comment.Status.REJECTED)
    assert_counts_are_right()

    Comment.objects.filter(article=first).update(status=Comment.Status.APPROVED)
    Comment.objects.filter(pk=pending[1].pk).update(article=second)
    assert_counts_are_right()

    Comment.objects.bulk_create(
        [
            Comment(
                article=second,
                name="A",
                email="a@example.com",
                body="x",
                status=Comment.Status.APPROVED,
            ),
            Comment(
                article=second,
                name="B",
                email="b@example.com",
                body="y",
                status=Comment.Status.PENDING,
            ),
        ]
    )
    assert_counts_are_right()

    Comment.objects.filter(article=second, status=Comment.Status.APPROVED).delete()
    assert_counts_are_right()

    first.delete()
    assert_counts_are_right()
