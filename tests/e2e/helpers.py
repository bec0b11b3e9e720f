"""What people do in the browser tests: log in, pick from autocompletes, check pages."""

from pathlib import Path

from django.urls import reverse
from PIL import Image
from playwright.sync_api import BrowserContext, Page, expect


def make_jpeg_file(path: Path, size: tuple[int, int] = (1600, 900)) -> Path:
    """Write a real JPEG of a camera's shape (a blue gradient) and return its path."""
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    image = Image.blend(gradient, Image.new("RGB", size, (30, 110, 160)), 0.5)
    image.save(path, format="JPEG", quality=85)
    return path


def log_in(
    context: BrowserContext, username: str, password: str, page: Page | None = None
) -> Page:
    """Log in through the admin's login form and return the page, on the admin."""
    page = page or context.new_page()
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(reverse("admin:index"))
    return page


def choose_autocomplete(page: Page, select_id: str, search: str, option: str) -> None:
    """Pick an option from the admin's autocomplete (Select2) widget, as a user does."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).click()
    expect(page.locator(f"#select2-{select_id}-container")).to_have_text(option)


def assert_no_horizontal_scrolling(page: Page) -> None:
    """Fail if the page is wider than the browser's window.

    A phone (is_mobile) zooms out to fit a page that is too wide, which makes
    window.innerWidth grow with it; the root element's clientWidth stays the
    screen's width.
    """
    scroll_width, inner_width, client_width = page.evaluate(
        """() => [
            document.documentElement.scrollWidth,
            window.innerWidth,
            document.documentElement.clientWidth,
        ]"""
    )
    screen = min(inner_width, client_width)
    assert scroll_width <= screen, (
        f"{page.url} scrolls sideways at {screen} px: it is {scroll_width} px wide"
    )


def assert_images_loaded(page: Page) -> None:
    """Fail if any image on the page is broken (loaded lazily ones included)."""
    broken = page.evaluate(
        """async () => {
            const images = [...document.images];
            for (const image of images) { image.loading = "eager"; }
            await Promise.all(images.map((image) => image.decode().catch(() => {})));
            return images
                .filter((image) => !image.complete || image.naturalWidth === 0)
                .map((image) => image.currentSrc || image.src);
        }"""
    )
    assert broken == [], f"broken images on {page.url}: {broken}"


def add_tags(page: Page, *names: str) -> None:
    """Type tags into the article form's tag box, each ended with Enter."""
    typing = page.locator("#id_tags_typing")
    for name in names:
        typing.fill(name)
        typing.press("Enter")
    for name in names:
        expect(page.locator(".tag-chip", has_text=name)).to_be_visible()


def count_page_loads(page: Page) -> list[str]:
    """Return a list that grows with the URL of each page the tab loads."""
    loads: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: frame == page.main_frame and loads.append(frame.url),
    )
    return loads
