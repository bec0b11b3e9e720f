"""The writing desk in a real browser: nothing typed is lost, and the form fits.

A reporter types an article, the form autosaves it, the tab closes without a
save, and reopening the form restores every field; leaving a form with unsaved
changes asks first; spellcheck is on; Ctrl+S saves; the article list fits a
1280-pixel screen.
"""

import time

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from taggit.models import Tag

from articles.models import Article, ArticleAutosave
from articles.services import article_save
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.e2e.helpers import add_tags, choose_autocomplete, log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

HEADLINE = "Benidorm opens its new seafront promenade"
SEO_HEADLINE = "Benidorm's new seafront promenade opens a year late"
STANDFIRST = "Two kilometres of paving, palm trees and shade, a year late."
CAPTION = "The new promenade at Levante beach"
CREDIT = "Laura Sánchez"
ALT = "Palm trees and white paving along a wide seafront promenade"
SECOND_PARAGRAPH = "Traders said the new paving was worth the wait."


@pytest.fixture
def desk(reporter):
    spain = SectionFactory(name="Spain", slug="spain")
    SectionFactory(name="Costa Blanca North", slug="costa-blanca-north", parent=spain)
    own = AuthorFactory(name="Laura Sánchez", slug="laura-sanchez", user=reporter)
    other = AuthorFactory(name="Pedro Gil", slug="pedro-gil")
    return own, other


def type_body(page: Page) -> None:
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The promenade ")
    page.keyboard.press("Control+b")
    page.keyboard.type("reopened")
    page.keyboard.press("Control+b")
    page.keyboard.type(" this morning.")
    page.keyboard.press("Enter")
    page.keyboard.type(SECOND_PARAGRAPH)


def byline_names(page: Page) -> list[str]:
    return page.locator(
        "#bylines-group tr.form-row:not(.empty-form) .select2-selection__rendered"
    ).all_inner_texts()


def test_closed_tab_loses_nothing_and_reopening_restores_every_field(
    new_context, reporter, password, desk, settings, artifacts_dir, browser_problems
):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 2
    context = new_context()
    page = log_in(context, reporter.username, password)
    page.goto(reverse("admin:articles_article_add"))
    page.locator("#id_headline").fill(HEADLINE)
    page.locator("#id_seo_headline").fill(SEO_HEADLINE)
    page.locator("#id_standfirst").fill(STANDFIRST)
    type_body(page)
    page.locator("#id_lead_image_caption").fill(CAPTION)
    page.locator("#id_lead_image_credit").fill(CREDIT)
    page.locator("#id_lead_image_alt").fill(ALT)
    choose_autocomplete(page, "id_section", "Costa", "Spain › Costa Blanca North")
    add_tags(page, "Benidorm", "Tourism")
    page.locator("#comments_open, #id_comments_open").uncheck()
    # A second author, then moved to the front of the byline with the keyboard.
    page.get_by_role("button", name="Add another Byline author").click()
    choose_autocomplete(page, "id_bylines-1-author", "Pedro", "Pedro Gil")
    page.get_by_role("button", name="Move Pedro Gil up the byline").focus()
    page.keyboard.press("Enter")
    assert byline_names(page) == ["Pedro Gil", "Laura Sánchez"]

    expect(page.locator("#autosave-status")).to_contain_text(
        "Autosaved at", timeout=10_000
    )
    page.close(run_before_unload=False)
    assert Article.objects.count() == 0
    assert ArticleAutosave.objects.filter(user=reporter).count() == 1

    page = context.new_page()
    page.goto(reverse("admin:articles_article_add"))
    expect(page.locator(".autosave-offer")).to_contain_text(
        "You have unsaved changes from"
    )
    page.screenshot(path=artifacts_dir / "autosave-offer.png")
    page.get_by_role("link", name="Restore").click()

    expect(page.locator("#id_headline")).to_have_value(HEADLINE)
    expect(page.locator("#id_seo_headline")).to_have_value(SEO_HEADLINE)
    expect(page.locator("#id_slug")).to_have_value(
        "benidorm-opens-its-new-seafront-promenade"
    )
    expect(page.locator("#id_standfirst")).to_have_value(STANDFIRST)
    editor = page.locator(".ProseMirror[contenteditable=true]")
    expect(editor.locator("strong")).to_have_text("reopened")
    expect(editor).to_contain_text(SECOND_PARAGRAPH)
    expect(page.locator("#id_lead_image_caption")).to_have_value(CAPTION)
    expect(page.locator("#id_lead_image_credit")).to_have_value(CREDIT)
    expect(page.locator("#id_lead_image_alt")).to_have_value(ALT)
    expect(page.locator("#select2-id_section-container")).to_have_text(
        "Spain › Costa Blanca North"
    )
    expect(page.locator(".tag-chip")).to_have_text(["Benidorm×", "Tourism×"])
    expect(page.locator("#id_comments_open")).not_to_be_checked()
    assert byline_names(page) == ["Pedro Gil", "Laura Sánchez"]
    page.screenshot(path=artifacts_dir / "autosave-restored.png", full_page=True)

    # Ctrl+S saves the restored draft and stays on its form.
    page.keyboard.press("Control+s")
    expect(page.locator(".messagelist")).to_contain_text("Saved.")
    article = Article.objects.get()
    assert page.url.endswith(
        reverse("admin:articles_article_change", args=(article.pk,))
    )
    assert article.headline == HEADLINE
    assert article.seo_headline == SEO_HEADLINE
    assert article.standfirst == STANDFIRST
    assert "<strong>reopened</strong>" in article.body
    # Credit and alt text belong to a library photo (issue 15): with none
    # chosen, only the story's caption is stored.
    assert article.lead_image_caption == CAPTION
    assert article.lead_image is None
    assert str(article.section) == "Spain › Costa Blanca North"
    assert sorted(article.tags.names()) == ["Benidorm", "Tourism"]
    assert [author.name for author in article.byline_authors] == [
        "Pedro Gil",
        "Laura Sánchez",
    ]
    assert article.comments_open is False
    assert ArticleAutosave.objects.count() == 0
    assert browser_problems == []


def test_closing_the_tab_before_the_interval_sends_the_text_as_it_goes(
    new_context, reporter, password, desk, settings
):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 600
    context = new_context()
    page = log_in(context, reporter.username, password)
    page.goto(reverse("admin:articles_article_add"))
    page.locator("#id_headline").fill(HEADLINE)
    type_body(page)
    asked = []
    page.on("dialog", lambda dialog: asked.append(dialog.type) or dialog.accept())
    # Playwright hears the page's events while another page waits.
    other = context.new_page()

    page.close(run_before_unload=True)

    deadline = time.monotonic() + 10
    while not ArticleAutosave.objects.exists() and time.monotonic() < deadline:
        other.wait_for_timeout(200)
    assert asked == ["beforeunload"]
    autosave = ArticleAutosave.objects.get(user=reporter)
    assert autosave.data["headline"] == [HEADLINE]
    assert SECOND_PARAGRAPH in autosave.data["body"][0]


def test_autosave_comes_after_15_seconds_of_typing(
    new_context, reporter, password, desk
):
    article = article_save(
        article=ArticleFactory(draft=True, created_by=reporter, authors=[desk[0]]),
        user=None,
    )
    page = log_in(new_context(), reporter.username, password)
    page.goto(reverse("admin:articles_article_change", args=(article.pk,)))
    page.locator("#id_standfirst").fill(STANDFIRST)
    typed = time.monotonic()

    expect(page.locator("#autosave-status")).to_contain_text(
        "Autosaved at", timeout=30_000
    )

    assert time.monotonic() - typed >= 14
    autosave = ArticleAutosave.objects.get(user=reporter, article=article)
    assert autosave.data["standfirst"] == [STANDFIRST]
    article.refresh_from_db()
    assert article.standfirst == ""


def test_leaving_a_form_with_unsaved_changes_asks_first(
    new_context, reporter, password, desk
):
    page = log_in(new_context(), reporter.username, password)
    page.goto(reverse("admin:articles_article_add"))
    form_url = page.url
    page.locator("#id_headline").fill(HEADLINE)
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)

    page.locator("#header").get_by_role("link", name="View site").click()
    page.wait_for_timeout(500)
    page.locator("#logout-form button").click()
    page.wait_for_timeout(500)

    assert asked == ["beforeunload", "beforeunload"]
    assert page.url == form_url
    expect(page.locator("#id_headline")).to_have_value(HEADLINE)


def test_an_untouched_form_leaves_without_asking(new_context, reporter, password):
    page = log_in(new_context(), reporter.username, password)
    page.goto(reverse("admin:articles_article_add"))
    asked = []
    page.on("dialog", lambda dialog: asked.append(dialog.type) or dialog.dismiss())

    page.locator("#header").get_by_role("link", name="View site").click()

    expect(page).to_have_url(reverse("home"))
    assert asked == []


def test_spellcheck_is_on_in_the_body_and_text_fields(
    new_context, reporter, password, desk
):
    page = log_in(new_context(), reporter.username, password)
    page.goto(reverse("admin:articles_article_add"))
    editor = page.locator(".ProseMirror[contenteditable=true]")
    expect(editor).to_be_visible()

    checked = page.evaluate(
        """() => Object.fromEntries(
            ["#id_headline", "#id_seo_headline", "#id_standfirst",
             "#id_lead_image_caption", "#id_lead_image_alt",
             ".ProseMirror[contenteditable=true]"]
            .map((selector) => [selector, document.querySelector(selector).spellcheck])
        )"""
    )

    assert checked == dict.fromkeys(checked, True)
    assert len(checked) == 6


def test_counters_word_count_and_slug_from_a_long_headline(
    new_context, reporter, password, desk
):
    long_headline = (
        "Residents of the old town of Altea protest against plans for two "
        "thousand six hundred new homes on the hill above the church"
    )
    page = log_in(new_context(), reporter.username, password)
    page.goto(reverse("admin:articles_article_add"))

    page.locator("#id_headline").press_sequentially(long_headline, delay=0)
    page.locator("#id_seo_headline").fill("x" * 100)
    type_body(page)

    slug = page.locator("#id_slug").input_value()
    assert len(slug) <= 80
    assert long_headline.lower().replace(" ", "-").startswith(slug + "-")
    expect(page.locator("#id_headline_count")).to_have_text(
        f"{len(long_headline)} / 200 characters"
    )
    expect(page.locator("#id_seo_headline_count")).to_contain_text(
        "100 / 110 characters (up to 60 show in search results) — 10 left"
    )
    expect(page.locator("#body_word_count")).to_have_text("14 words · 1 min read")


def test_article_list_fits_1280_pixels_with_the_headline_widest(
    new_context, editor, password, artifacts_dir
):
    north = SectionFactory(
        name="Costa Blanca North",
        parent=SectionFactory(name="Costa Blanca"),
    )
    authors = [AuthorFactory(name=f"Author Number {n} Fernández") for n in range(3)]
    for number in range(5):
        ArticleFactory(
            published=True,
            section=north,
            authors=authors,
            headline=f"Residents of Altea protest against plans for new homes {number}",
        )
    page = log_in(
        new_context(viewport={"width": 1280, "height": 800}), editor.username, password
    )
    page.goto(reverse("admin:articles_article_changelist"))
    page.screenshot(path=artifacts_dir / "article-list-1280.png")

    table, box = page.evaluate(
        """() => [
            document.querySelector("#result_list").scrollWidth,
            document.querySelector("#changelist .results").clientWidth,
        ]"""
    )
    widths = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
            "#result_list thead th[class*=column-]")].map(
            (th) => [th.className.match(/column-(\\w+)/)[1], th.offsetWidth]))"""
    )
    assert table <= box, (table, box)
    assert max(widths, key=widths.get) == "headline", widths
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_object_tools_never_cover_a_long_title(
    new_context, editor, password, artifacts_dir
):
    article = article_save(
        article=ArticleFactory(
            published=True,
            headline=(
                "Alicante's tram extension to San Vicente del Raspeig approved "
                "after a decade of delays and three public consultations"
            ),
        ),
        user=None,
    )
    page = log_in(
        new_context(viewport={"width": 1280, "height": 800}), editor.username, password
    )
    page.goto(reverse("admin:articles_article_change", args=(article.pk,)))
    page.screenshot(path=artifacts_dir / "article-form-long-title.png")

    title = page.locator("#content h2").first.bounding_box()
    for name in ("Preview", "History", "View on site"):
        button = page.locator(".object-tools").get_by_role("link", name=name)
        tool = button.bounding_box()
        overlaps = not (
            tool["x"] + tool["width"] <= title["x"]
            or title["x"] + title["width"] <= tool["x"]
            or tool["y"] + tool["height"] <= title["y"]
            or title["y"] + title["height"] <= tool["y"]
        )
        assert overlaps is False, name


def test_a_new_article_previews_before_its_first_save(
    new_context, reporter, password, desk, browser_problems
):
    page = log_in(new_context(), reporter.username, password)
    page.goto(reverse("admin:articles_article_add"))
    page.locator("#id_headline").fill(HEADLINE)
    type_body(page)
    choose_autocomplete(page, "id_section", "Costa", "Spain › Costa Blanca North")

    with page.context.expect_page() as new_tab:
        page.locator(".object-tools").get_by_role("button", name="Preview").click()
    preview = new_tab.value

    expect(preview.locator("h1")).to_have_text(HEADLINE)
    expect(preview.locator("main")).to_contain_text(SECOND_PARAGRAPH)
    expect(preview.locator("main")).to_contain_text("Laura Sánchez")
    assert Article.objects.count() == 0
    # The form is still there, unsaved, and still asks before leaving.
    expect(page.locator("#id_headline")).to_have_value(HEADLINE)
    assert page.evaluate("window.articleAutosave.isDirty()") is True
    assert browser_problems == []


def test_hiding_the_tab_autosaves_at_once(new_context, reporter, password, settings):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 600
    page = log_in(new_context(), reporter.username, password)
    page.goto(reverse("admin:articles_article_add"))
    page.locator("#id_headline").fill(HEADLINE)

    # Headless Chromium never hides a tab: tell the page it is hidden.
    page.evaluate(
        """() => {
            Object.defineProperty(document, "visibilityState", {value: "hidden"});
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )

    deadline = time.monotonic() + 10
    while not ArticleAutosave.objects.exists() and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert ArticleAutosave.objects.get(user=reporter).data["headline"] == [HEADLINE]


def test_a_failed_autosave_says_why_in_the_form(
    new_context, reporter, password, settings
):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1
    context = new_context()
    page = log_in(context, reporter.username, password)
    page.goto(reverse("admin:articles_article_add"))
    context.clear_cookies()

    page.locator("#id_headline").fill(HEADLINE)

    expect(page.locator("#autosave-status")).to_have_text(
        "Autosave failed: you are signed out. Copy your text, sign in again in "
        "another tab, then save."
    )
    expect(page.locator("#autosave-status")).to_have_class(
        "autosave-status autosave-status--failed"
    )
    assert ArticleAutosave.objects.count() == 0


def test_tags_suggest_existing_ones_as_you_type(new_context, reporter, password):
    for name in ("Benidorm", "Benissa", "Politics"):
        Tag.objects.create(name=name, slug=name.lower())
    page = log_in(new_context(), reporter.username, password)
    page.goto(reverse("admin:articles_article_add"))

    page.locator("#id_tags_typing").press_sequentially("beni")

    expect(page.locator("#id_tags_suggestions option")).to_have_count(2)
    values = page.locator("#id_tags_suggestions option").evaluate_all(
        "(options) => options.map((option) => option.value)"
    )
    assert values == ["Benidorm", "Benissa"]
    expect(page.locator("#id_tags")).to_have_attribute("type", "hidden")


def test_byline_order_by_dragging(new_context, reporter, password, desk):
    own, other = desk
    article = article_save(
        article=ArticleFactory(draft=True, created_by=reporter, authors=[own, other]),
        user=None,
    )
    page = log_in(new_context(), reporter.username, password)
    page.goto(reverse("admin:articles_article_change", args=(article.pk,)))
    assert byline_names(page) == ["Laura Sánchez", "Pedro Gil"]

    page.locator("#bylines-1 .byline-drag").drag_to(page.locator("#bylines-0"))

    assert byline_names(page) == ["Pedro Gil", "Laura Sánchez"]
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved.")
    article.refresh_from_db()
    assert [author.name for author in article.byline_authors] == [
        "Pedro Gil",
        "Laura Sánchez",
    ]
