"""The moderation desk in a real browser: a hundred comments with the keyboard in
one page load, and a morning's 80/10/10 with bulk actions in a few clicks.

Neither may change a comment the page did not show: comments that arrive while
the moderator works stay pending.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.e2e.helpers import count_page_loads, log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

QUEUE = reverse("admin:comments_comment_changelist") + "?status__exact=pending"

# The decisions are sent one after another: on a loaded machine the last of a
# hundred may land well after its key press.
QUEUED_DECISIONS_MS = 60_000


def pending_comments(count: int, *, article=None, start=None, **fields):
    """Create pending comments, oldest first, a minute apart."""
    article = article or ArticleFactory(published=True)
    start = start or timezone.now() - timedelta(hours=5)
    comments = []
    for number in range(count):
        comment = CommentFactory(article=article, **fields)
        Comment.objects.filter(pk=comment.pk).update(
            created_at=start + timedelta(minutes=number)
        )
        comments.append(comment)
    return comments


def test_a_hundred_comments_moderated_with_the_keyboard_in_one_page_load(
    new_context, moderator, password, browser_problems
):
    comments = pending_comments(100)
    # The plan: approve most, reject every 7th, spam every 11th.
    plan = {}
    for number, comment in enumerate(comments):
        plan[comment.pk] = (
            "spam"
            if number % 11 == 5
            else "rejected"
            if number % 7 == 3
            else "approved"
        )
    keys = {"approved": "a", "rejected": "r", "spam": "s"}
    page = log_in(new_context(), moderator.username, password)
    page.goto(QUEUE)
    loads = count_page_loads(page)
    # Arrives after the page was loaded: never shown, so never decided.
    late = CommentFactory(article=comments[0].article)
    presses = 0

    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(100)
    expect(page.locator("#comment-keys")).to_contain_text("approve")
    # x selects the current row (and again, unselects it).
    page.keyboard.press("x")
    expect(rows.nth(0).locator("input.action-select")).to_be_checked()
    expect(page.locator("#comment-bulk-summary")).to_have_text("1 selected: 1 pending")
    page.keyboard.press("x")
    expect(rows.nth(0).locator("input.action-select")).not_to_be_checked()
    presses += 2
    for number, comment in enumerate(comments):
        row = rows.nth(number)
        expect(row.locator(".comment-text")).to_have_attribute(
            "data-comment", str(comment.pk)
        )
        page.keyboard.press(keys[plan[comment.pk]])
        presses += 1
    # A slip, taken back: the last comment, approved, undone, then spam.
    expect(rows.nth(99).locator(".comment-text")).to_have_attribute(
        "data-status", plan[comments[99].pk], timeout=QUEUED_DECISIONS_MS
    )
    page.keyboard.press("k")
    page.keyboard.press("u")
    presses += 2
    expect(rows.nth(99).locator(".comment-text")).to_have_attribute(
        "data-status", "pending", timeout=QUEUED_DECISIONS_MS
    )
    page.keyboard.press(keys[plan[comments[99].pk]])
    presses += 1
    expect(rows.nth(99).locator(".comment-text")).to_have_attribute(
        "data-status", plan[comments[99].pk], timeout=QUEUED_DECISIONS_MS
    )
    expect(page.locator('[data-status-count="pending"]').first).to_have_text(
        "1", timeout=QUEUED_DECISIONS_MS
    )

    assert presses <= 110
    assert loads == []
    statuses = dict(Comment.objects.filter(pk__in=plan).values_list("pk", "status"))
    assert statuses == plan
    late.refresh_from_db()
    assert late.status == "pending"
    assert [str(problem) for problem in browser_problems] == []


def test_eighty_ten_ten_with_bulk_actions_in_ten_clicks(
    new_context, moderator, password, browser_problems
):
    article = ArticleFactory(published=True, headline="Altea water cuts")
    start = timezone.now() - timedelta(hours=5)
    good = pending_comments(40, article=article, start=start)
    # A spam burst and a flame war arrive together, as they do.
    spam = pending_comments(
        10, article=article, start=start + timedelta(minutes=40), email="x@spam.test"
    )
    rude = pending_comments(10, article=article, start=start + timedelta(minutes=50))
    good += pending_comments(40, article=article, start=start + timedelta(minutes=60))
    page = log_in(new_context(), moderator.username, password)
    page.goto(QUEUE)
    clicks = 0
    checkboxes = page.locator("#result_list tbody input.action-select")
    expect(checkboxes).to_have_count(100)

    # Spam: the burst's first and (shift) last row, then "Spam selected".
    checkboxes.nth(40).click()
    checkboxes.nth(49).click(modifiers=["Shift"])
    expect(page.locator("#comment-bulk-summary")).to_have_text(
        "10 selected: 10 pending"
    )
    page.get_by_role("button", name="Spam selected").click()
    clicks += 3
    expect(page.locator(".messagelist")).to_contain_text("10 comments marked as spam")
    # The list reloads with the 90 still pending.
    expect(checkboxes).to_have_count(90)
    checkboxes.nth(40).click()
    checkboxes.nth(49).click(modifiers=["Shift"])
    page.get_by_role("button", name="Reject selected").click()
    clicks += 3
    expect(page.locator(".messagelist")).to_contain_text(
        "10 comments marked as rejected"
    )
    expect(checkboxes).to_have_count(80)
    page.locator("#action-toggle").click()
    expect(page.locator("#comment-bulk-summary")).to_have_text(
        "80 selected: 80 pending"
    )
    # Arrives after the page was loaded: not shown, so not approved.
    late = CommentFactory(article=article)
    page.get_by_role("button", name="Approve selected").click()
    clicks += 2
    expect(page.locator(".messagelist")).to_contain_text(
        "80 comments marked as approved"
    )

    assert clicks <= 10
    assert {c.status for c in Comment.objects.filter(pk__in=[c.pk for c in spam])} == {
        "spam"
    }
    assert {c.status for c in Comment.objects.filter(pk__in=[c.pk for c in rude])} == {
        "rejected"
    }
    assert {c.status for c in Comment.objects.filter(pk__in=[c.pk for c in good])} == {
        "approved"
    }
    late.refresh_from_db()
    assert late.status == "pending"
    assert [str(problem) for problem in browser_problems] == []


def test_a_bulk_action_over_a_filtered_list_asks_first(
    new_context, moderator, password, browser_problems
):
    article = ArticleFactory(published=True, headline="Altea water cuts")
    ArticleFactory(draft=True, headline="Altea mayor resigns")
    pending_comments(2, article=article)
    CommentFactory.create_batch(3, article=article, rejected=True)
    CommentFactory()
    page = log_in(new_context(), moderator.username, password)
    page.goto(reverse("admin:comments_comment_changelist") + "?status__exact=all")

    # The article filter: the admin's autocomplete, published headlines only.
    page.locator("#filter-article + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("altea")
    expect(page.locator(".select2-results__option")).to_have_count(1)
    expect(page.locator(".select2-results__option")).to_have_text("Altea water cuts")
    page.locator(".select2-results__option").click()
    expect(page).to_have_url(
        f"{page.url.split('?')[0]}?status__exact=all&article={article.pk}"
    )
    expect(page.locator("#result_list tbody tr")).to_have_count(5)
    page.locator("#action-toggle").click()
    page.locator("select[name=action]").select_option("mark_approved")
    page.get_by_role("button", name="Go").click()

    expect(page.locator(".comment-confirm-summary")).to_contain_text(
        "This will change 5 comments to approved"
    )
    expect(page.locator(".comment-confirm-counts")).to_contain_text("3 rejected")
    assert Comment.objects.filter(status="approved").count() == 0
    page.get_by_role("link", name="No, take me back").click()
    page.get_by_role("link", name="All pending comments").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    assert [str(problem) for problem in browser_problems] == []


def test_the_commenter_history_opens_beside_the_row(
    new_context, moderator, password, browser_problems
):
    article = ArticleFactory(published=True)
    mine = CommentFactory.create_batch(
        3, article=article, email="pepe@example.org", ip_address="2001:db8:1:2::7"
    )
    CommentFactory(article=article, email="pepe@example.org", rejected=True)
    other = CommentFactory(article=article)
    page = log_in(new_context(), moderator.username, password)
    page.goto(QUEUE)

    page.locator(".comment-history-link").first.click()
    panel = page.locator(".commenter-panel")
    expect(panel).to_contain_text("1 rejected")
    expect(panel.locator(".commenter-history tbody tr")).to_have_count(4)
    expect(panel.get_by_role("link", name="Ban this IP network (2001:db8:1:2::/64)"))
    panel.get_by_role(
        "button", name="Approve all 3 pending from this commenter"
    ).click()

    expect(page.locator(".messagelist")).to_contain_text("3 pending comments")
    assert {c.status for c in Comment.objects.filter(pk__in=[c.pk for c in mine])} == {
        "approved"
    }
    other.refresh_from_db()
    assert other.status == "pending"
    assert [str(problem) for problem in browser_problems] == []


def test_the_queue_fits_a_1280_pixel_window_without_scrolling_sideways(
    new_context, moderator, password, browser_problems
):
    pending_comments(3, email="a.very.long.address.for.a.commenter@example.org")
    page = log_in(
        new_context(viewport={"width": 1280, "height": 900}),
        moderator.username,
        password,
    )
    page.goto(QUEUE)

    results = page.locator(".results")
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    overflow = results.evaluate("element => element.scrollWidth - element.clientWidth")
    assert overflow <= 1, f"the queue's table scrolls sideways by {overflow} px"
    expect(page.get_by_role("button", name="Approve").first).to_be_in_viewport()
    assert [str(problem) for problem in browser_problems] == []


def test_undo_takes_back_the_latest_decision_when_answers_arrive_out_of_order(
    new_context, moderator, password, browser_problems
):
    first, second = pending_comments(2)
    page = log_in(new_context(), moderator.username, password)
    held = []
    page.route(
        f"**/comments/comment/{first.pk}/moderate/", lambda route: held.append(route)
    )
    page.goto(QUEUE)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)

    page.keyboard.press("a")  # the first: its answer is held back
    page.keyboard.press("s")  # the second, answered at once
    expect(rows.nth(1).locator(".comment-text")).to_have_attribute(
        "data-status", "spam"
    )
    assert len(held) == 1
    held[0].continue_()
    expect(rows.nth(0).locator(".comment-text")).to_have_attribute(
        "data-status", "approved"
    )
    expect(page.locator("#comment-toast-undo")).to_be_visible()
    page.keyboard.press("u")

    expect(rows.nth(1).locator(".comment-text")).to_have_attribute(
        "data-status", "pending"
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "pending")
    assert [str(problem) for problem in browser_problems] == []
