"""Live coverage in a real browser: posted at the desk, shown on an open page."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.articles.factories import ArticleFactory, LiveEntryFactory
from tests.authors.factories import AuthorFactory, UserFactory
from tests.e2e.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def fast_polling(settings):
    settings.NEWSROOM_LIVE_POLL_SECONDS = 1


@pytest.fixture
def live_article():
    reporter = UserFactory(username="rita", is_staff=True, password=PASSWORD)
    reporter.groups.add(Group.objects.get(name="Reporter"))
    article = ArticleFactory(
        published=True,
        headline="Gota fría: live",
        standfirst="Rain warnings across the Vega Baja.",
        body="<p>What we know so far.</p>",
        authors=[AuthorFactory(user=reporter, name="Rita Reporter")],
        coverage_started_at=timezone.now() - timedelta(hours=1),
    )
    for number in range(25):
        LiveEntryFactory(
            article=article,
            body=f"<p>Earlier update {number}: water levels steady.</p>",
            headline="Schools closed" if number == 3 else "",
            is_key_event=number == 3,
        )
    return article


def test_an_entry_posted_at_the_desk_appears_on_an_open_page_without_reload(
    new_context, live_article, fast_polling, artifacts_dir, browser_problems
):
    reader = new_context().new_page()
    reader.goto(live_article.get_absolute_url())
    expect(reader.locator(".live-entry")).to_have_count(20)
    reader.evaluate("window.openedOnce = true")
    reader.mouse.wheel(0, 1400)
    reader.wait_for_timeout(300)
    scrolled = reader.evaluate("window.scrollY")
    reading_id = reader.locator(".live-entry").nth(8).get_attribute("id")
    reading = reader.locator(f"#{reading_id}")
    reading_top = reading.evaluate("element => element.getBoundingClientRect().top")

    desk = log_in(new_context(), "rita", PASSWORD)
    desk.goto(reverse("admin:articles_liveentry_desk", args=(live_article.pk,)))
    desk.evaluate("window.deskOpenedOnce = true")
    desk.get_by_label("Headline").fill("River bursts its banks")
    editor = desk.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    editor.press_sequentially("Water over the CV-91 at Orihuela.")
    desk.get_by_role("button", name="Post update").click()

    expect(desk.locator(".live-desk__entry").first).to_contain_text(
        "River bursts its banks"
    )
    expect(desk.locator(".live-desk__sent")).not_to_be_empty()
    assert desk.evaluate("window.deskOpenedOnce") is True  # no reload
    expect(desk.get_by_label("Headline")).to_have_value("")
    expect(editor).not_to_contain_text("Water over")
    desk.screenshot(path=artifacts_dir / "live-desk.png", full_page=True)

    button = reader.get_by_role("button", name="1 new update")
    expect(button).to_be_visible(timeout=15_000)
    reader.screenshot(path=artifacts_dir / "live-new-updates.png")
    button.click()

    newest = reader.locator(".live-entry").first
    expect(newest).to_contain_text("Water over the CV-91 at Orihuela.")
    expect(newest).to_contain_text("River bursts its banks")
    assert reader.evaluate("window.openedOnce") is True  # no reload
    # What the reader was reading stayed where it was.
    after = reading.evaluate("element => element.getBoundingClientRect().top")
    assert abs(after - reading_top) <= 2
    assert reader.evaluate("window.scrollY") > scrolled
    reader.evaluate("window.scrollTo(0, 0)")
    reader.screenshot(path=artifacts_dir / "live-page.png", full_page=True)
    assert browser_problems == []


def test_polls_get_304s_and_a_hidden_tab_does_not_poll(
    new_context, live_article, fast_polling
):
    page = new_context().new_page()
    polls = []
    page.on(
        "request",
        lambda request: "/live/updates/" in request.url and polls.append(request.url),
    )
    answers = []
    page.on(
        "response",
        lambda response: (
            "/live/updates/" in response.url and answers.append(response.status)
        ),
    )
    page.goto(live_article.get_absolute_url())
    page.wait_for_timeout(3500)
    assert polls, "a visible tab polls"
    # Nothing new: after the first answer, the page cache's 304s.
    assert answers[0] == 200
    assert set(answers[1:]) == {304}

    page.evaluate(
        """() => {
        Object.defineProperty(document, "hidden", {value: true, configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));
    }"""
    )
    polls.clear()
    page.wait_for_timeout(3500)
    assert polls == []

    page.evaluate(
        """() => {
        Object.defineProperty(document, "hidden", {value: false, configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));
    }"""
    )
    page.wait_for_timeout(500)
    assert len(polls) >= 1


def test_a_shared_anchor_of_an_entry_now_on_page_two_still_lands_on_it(
    new_context, live_article
):
    oldest = live_article.live_entries.order_by("id").first()
    page = new_context().new_page()
    page.goto(f"{live_article.get_absolute_url()}#entry-{oldest.pk}")

    expect(page).to_have_url(re.compile(rf"\?page=2#entry-{oldest.pk}$"))
    expect(page.locator(f"#entry-{oldest.pk}")).to_be_in_viewport()
