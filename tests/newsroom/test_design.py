"""Every public page: valid HTML, WCAG 2.1 AA structure, no third-party requests,
the error pages in the site's design, and the colour palette's contrast."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.views import defaults
from django.views.csrf import csrf_failure

from articles.models import Article
from newsroom.models import FrontPage, SiteSettings, TopStory
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.comments.factories import CommentFactory
from tests.newsroom import html_checks

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 18, 10, 0, tzinfo=UTC)
CSS = Path(django_settings.BASE_DIR) / "static" / "css" / "site.css"


@pytest.fixture(autouse=True)
def frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def site(db):
    """Fill a small site with everything the public pages can show."""
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={
            "site_name": "Costa Blanca Today",
            "call_to_action": "Tell us what is happening in your town.",
            "facebook_url": "https://www.facebook.com/example",
            "contact_email": "news@example.org",
            "contact_address": "Avenida del Mediterráneo 1\nBenidorm",
        },
    )
    spain = SectionFactory(name="Spain", slug="spain", menu_order=1)
    north = SectionFactory(name="Costa Blanca North", slug="north", parent=spain)
    sport = SectionFactory(name="Sport", slug="sport", menu_order=2)
    laura = AuthorFactory(name="Laura Sánchez", slug="laura", bio="Reporter.")
    photographed = AuthorFactory(with_photo=True, slug="pep")
    articles = []
    for number in range(36):
        articles.append(
            ArticleFactory(
                status=Article.Status.PUBLISHED,
                published_at=datetime(2025, 6, 10, 8, 0, tzinfo=UTC)
                + timedelta(minutes=number),
                section=[north, spain, sport][number % 3],
                authors=[laura] if number % 2 else [laura, photographed],
                tags=["water", "beaches"] if number % 2 else ["water"],
                headline=f"Water story number {number}",
                standfirst="The council met on Tuesday & decided.",
                body="<h2>What happened</h2><p>Residents of <strong>Dénia</strong> "
                "say water is short.</p><h3>Next</h3><p>More soon.</p>",
                with_lead_image=number % 4 == 0,
            )
        )
    lead = articles[-1]
    for article in articles[-6:]:
        parent = CommentFactory(article=article, approved=True)
        CommentFactory(parent=parent, approved=True)
    front_page = FrontPage.objects.create(
        lead=lead,
        breaking_news="The AP-7 is closed at Calpe",
        breaking_news_article=articles[-2],
        breaking_news_until=NOW + timedelta(hours=1),
    )
    for position, article in enumerate(articles[-4:-1]):
        TopStory.objects.create(
            front_page=front_page, article=article, position=position
        )
    return {"lead": lead, "articles": articles, "author": laura, "spain": spain}


@pytest.fixture
def pages(site, client):
    """Return every kind of public page, rendered, by name."""
    lead = site["lead"]
    # Each page with the status it must have, so an error page can't stand in.
    urls = {
        "home": ("/", 200),
        "article": (lead.get_absolute_url(), 200),
        "article with photo": (site["articles"][0].get_absolute_url(), 200),
        "section": ("/section/spain/", 200),
        "section page 2": ("/section/spain/?page=2", 200),
        "regional section": ("/section/north/", 200),
        "tag": ("/tag/water/", 200),
        "author": ("/author/laura/", 200),
        "year archive": ("/2025/", 200),
        "month archive": ("/2025/06/", 200),
        "day archive": ("/2025/06/10/", 200),
        "search form": ("/search/", 200),
        "search results": ("/search/?q=water", 200),
        "search results page 2": ("/search/?q=water&page=2", 200),
        "search without results": ("/search/?q=volcano", 200),
        "search with errors": (
            "/search/?q=water&section=nowhere&published_from=x&published_to=2025-13-45",
            200,
        ),
        "search of symbols": ("/search/?q=%21%21%21", 200),
        "not found": ("/no/such/page/", 404),
    }
    rendered = {}
    for name, (url, status) in urls.items():
        response = client.get(url)
        assert response.status_code == status, (name, response.status_code)
        rendered[name] = response.content.decode()
    invalid_comment = client.post(
        lead.get_absolute_url(), {"name": "", "email": "not-an-email", "body": ""}
    )
    assert invalid_comment.status_code == 400  # the form, with its errors
    rendered["article with comment errors"] = invalid_comment.content.decode()
    request = RequestFactory().get("/")
    rendered["server error"] = defaults.server_error(request).content.decode()
    rendered["forbidden"] = defaults.permission_denied(
        request, Exception()
    ).content.decode()
    rendered["bad request"] = defaults.bad_request(
        request, Exception()
    ).content.decode()
    rendered["csrf failure"] = csrf_failure(request).content.decode()
    return rendered


@pytest.mark.skipif(
    not html_checks.vnu_available(), reason="the Nu Html Checker needs Java"
)
def test_every_page_is_valid_html(pages, tmp_path):
    files = {}
    for name, html in pages.items():
        file = tmp_path / (re.sub(r"\W+", "-", name) + ".html")
        file.write_text(html, encoding="utf-8")
        files[file.resolve().as_uri().replace("file:///", "file:/")] = name
    # A page known to be invalid, checked in the same run, shows the checker works.
    broken = tmp_path / "known-broken.html"
    broken.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a"><div id="a"></div></p></body></html>'
    )
    broken_url = broken.resolve().as_uri().replace("file:///", "file:/")

    errors = html_checks.vnu_errors(sorted(tmp_path.glob("*.html")))

    assert any(
        error.get("url") == broken_url and "Duplicate ID" in error["message"]
        for error in errors
    )
    problems = [
        f"{files.get(error.get('url'), error.get('url'))}: line "
        f"{error.get('lastLine')}: {error['message']} "
        f"[{error.get('extract', '').strip()}]"
        for error in errors
        if error.get("url") != broken_url
    ]
    assert not problems, "\n".join(problems)


def test_every_page_meets_the_accessibility_and_privacy_checks(pages):
    """One h1 and no skipped heading levels, landmarks, a skip link, a language,
    labelled fields, alt text, unique ids, and nothing fetched from elsewhere."""
    problems = []
    for name, html in pages.items():
        outline = html_checks.outline(html)
        problems += [f"{name}: {problem}" for problem in outline.heading_problems()]
        if not outline.lang:
            problems.append(f"{name}: no lang attribute")
        if outline.landmarks.count("main") != 1:
            problems.append(f"{name}: {outline.landmarks.count('main')} main elements")
        if (outline.first_link or {}).get("href") != "#content" or (
            'id="content"' not in html
        ):
            problems.append(f"{name}: no skip link first")
        if name != "server error" and not {"header", "nav", "footer", "search"} <= set(
            outline.landmarks
        ):
            problems.append(f"{name}: landmarks {sorted(set(outline.landmarks))}")
        problems += [
            f"{name}: unlabelled {control}" for control in outline.unlabelled_controls()
        ]
        problems += [f"{name}: no alt on {src}" for src in outline.images_without_alt]
        problems += [f"{name}: duplicate id {id_}" for id_ in outline.duplicate_ids()]
        fetched = [url for url in outline.fetched if url]
        problems += [
            f"{name}: fetches {url}"
            for url in html_checks.third_party(fetched, django_settings.SITE_URL)
        ]
        if outline.inline_scripts or outline.style_attributes:
            problems.append(f"{name}: inline script or style")

    assert not problems, "\n".join(problems)


def test_header_search_pagination_and_404_details(pages):
    article = pages["article"]
    assert '<label class="visually-hidden" for="site-search-q">' in article
    assert 'role="search"' in article
    assert 'action="/search/"' in article

    # Pagination: rel links, the current page marked, page 1 without ?page=1.
    first, second = pages["section"], pages["section page 2"]
    assert 'rel="next" href="?page=2"' in first
    assert 'href="/section/spain/" aria-current="page"' in first
    assert 'rel="prev" href="/section/spain/"' in second
    assert 'href="?page=2" aria-current="page"' in second

    # The 404 page is in the site's design, with a way on.
    not_found = pages["not found"]
    assert "Page not found" in not_found
    assert "Costa Blanca Today" in not_found
    assert 'class="masthead"' in not_found
    assert 'id="not-found-q"' in not_found
    assert "/static/css/site.css" in not_found


def test_the_outline_checks_catch_problems():
    broken = html_checks.outline(
        "<html><body><h2>First</h2><h1>One</h1><h1>Two</h1><h4>Skip</h4>"
        '<p id="a"></p><p id="a"></p><img src="x.jpg"><input name="q">'
        '<script>alert(1)</script><img src="https://cdn.example/x.png" alt="">'
        "</body></html>"
    )

    assert broken.heading_problems() == [
        "2 h1 elements",
        "first heading is h2",
        "h1 then h4 ('Skip')",
    ]
    assert broken.duplicate_ids() == {"a"}
    assert broken.images_without_alt == ["x.jpg"]
    assert len(broken.unlabelled_controls()) == 1
    assert broken.inline_scripts == 1
    assert html_checks.third_party(broken.fetched, "https://news.example") == [
        "https://cdn.example/x.png"
    ]


# Error pages --------------------------------------------------------------------


def raise_error(request):
    raise RuntimeError("Something broke")


urlpatterns = [path("boom/", raise_error)]


def test_server_error_page_renders_without_the_database(
    settings, django_db_blocker, django_assert_num_queries
):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)

    # With database access blocked, any query would raise instead.
    with django_assert_num_queries(0), django_db_blocker.block():
        response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "/static/css/site.css" in html
    assert 'href="/"' in html


def test_server_error_page_renders_when_the_database_is_down(settings, monkeypatch):
    settings.ROOT_URLCONF = __name__

    def refuse(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    with CaptureQueriesContext(connection) as queries:
        monkeypatch.setattr(connection, "cursor", refuse)
        monkeypatch.setattr(connection, "ensure_connection", refuse)
        response = Client(raise_request_exception=False).get("/boom/")
        monkeypatch.undo()

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert len(queries) == 0


# Colour -------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def palettes() -> dict[str, dict[str, str]]:
    """Return the light and dark custom properties declared in site.css."""
    css = CSS.read_text()
    light_block = css[css.index(":root {") : css.index("}", css.index(":root {"))]
    dark_start = css.index("@media (prefers-color-scheme: dark)")
    dark_block = css[dark_start : css.index("}", dark_start)]
    declaration = re.compile(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})")
    light = dict(declaration.findall(light_block))
    return {"light": light, "dark": light | dict(declaration.findall(dark_block))}


# (foreground, background, minimum): 4.5 for text, 3 for focus rings and
# control borders (WCAG 2.1 SC 1.4.3 and 1.4.11).
PAIRS = [
    ("ink", "paper", 4.5),
    ("ink", "paper-alt", 4.5),
    ("ink-soft", "paper", 4.5),
    ("ink-soft", "paper-alt", 4.5),
    ("link", "paper", 4.5),
    ("link", "paper-alt", 4.5),
    ("accent", "paper", 4.5),
    ("accent", "paper-alt", 4.5),
    ("paper", "accent", 4.5),  # the breaking-news banner and hovered buttons
    ("paper", "ink", 4.5),  # buttons and the current page
    ("ink", "mark", 4.5),  # highlighted search matches
    ("focus", "paper", 3),
    ("focus", "paper-alt", 3),
    ("control", "paper", 3),
    ("control", "paper-alt", 3),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("foreground", "background", "minimum"), PAIRS)
def test_palette_meets_wcag_aa_contrast(scheme, foreground, background, minimum):
    palette = palettes()[scheme]

    ratio = contrast(palette[foreground], palette[background])

    assert ratio >= minimum, f"{foreground} on {background}: {ratio:.2f}"


def test_contrast_formula_matches_known_values():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


def test_badge_initials_are_readable_on_every_badge_colour():
    colours = re.findall(
        r"\.badge--colour-\d+ \{ background: (#[0-9a-f]{6}); \}", CSS.read_text()
    )

    assert len(colours) == 12
    assert all(contrast("#ffffff", colour) >= 4.5 for colour in colours)


def test_css_has_dark_mode_print_styles_and_visible_focus():
    css = CSS.read_text()

    assert "@media (prefers-color-scheme: dark)" in css
    assert "@media print" in css
    assert ":focus-visible { outline: 3px solid var(--focus)" in css
    assert "@import" not in css
    assert "url(http" not in css
