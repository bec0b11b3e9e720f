"""Readers find the comments: links near the top, the form before the list,
"Show more comments" as plain pages with replies under their parents, and a
choice of oldest or newest first (issue 16)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment
from comments.sections import COMMENT_THREADS_PER_PAGE
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import thread_keys
from tests.newsroom import html_checks

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion():
    """An article with 120 threads (a reply under every tenth), a minute apart."""
    article = ArticleFactory(published=True, headline="Water cuts in Altea")
    start = timezone.now() - timedelta(days=1)
    threads = []
    for number in range(120):
        comment = CommentFactory(
            article=article, approved=True, body=f"Thread {number}"
        )
        Comment.objects.filter(pk=comment.pk).update(
            created_at=start + timedelta(minutes=number)
        )
        replies = []
        if number % 10 == 0:
            reply = CommentFactory(parent=comment, approved=True, body=f"Re {number}")
            replies.append(reply.pk)
        threads.append((comment.pk, replies))
    return article, threads


def test_the_top_of_the_article_links_to_the_comments_and_the_form(client):
    article = ArticleFactory(published=True)
    CommentFactory.create_batch(3, article=article, approved=True)
    CommentFactory(article=article)  # pending: not counted

    html = client.get(article.get_absolute_url()).text

    header = re.search(r'<header class="article__header">.*?</header>', html, re.S)[0]
    assert '<a href="#comments">3 comments</a>' in header
    assert '<a href="#comment-form">Leave a comment</a>' in header
    assert html.index('id="comment-form"') < html.index('id="comment-list"')


def test_no_leave_a_comment_link_when_comments_are_closed(client):
    article = ArticleFactory(published=True, comments_open=False)
    CommentFactory(article=article, approved=True)

    html = client.get(article.get_absolute_url()).text

    assert '<a href="#comments">1 comment</a>' in html
    assert "Leave a comment" not in html


def test_show_more_comments_pages_through_threads_oldest_first(client, discussion):
    article, threads = discussion
    url = article.get_absolute_url()

    first = client.get(url)
    second = client.get(url, {"cpage": 2})
    third = client.get(url, {"cpage": 3})

    per_page = COMMENT_THREADS_PER_PAGE
    assert thread_keys(first.context) == threads[:per_page]
    assert thread_keys(second.context) == threads[per_page : 2 * per_page]
    assert thread_keys(third.context) == threads[2 * per_page :]
    assert 'href="?cpage=2#comments" data-comments-more>Show more comments' in (
        first.text
    )
    assert "Show more comments" not in third.text
    # Replies stay under their parents on every page.
    assert "Re 50" in second.text and "Re 50" not in first.text
    assert second.text.index("Thread 50<") < second.text.index("Re 50")
    assert second.text.index("Re 50") < second.text.index("Thread 51<")
    assert client.get(url, {"cpage": 4}).status_code == 404


def test_readers_can_read_newest_first(client, discussion):
    article, threads = discussion
    url = article.get_absolute_url()

    first = client.get(url, {"corder": "newest"})
    second = client.get(url, {"corder": "newest", "cpage": 2})

    newest = list(reversed(threads))
    assert thread_keys(first.context) == newest[:COMMENT_THREADS_PER_PAGE]
    assert thread_keys(second.context) == newest[COMMENT_THREADS_PER_PAGE:100]
    assert 'href="?cpage=2&amp;corder=newest#comments"' in first.text
    assert re.search(r'href="\?corder=newest#comments" aria-current="true"', first.text)


def test_a_reply_link_opens_the_page_of_its_thread(client, discussion):
    article, threads = discussion
    target = threads[75][0]

    page = client.get(article.get_absolute_url(), {"reply_to": target})

    assert page.context["comment_page"].number == 2
    # The form itself comes from the form page; the article page names the reply.
    assert "Write a reply to" in page.text


@pytest.mark.skipif(
    not html_checks.vnu_available(), reason="the Nu Html Checker needs Java"
)
def test_the_comment_pages_are_valid_html(client, discussion, tmp_path):
    article, threads = discussion
    url = article.get_absolute_url()
    pages = {
        "first": client.get(url).text,
        "newest-second": client.get(url, {"corder": "newest", "cpage": 2}).text,
        "report": client.get(f"/comments/{threads[0][0]}/report/").text,
    }
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html)

    assert html_checks.vnu_errors(sorted(tmp_path.glob("*.html"))) == []
