"""The article page on a phone and on a desktop screen, in a real browser.

Full-page screenshots go to test-artifacts/ for people to look at.
"""

import pytest
from django.core.files import File
from playwright.sync_api import expect

from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.comments.factories import CommentFactory
from tests.e2e.helpers import (
    assert_images_loaded,
    assert_no_horizontal_scrolling,
    make_jpeg_file,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

HEADLINE = (
    "Alicante's tram extension to San Vicente del Raspeig approved after "
    "a decade of delays and three public consultations"
)
# Long unbroken text that readers paste: the page must wrap it, not scroll.
LONG_URL = (
    "https://www.alicante.es/es/noticias/ampliacion-linea-tranvia-san-vicente-"
    "del-raspeig-aprobada-consejo-de-administracion-fgv-2026"
)
SCREENS = {
    # A small phone (iPhone SE/mini class), emulated as a touch device.
    "phone-375px": {
        "viewport": {"width": 375, "height": 812},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop-1280px": {"viewport": {"width": 1280, "height": 800}},
}


@pytest.fixture
def article(tmp_path):
    section = SectionFactory(
        name="Costa Blanca South",
        slug="costa-blanca-south",
        parent=SectionFactory(name="Spain", slug="spain"),
    )
    author = AuthorFactory(
        name="Laura Sánchez",
        slug="laura-sanchez",
        job_title="Transport correspondent",
        bio="Laura has covered Alicante province for twelve years.",
    )
    photo = make_jpeg_file(tmp_path / "tram.jpg")
    with photo.open("rb") as file:
        article = ArticleFactory(
            published=True,
            headline=HEADLINE,
            slug="alicante-tram-extension-approved",
            standfirst="Work on the 6 km line starts next spring.",
            body=(
                "<p>The regional railway's board approved the extension on "
                "Tuesday.</p>"
                f"<p>The full decision is at {LONG_URL}.</p>"
                "<h2>What changes for passengers</h2>"
                "<ul><li>Trams every 10 minutes</li><li>Five new stops</li></ul>"
                "<blockquote><p>It is the most important transport project in "
                "the province this decade.</p></blockquote>"
            ),
            section=section,
            authors=[author],
            tags=["Alicante", "Public transport", "San Vicente del Raspeig"],
            lead_image=File(file, name="tram.jpg"),
            lead_image_alt="A tram at a stop in central Alicante",
            lead_image_caption="A line 2 tram at Luceros",
            lead_image_credit="Laura Sánchez",
        )
    for number in range(3):
        ArticleFactory(
            published=True,
            with_lead_image=True,
            section=section,
            headline=f"More news from the Costa Blanca South, number {number + 1}",
        )
    CommentFactory(
        article=article,
        approved=True,
        name="Marta Gil",
        body="About time! Here is the route map: " + LONG_URL,
    )
    CommentFactory(
        article=article,
        approved=True,
        name="Pedro Martínez Ortega de la Fuente",
        body="I take the 24 bus every day; this will save me twenty minutes.",
    )
    return article


@pytest.mark.parametrize("screen", SCREENS)
def test_article_page_fits_the_screen(
    new_context, article, screen, artifacts_dir, browser_problems
):
    page = new_context(**SCREENS[screen]).new_page()

    page.goto(article.get_absolute_url())

    expect(page.locator("h1")).to_have_text(HEADLINE)
    expect(page.locator(".comment-list")).to_contain_text("About time!")
    width = SCREENS[screen]["viewport"]["width"]
    assert page.evaluate("window.innerWidth") == width
    assert_images_loaded(page)
    assert_no_horizontal_scrolling(page)
    page.screenshot(path=artifacts_dir / f"article-page-{screen}.png", full_page=True)
    assert [str(problem) for problem in browser_problems] == []
