"""Tags as a reporter types them, in a real browser: a clear error for one too long
(nothing lost), then pages for tags in any script that readers can follow.

Screenshots go to test-artifacts/ for people to look at.
"""

from urllib.parse import unquote

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.articles.factories import SectionFactory
from tests.authors.factories import AuthorFactory
from tests.e2e.helpers import add_tags, choose_autocomplete, log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

HEADLINE = "Snow closes the road to Guadalest"
LONG_TAG = " ".join(["Carretera de Callosa d'en Sarrià a Guadalest"] * 3)


def test_reporter_fixes_a_long_tag_and_readers_follow_tags_in_any_script(
    new_context, reporter, password, artifacts_dir, browser_problems
):
    SectionFactory(name="Costa Blanca North", slug="costa-blanca-north")
    AuthorFactory(name="Laura Sánchez", slug="laura-sanchez", user=reporter)

    page = log_in(new_context(), reporter.username, password)
    page.locator(".model-article").get_by_role("link", name="Add").click()
    page.locator("#id_headline").fill(HEADLINE)
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The CV-70 is closed above Polop.")
    choose_autocomplete(page, "id_section", "Costa", "Costa Blanca North")
    choose_autocomplete(page, "id_bylines-0-author", "Laura", "Laura Sánchez")
    add_tags(page, "Dénia", "Москва", "東京", "!!!", LONG_TAG)
    page.get_by_role("button", name="Save draft").click()

    error = page.locator(".field-tags .errorlist")
    expect(error).to_contain_text("at most 100 characters")
    expect(page.locator("#id_headline")).to_have_value(HEADLINE)
    expect(page.locator("#id_tags")).to_have_value(
        f"Dénia, Москва, 東京, !!!, {LONG_TAG}"
    )
    page.locator(".field-tags").scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "tag-too-long-error.png", full_page=True)

    page.get_by_role("button", name=f"Remove the tag {LONG_TAG}").click()
    expect(page.locator("#id_tags")).to_have_value("Dénia, Москва, 東京, !!!")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved.")

    Article.objects.filter(headline=HEADLINE).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )
    article = Article.objects.get()
    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())
    reader.get_by_role("link", name="Москва").click()

    expect(reader.get_by_role("heading", level=1)).to_contain_text("Москва")
    assert unquote(reader.url).endswith("/tag/москва/")
    expect(reader.get_by_role("link", name=HEADLINE)).to_be_visible()
    reader.screenshot(path=artifacts_dir / "tag-page-cyrillic.png", full_page=True)
    reader.go_back()
    reader.get_by_role("link", name="!!!").click()
    expect(reader.get_by_role("heading", level=1)).to_contain_text("!!!")
    assert browser_problems == []
