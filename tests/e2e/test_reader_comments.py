"""Readers' side of the comments in a real browser: the links near the top, and
"Show more comments" appending the next threads in place (issue 16)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.e2e.helpers import count_page_loads

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def test_show_more_comments_appends_the_next_threads_in_place(
    new_context, browser_problems
):
    article = ArticleFactory(published=True)
    start = timezone.now() - timedelta(days=1)
    for number in range(70):
        comment = CommentFactory(
            article=article, approved=True, body=f"Thread {number}"
        )
        Comment.objects.filter(pk=comment.pk).update(
            created_at=start + timedelta(minutes=number)
        )
        if number == 60:
            CommentFactory(parent=comment, approved=True, body="A reply to sixty")
    page = new_context().new_page()
    page.goto(article.get_absolute_url())
    loads = count_page_loads(page)

    page.get_by_role("link", name="71 comments").click()
    expect(page.locator("#comment-list > li")).to_have_count(50)
    page.get_by_role("link", name="Show more comments").click()

    expect(page.locator("#comment-list > li")).to_have_count(70)
    expect(page.get_by_role("link", name="Show more comments")).to_have_count(0)
    sixty = page.locator("#comment-list > li", has_text="Thread 60")
    expect(sixty.locator(".comment-list--replies")).to_contain_text("A reply to sixty")
    page.get_by_role("link", name="Leave a comment").click()
    expect(page.locator("#comment-form")).to_be_in_viewport()
    assert [url for url in loads if "cpage" in url] == []
    assert [str(problem) for problem in browser_problems] == []
