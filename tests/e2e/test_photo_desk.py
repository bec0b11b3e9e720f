"""The photo desk in a real browser: embeds load nothing until asked, the chooser.

Outside requests never leave the machine: the browser's requests to any other
host are recorded and answered with a stub page by Playwright.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from images import body as body_media
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.e2e.helpers import choose_autocomplete, log_in
from tests.images.factories import ImageFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

YOUTUBE = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
VIMEO = "https://vimeo.com/76979871"


def record_foreign_requests(context, own_origin: str) -> list[str]:
    """Record every request to another host, answering it with a stub page."""
    foreign: list[str] = []
    own = urlsplit(own_origin).netloc

    def handle(route):
        url = route.request.url
        if urlsplit(url).netloc == own or url.startswith("data:"):
            route.continue_()
            return
        foreign.append(url)
        route.fulfill(
            status=200,
            content_type="text/html",
            body="<!DOCTYPE html><title>player</title><p>Player</p>",
        )

    context.route("**/*", handle)
    return foreign


@pytest.fixture
def story_with_embeds():
    photo = ImageFactory(width=1600, height=900, credit="Laura Sánchez")
    return ArticleFactory(
        published=True,
        headline="Storm in pictures and video",
        body=(
            "<p>The storm reached Dénia at noon.</p>"
            f'<figure data-image-id="{photo.pk}"></figure>'
            f'<figure data-embed="{YOUTUBE}"></figure>'
            "<p>Later in the afternoon:</p>"
            f'<figure data-embed="{VIMEO}"></figure>'
        ),
    )


def test_embeds_load_nothing_from_the_provider_until_the_reader_asks(
    new_context, live_server, story_with_embeds, browser_problems
):
    context = new_context()
    foreign = record_foreign_requests(context, live_server.url)
    page = context.new_page()
    page.goto(story_with_embeds.get_absolute_url())
    page.wait_for_load_state("networkidle")

    assert foreign == []
    assert page.locator("iframe").count() == 0
    youtube = page.locator("figure.embed--youtube")
    expect(youtube).to_contain_text("Content from YouTube")
    expect(youtube.get_by_role("link", name="Open it on YouTube")).to_have_attribute(
        "href", YOUTUBE
    )

    youtube.get_by_role("button", name="Show the YouTube content").click()
    expect(youtube.locator("iframe")).to_have_count(1)
    page.wait_for_load_state("networkidle")

    hosts = {urlsplit(url).netloc for url in foreign}
    assert hosts == {"www.youtube-nocookie.com"}
    # The other embed still loaded nothing; the CSP let the one player in.
    assert page.locator("figure.embed--vimeo iframe").count() == 0
    assert browser_problems == []


def test_without_javascript_readers_get_the_link(
    new_context, live_server, story_with_embeds
):
    context = new_context(java_script_enabled=False)
    foreign = record_foreign_requests(context, live_server.url)
    page = context.new_page()
    page.goto(story_with_embeds.get_absolute_url())

    expect(page.get_by_role("link", name="Open it on Vimeo")).to_be_visible()
    expect(page.locator(".embed__load").first).to_be_hidden()
    assert foreign == []


def test_a_lead_image_is_chosen_from_the_library_without_leaving_the_form(
    new_context, editor, password, browser_problems
):
    SectionFactory(name="Spain", slug="spain")
    AuthorFactory(name="Laura Sánchez", slug="laura-sanchez")
    ImageFactory(title="Harbour at dawn", credit="Port photographer", alt="Boats")
    ImageFactory(title="Beach in winter", credit="Staff", alt="An empty beach")
    context = new_context()
    page = log_in(context, editor.username, password)
    page.goto(reverse("admin:articles_article_add"))
    form_url = page.url

    page.locator("#id_headline").fill("Harbour works begin")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Work on the harbour began today.")
    choose_autocomplete(page, "id_section", "Spain", "Spain")
    choose_autocomplete(page, "id_bylines-0-author", "Laura", "Laura Sánchez")

    page.get_by_role("button", name="Choose from the library").click()
    dialog = page.locator("dialog.image-chooser__dialog").first
    expect(dialog.locator(".image-chooser__result")).to_have_count(2)
    dialog.get_by_label("Search the library").fill("harbour")
    expect(dialog.locator(".image-chooser__result")).to_have_count(1)
    dialog.locator(".image-chooser__result").click()

    assert page.url == form_url
    expect(page.locator("#id_lead_image_credit")).to_have_value("Port photographer")
    expect(page.locator("#id_lead_image_alt")).to_have_value("Boats")
    page.locator("#id_lead_image_caption").fill("Cranes on the quay this morning")
    page.locator("button[name=workflow_action][value=save]").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved")

    article = Article.objects.get(headline="Harbour works begin")
    assert article.lead_image.title == "Harbour at dawn"
    assert article.lead_image_caption == "Cranes on the quay this morning"
    assert browser_problems == []


def test_the_body_editor_inserts_library_photos_and_pasted_embeds(
    new_context, editor, password, browser_problems
):
    photo = ImageFactory(title="Harbour at dawn", credit="Port photographer")
    article = ArticleFactory(headline="Harbour works begin", body="<p>Start.</p>")
    context = new_context()
    page = log_in(context, editor.username, password)
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))

    body = page.locator(".ProseMirror[contenteditable=true]")
    body.click()
    page.keyboard.press("End")
    page.once("dialog", lambda dialog: dialog.accept("Cranes on the quay"))
    page.get_by_role("button", name="Insert library photo").click()
    dialog = page.locator("dialog.image-chooser__dialog[open]")
    dialog.locator(".image-chooser__result", has_text="Harbour at dawn").click()
    expect(body.locator("figure.library-media")).to_have_count(1)

    # A YouTube link pasted on its own line becomes an embed block.
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("(url) => navigator.clipboard.writeText(url)", YOUTUBE)
    body.locator("p").last.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+v")
    expect(body.locator("figure.library-media")).to_have_count(2)
    page.locator("button[name=workflow_action][value=save]").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved")

    article.refresh_from_db()
    assert (
        f'<figure data-image-id="{photo.pk}" data-caption="Cranes on the quay">'
        in article.body
    )
    assert f'<figure data-embed="{YOUTUBE}"></figure>' in article.body
    assert browser_problems == []


def test_a_story_with_five_photos_and_two_embeds_passes_axe(
    new_context, live_server, browser_problems
):
    from axe_playwright_python.sync_playwright import Axe

    photos = [
        ImageFactory(
            width=1600,
            height=900,
            caption=f"Caption {n}",
            credit=f"Photographer {n}",
            alt=f"Scene number {n}",
        )
        for n in range(5)
    ]
    body = "<p>The storm reached Dénia at noon.</p>"
    body += "".join(
        f'<figure data-image-id="{photo.pk}"></figure>' for photo in photos[:3]
    )
    body += f'<figure data-gallery="{photos[3].pk},{photos[4].pk}"></figure>'
    body += f'<figure data-embed="{YOUTUBE}"></figure><p>Later:</p>'
    body += '<figure data-embed="https://x.com/AEMET/status/1851234567890123456">'
    body += "</figure>"
    article = ArticleFactory(published=True, headline="The storm", body=body)
    # Make the renditions now, not within the page load's time limit.
    body_media.render(article.body)
    context = new_context()
    record_foreign_requests(context, live_server.url)
    page = context.new_page()
    page.goto(article.get_absolute_url(), timeout=60_000)
    expect(page.locator(".article__body picture")).to_have_count(5)

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()
    assert browser_problems == []
