"""The newsroom's main flows in a real browser, against a live server of the project.

A reporter writes and submits an article, an editor previews and publishes it, a
reader comments on it, and a moderator approves the comment: every step through
the pages people use, with real logins, and no console errors or CSP violations.
"""

import re
import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from comments.forms import FORM_MIN_SECONDS
from comments.models import Comment
from tests.articles.factories import SectionFactory
from tests.authors.factories import AuthorFactory
from tests.e2e.helpers import (
    add_tags,
    choose_autocomplete,
    count_page_loads,
    log_in,
    make_jpeg_file,
)

pytestmark = [
    pytest.mark.e2e,
    # The live server reads what the test writes, so each test commits; the roles
    # (groups made by a migration) come back after the tables are emptied.
    pytest.mark.django_db(transaction=True),
    # WhiteNoise looks for STATIC_ROOT when the live server starts, before the
    # test settings point it at a temporary folder.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

HEADLINE = "Benidorm opens its new seafront promenade"
STANDFIRST = "Two kilometres of paving, palm trees and shade, a year late."
SECOND_PARAGRAPH = "Traders on the seafront said the new paving was worth the wait."
BODY = (
    "<p>The promenade <strong>reopened</strong> this morning after fourteen months "
    "of works.</p><p>Traders on the seafront said the new paving was worth the "
    "wait.</p>"
)
CAPTION = "The new promenade at Levante beach"
CREDIT = "Laura Sánchez"
ALT = "Palm trees and white paving along a wide seafront promenade"
COMMENT = "Walked it this morning: lovely, but it needs more benches."


def test_article_goes_from_reporter_to_reader_and_comment_through_moderation(
    new_context,
    reporter,
    editor,
    moderator,
    password,
    tmp_path,
    artifacts_dir,
    browser_problems,
):
    spain = SectionFactory(name="Spain", slug="spain")
    SectionFactory(name="Costa Blanca North", slug="costa-blanca-north", parent=spain)
    author = AuthorFactory(name="Laura Sánchez", slug="laura-sanchez", user=reporter)
    photo = make_jpeg_file(tmp_path / "promenade.jpg")

    # 1. A reporter writes the article in the admin and submits it for review.
    reporter_context = new_context()
    page = reporter_context.new_page()
    page_loads = count_page_loads(page)
    log_in(reporter_context, reporter.username, password, page=page)
    page.locator(".model-article").get_by_role("link", name="Add").click()
    page.locator("#id_headline").fill(HEADLINE)
    page.locator("#id_standfirst").fill(STANDFIRST)
    editor_box = page.locator(".ProseMirror[contenteditable=true]")
    editor_box.click()
    page.keyboard.type("The promenade ")
    page.keyboard.press("Control+b")
    page.keyboard.type("reopened")
    page.keyboard.press("Control+b")
    page.keyboard.type(" this morning after fourteen months of works.")
    page.keyboard.press("Enter")
    page.keyboard.type(SECOND_PARAGRAPH)
    page.locator("#id_lead_image").set_input_files(photo)
    page.locator("#id_lead_image_caption").fill(CAPTION)
    page.locator("#id_lead_image_credit").fill(CREDIT)
    page.locator("#id_lead_image_alt").fill(ALT)
    choose_autocomplete(page, "id_section", "Costa", "Spain › Costa Blanca North")
    add_tags(page, "Benidorm", "Tourism")
    # The byline starts with the reporter's own author.
    expect(page.locator("#select2-id_bylines-0-author-container")).to_have_text(
        "Laura Sánchez"
    )
    page.screenshot(path=artifacts_dir / "flow-1-reporter-writes.png", full_page=True)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("Submitted for review")
    # Log in, the admin's front page, the form, the saved article: four pages.
    assert len(page_loads) <= 4, page_loads

    article = Article.objects.get()
    assert article.status == Article.Status.IN_REVIEW
    assert article.headline == HEADLINE
    assert article.slug == "benidorm-opens-its-new-seafront-promenade"
    assert article.standfirst == STANDFIRST
    assert article.body == BODY
    assert str(article.section) == "Spain › Costa Blanca North"
    assert list(article.authors.all()) == [author]
    assert sorted(article.tags.names()) == ["Benidorm", "Tourism"]
    assert (article.lead_image.width, article.lead_image.height) == (1600, 900)
    assert article.lead_image.file.storage.exists(article.lead_image.file.name) is True
    assert (
        article.lead_image_caption,
        article.lead_image.credit,
        article.lead_image.alt,
    ) == (CAPTION, CREDIT, ALT)
    assert article.created_by == reporter
    assert article.is_published is False

    passer_by = new_context().new_page()
    for url in (reverse("home"), article.section.get_absolute_url()):
        passer_by.goto(url)
        expect(passer_by.locator("main")).not_to_contain_text(HEADLINE)

    # 2. An editor finds it waiting for review, previews it and publishes it.
    page = log_in(new_context(), editor.username, password)
    page.locator(".workflow-overview").get_by_role("link", name=HEADLINE).click()
    expect(page.locator("#id_headline")).to_have_value(HEADLINE)
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Preview").click()
    preview = new_tab.value
    expect(preview.locator("h1")).to_have_text(HEADLINE)
    expect(preview.locator('meta[name="robots"]')).to_have_attribute(
        "content", re.compile(r"\bnoindex\b")
    )
    expect(preview.locator("main")).to_contain_text(SECOND_PARAGRAPH)
    expect(preview.get_by_role("img", name=ALT)).to_be_visible()
    preview.screenshot(path=artifacts_dir / "flow-2-editor-preview.png", full_page=True)
    preview.close()
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Published")

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.is_published is True
    article_url = article.get_absolute_url()

    # 3. A reader finds it on the home page, opens it and posts a comment.
    reader = new_context().new_page()
    reader.goto(reverse("home"))
    reader.get_by_role("link", name=HEADLINE).first.click()
    expect(reader).to_have_url(re.compile(re.escape(article_url) + "$"))
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.get_by_role("img", name=ALT)).to_be_visible()
    expect(reader.locator("main")).to_contain_text(CAPTION)
    expect(reader.locator("main")).to_contain_text(CREDIT)
    # The form (with the reader's own tokens) arrives when they start writing.
    reader.get_by_role("link", name="Write a comment").click()
    opened = time.monotonic()
    form = reader.locator("#comment-form")
    expect(form.get_by_label("Name", exact=True)).to_be_focused()
    expect(reader).to_have_url(re.compile(re.escape(article_url) + "$"))
    form.get_by_label("Name", exact=True).fill("Marta Gil")
    form.get_by_label("Email", exact=True).fill("marta@example.org")
    form.get_by_label("Comment", exact=True).fill(COMMENT)
    # The anti-robot trap stays empty, and the form refuses comments sent faster
    # than a person could write one.
    expect(form.locator('input[name="website"]')).to_have_value("")
    time.sleep(max(0, FORM_MIN_SECONDS - (time.monotonic() - opened)) + 0.3)
    form.get_by_role("button", name="Post comment").click()
    expect(reader).to_have_url(re.compile(re.escape(article_url) + "#content$"))
    notice = reader.get_by_role("status").filter(
        has_text="Your comment is awaiting moderation"
    )
    expect(notice).to_be_visible()
    expect(reader.locator(".comment-list")).to_have_count(0)
    reader.screenshot(
        path=artifacts_dir / "flow-3-reader-comment-awaiting-moderation.png"
    )

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert (comment.article, comment.name, comment.body) == (
        article,
        "Marta Gil",
        COMMENT,
    )

    # 4. A moderator approves it from the queue; the reader reloads and sees it.
    page = log_in(new_context(), moderator.username, password)
    page.get_by_role("link", name="Waiting for moderation").click()
    expect(page.locator("h1")).to_have_text("Moderation queue")
    row = page.locator("#result_list tbody tr", has_text=COMMENT)
    page.screenshot(path=artifacts_dir / "flow-4-moderation-queue.png")
    row.get_by_role("button", name="Approve").click()
    # Decided in place, without a page load, with an undo for a few seconds.
    expect(page.locator("#comment-toast")).to_contain_text(
        "Comment by Marta Gil: approved."
    )
    expect(row.locator(".comment-status")).to_have_text("Approved")

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by == moderator

    reader.reload()
    expect(reader.locator(".comment-list")).to_contain_text(COMMENT)
    expect(reader.locator(".comment-list")).to_contain_text("Marta Gil")
    expect(reader.locator("body")).not_to_contain_text("marta@example.org")
    reader.locator("#comments").screenshot(
        path=artifacts_dir / "flow-4-reader-sees-comment.png"
    )
    # Readers without a session get the shared page cache's copy: renewed too.
    passer_by.goto(article_url)
    expect(passer_by.locator(".comment-list")).to_contain_text(COMMENT)

    assert [str(problem) for problem in browser_problems] == []
