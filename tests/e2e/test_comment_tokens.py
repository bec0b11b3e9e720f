"""Readers of one cached article page each get their own comment form, in Chromium.

The article page is the same for everyone (a CDN may share it); the form with
its CSRF token and one-time key is fetched when a reader starts a comment.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from comments.forms import FORM_MIN_SECONDS
from comments.models import Comment
from comments.sections import comment_form_url
from newsroom.models import SiteSettings
from tests.articles.factories import ArticleFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def open_form(page, url: str) -> str:
    """Open the article, start a comment; return the form's one-time token."""
    page.get_by_role("link", name="Write a comment").click()
    form = page.locator("#comment-form")
    expect(form.get_by_label("Name", exact=True)).to_be_focused()
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    return form.locator('input[name="form_token"]').input_value()


def write_and_send(page, name: str, body: str) -> None:
    form = page.locator("#comment-form")
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Email", exact=True).fill(
        f"{name.split()[0].lower()}@example.org"
    )
    form.get_by_label("Comment", exact=True).fill(body)
    form.get_by_role("button", name="Post comment").click()


def test_two_readers_of_the_same_cached_article_each_get_a_working_token(
    new_context, browser_problems
):
    SiteSettings.load()  # Stored before the pages are read (its first save
    # would start a new generation of the page cache between the two readers).
    article = ArticleFactory(published=True, headline="Ferry strike called off")
    url = article.get_absolute_url()
    pages, answers = [], []
    for _reader in range(2):
        page = new_context().new_page()
        answers.append(page.goto(url))
        pages.append(page)

    # One shared copy, public, with nothing of either reader in it.
    assert [answer.headers.get("x-page-cache") for answer in answers] == [
        "miss",
        "hit",
    ]
    assert answers[0].body() == answers[1].body()
    assert "public" in answers[1].headers["cache-control"]
    assert "set-cookie" not in answers[1].headers
    assert b'name="form_token"' not in answers[1].body()

    tokens = [open_form(page, url) for page in pages]
    assert tokens[0] and tokens[1] and tokens[0] != tokens[1]
    time.sleep(FORM_MIN_SECONDS + 0.3)
    for number, page in enumerate(pages):
        write_and_send(page, f"Reader{number} Gil", f"Comment number {number}.")
        expect(page.get_by_role("status")).to_contain_text("awaiting moderation")

    stored = Comment.objects.filter(article=article).order_by("body")
    assert [comment.body for comment in stored] == [
        "Comment number 0.",
        "Comment number 1.",
    ]
    assert len({comment.submission_key for comment in stored}) == 2
    assert browser_problems == []


def test_without_javascript_the_link_opens_a_form_page_that_posts_the_same_way(
    new_context, browser_problems
):
    article = ArticleFactory(published=True, headline="Tram line approved")
    url = article.get_absolute_url()
    page = new_context(java_script_enabled=False).new_page()
    page.goto(url)

    page.get_by_role("link", name="Write a comment").click()
    expect(page).to_have_url(re.compile(re.escape(comment_form_url(article)) + "$"))
    time.sleep(FORM_MIN_SECONDS + 0.3)
    write_and_send(page, "Pau Ferrer", "Which stops are new?")

    expect(page).to_have_url(re.compile(re.escape(url) + "#content$"))
    expect(page.get_by_role("status")).to_contain_text("awaiting moderation")
    assert Comment.objects.get(article=article).body == "Which stops are new?"
    assert browser_problems == []
