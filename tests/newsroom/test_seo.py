from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.meta import article_meta
from articles.models import Article
from articles.services import article_save
from core import meta
from newsroom.models import SiteSettings
from newsroom.templatetags.seo_tags import x_handle
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory
from tests.distribution import PUBLISHED_AT
from tests.newsroom.parsing import parse_head

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"
NOW = datetime(2025, 6, 18, 10, 0, tzinfo=UTC)
# The same instant in the newsroom's time zone (Europe/Madrid).
PUBLISHED_ISO = "2025-06-10T14:00:00+02:00"
URL_PROPERTIES = ["og:url", "og:image", "article:author"]


@pytest.fixture(autouse=True)
def site(settings, time_machine):
    settings.SITE_URL = SITE
    time_machine.move_to(NOW, tick=False)
    site = SiteSettings.load()
    site.site_name = "Costa News"
    site.tagline = "News from the Costa Blanca"
    site.x_url = "https://x.com/costanews"
    site.facebook_url = "https://www.facebook.com/costanews"
    site.save()
    return site


@pytest.fixture
def article(costa_blanca, laura):
    return ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
        headline="Benidorm beaches keep their blue flags for another year",
        seo_headline="Benidorm keeps its blue flags",
        standfirst="Twelve beaches on the list, two more than last year.",
        section=costa_blanca,
        authors=[laura, AuthorFactory(name="Tom Baker", slug="tom-baker")],
        tags=["Beaches", "Tourism"],
        with_lead_image=True,
        lead_image__width=1600,
        lead_image__height=1000,
        lead_image_alt="Levante beach at sunrise",
    )


def get_head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return parse_head(response.text)


def test_article_page_has_canonical_opengraph_and_twitter_metadata(client, article):
    head = get_head(client, article.get_absolute_url())
    canonical = SITE + article.get_absolute_url()

    assert head.title == "Benidorm keeps its blue flags · Costa News"
    assert head.first("description") == article.standfirst
    assert [link["href"] for link in head.link("canonical")] == [canonical]
    assert head.first("og:type") == "article"
    assert head.first("og:title") == "Benidorm keeps its blue flags"
    assert head.first("og:description") == article.standfirst
    assert head.first("og:url") == canonical
    assert head.first("og:site_name") == "Costa News"
    assert head.first("og:locale") == "en_GB"
    # The 1200 × 630 social card rendition, not the 1600 × 1000 original.
    assert head.first("og:image").startswith(f"{SITE}/media/renditions/")
    assert head.first("og:image").endswith(".jpg")
    assert head.first("og:image:width") == "1200"
    assert head.first("og:image:height") == "630"
    assert head.first("og:image:alt") == "Levante beach at sunrise"
    assert head.first("article:published_time") == PUBLISHED_ISO
    assert head.first("article:modified_time") == PUBLISHED_ISO
    assert head.first("article:section") == "Costa Blanca North"
    assert head.meta["article:tag"] == ["Beaches", "Tourism"]
    assert head.meta["article:author"] == [
        f"{SITE}/author/laura-sanchez/",
        f"{SITE}/author/tom-baker/",
    ]
    assert head.first("twitter:card") == "summary_large_image"
    assert head.first("twitter:site") == "@costanews"
    for key in URL_PROPERTIES:
        assert all(value.startswith(f"{SITE}/") for value in head.meta[key]), key


def test_article_modified_time_follows_content_changes_not_other_edits(
    client, article, time_machine
):
    time_machine.move_to(NOW + timedelta(hours=1), tick=False)
    article.standfirst = "Corrected: thirteen beaches."
    article_save(article=article, user=None)
    time_machine.move_to(NOW + timedelta(hours=2), tick=False)
    article.comments_open = False
    article_save(article=article, user=None)

    head = get_head(client, article.get_absolute_url())

    assert head.first("article:published_time") == PUBLISHED_ISO
    assert head.first("article:modified_time") == "2025-06-18T13:00:00+02:00"
    assert head.schema("NewsArticle")["dateModified"] == "2025-06-18T13:00:00+02:00"


def test_article_without_seo_headline_standfirst_or_image_falls_back(
    client, costa_blanca
):
    article = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
        headline="Storm closes the port",
        body="<p>Ferries to Ibiza &amp; Formentera are cancelled.</p>",
        section=costa_blanca,
    )

    head = get_head(client, article.get_absolute_url())

    assert head.title == "Storm closes the port · Costa News"
    assert head.first("og:title") == "Storm closes the port"
    assert head.first("description") == "Ferries to Ibiza & Formentera are cancelled."
    assert head.first("og:description") == head.first("description")
    # No lead image: the site logo, absolute, with a small card.
    assert head.first("og:image") == f"{SITE}/static/img/logo.png"
    assert head.first("twitter:card") == "summary"
    assert "article:tag" not in head.meta


def test_article_json_ld_is_a_complete_news_article(client, article):
    head = get_head(client, article.get_absolute_url())
    canonical = SITE + article.get_absolute_url()

    data = head.schema("NewsArticle")

    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Benidorm keeps its blue flags"
    assert data["description"] == article.standfirst
    assert data["image"] == [head.first("og:image")]
    assert data["datePublished"] == PUBLISHED_ISO
    assert data["dateModified"] == PUBLISHED_ISO
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Laura Sánchez",
            "url": f"{SITE}/author/laura-sanchez/",
        },
        {"@type": "Person", "name": "Tom Baker", "url": f"{SITE}/author/tom-baker/"},
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "Costa News"
    assert publisher["url"] == f"{SITE}/"
    assert publisher["logo"] == {
        "@type": "ImageObject",
        "url": f"{SITE}/static/img/logo.png",
        "width": 512,
        "height": 512,
    }
    assert publisher["sameAs"] == [
        "https://www.facebook.com/costanews",
        "https://x.com/costanews",
    ]
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
    assert data["articleSection"] == "Costa Blanca North"
    assert data["keywords"] == ["Beaches", "Tourism"]


def test_fallback_logo_is_a_png_google_accepts(client):
    from django.contrib.staticfiles import finders
    from PIL import Image

    with Image.open(finders.find(meta.FALLBACK_LOGO)) as logo:
        assert logo.format == "PNG"
        assert logo.size == meta.FALLBACK_LOGO_SIZE
        assert min(logo.size) >= 112


def test_uploaded_logo_is_the_publisher_logo(client, article, site, jpeg):
    site.logo = SimpleUploadedFile("logo.png", jpeg().read(), "image/png")
    site.save()

    data = get_head(client, article.get_absolute_url()).schema("NewsArticle")

    assert data["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": SITE + site.logo.url,
    }


def test_json_ld_headline_is_cut_to_110_characters(client, costa_blanca):
    article = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
        headline="A very long headline " * 9,
        section=costa_blanca,
    )

    data = get_head(client, article.get_absolute_url()).schema("NewsArticle")

    assert len(data["headline"]) == 110
    assert data["headline"].endswith("…")


def test_article_breadcrumbs_run_home_section_sub_section_article(client, article):
    data = get_head(client, article.get_absolute_url()).schema("BreadcrumbList")

    assert [
        (item["position"], item["name"], item["item"])
        for item in data["itemListElement"]
    ] == [
        (1, "Home", f"{SITE}/"),
        (2, "Spain", f"{SITE}/section/spain/"),
        (3, "Costa Blanca North", f"{SITE}/section/costa-blanca/"),
        (4, "Benidorm keeps its blue flags", SITE + article.get_absolute_url()),
    ]


def test_headline_cannot_break_out_of_the_json_ld_block(client, costa_blanca):
    headline = 'Fish & chips </script><script>alert("x")</script>'
    article = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
        headline=headline,
        section=costa_blanca,
    )

    response = client.get(article.get_absolute_url())
    head = parse_head(response.text)

    assert "<script>alert" not in response.text
    assert head.schema("NewsArticle")["headline"] == headline
    assert head.first("og:title") == headline


def test_home_page_declares_the_website_search_and_publisher(client, article):
    head = get_head(client, "/")

    assert head.title == "Costa News"
    assert head.first("description") == "News from the Costa Blanca"
    assert [link["href"] for link in head.link("canonical")] == [f"{SITE}/"]
    assert head.first("og:type") == "website"
    assert head.first("og:url") == f"{SITE}/"
    assert head.first("og:image") == f"{SITE}/static/img/logo.png"
    website = head.schema("WebSite")
    assert website["url"] == f"{SITE}/"
    assert website["name"] == "Costa News"
    assert website["potentialAction"] == {
        "@type": "SearchAction",
        "target": {
            "@type": "EntryPoint",
            "urlTemplate": f"{SITE}/search/?q={{search_term_string}}",
        },
        "query-input": "required name=search_term_string",
    }
    organisation = head.schema("NewsMediaOrganization")
    assert website["publisher"] == {"@id": organisation["@id"]}
    assert organisation["logo"]["url"] == f"{SITE}/static/img/logo.png"


def test_home_page_advertises_the_site_feeds(client):
    head = get_head(client, "/")

    assert [link["href"] for link in head.link("alternate", "application/rss+xml")] == [
        f"{SITE}/feed/"
    ]
    assert [
        link["href"] for link in head.link("alternate", "application/atom+xml")
    ] == [f"{SITE}/feed/atom/"]


LIST_PAGES = {
    "section": (
        "/section/costa-blanca/",
        "Costa Blanca North · Costa News",
        "The latest news from Costa Blanca North.",
        "/section/costa-blanca/feed/",
    ),
    "tag": (
        "/tag/beaches/",
        "Stories tagged “Beaches” · Costa News",
        "The latest stories about Beaches.",
        "/tag/beaches/feed/",
    ),
    "author": (
        "/author/laura-sanchez/",
        "Laura Sánchez · Costa News",
        "Stories by Laura Sánchez.",
        "/author/laura-sanchez/feed/",
    ),
    "year archive": (
        "/2025/",
        "Archive · 2025 · Costa News",
        "Stories published in 2025.",
        None,
    ),
    "month archive": (
        "/2025/06/",
        "Archive · June 2025 · Costa News",
        "Stories published in June 2025.",
        None,
    ),
    "day archive": (
        "/2025/06/10/",
        "Archive · 10 June 2025 · Costa News",
        "Stories published on 10 June 2025.",
        None,
    ),
}


@pytest.mark.parametrize(
    ("url", "title", "description", "feed"), LIST_PAGES.values(), ids=LIST_PAGES
)
def test_list_pages_have_their_own_title_description_canonical_and_feed(
    client, article, url, title, description, feed
):
    head = get_head(client, url)

    assert head.title == title
    assert head.first("description") == description
    assert head.first("og:description") == description
    assert [link["href"] for link in head.link("canonical")] == [SITE + url]
    assert head.first("og:url") == SITE + url
    rss = [link["href"] for link in head.link("alternate", "application/rss+xml")]
    assert rss == ([SITE + feed] if feed else [])


@pytest.mark.parametrize(
    ("url", "title"),
    [(url, title) for url, title, _d, _f in LIST_PAGES.values()],
    ids=LIST_PAGES,
)
def test_second_list_page_is_canonical_to_itself(client, article, url, title):
    ArticleFactory.create_batch(
        20,
        status=Article.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
        section=article.section,
        authors=list(article.authors.all()),
        tags=["Beaches"],
    )

    head = get_head(client, f"{url}?page=2&utm_source=newsletter")

    assert [link["href"] for link in head.link("canonical")] == [f"{SITE}{url}?page=2"]
    assert head.title == title.replace(" · Costa News", " · Page 2 · Costa News")


def test_month_archive_without_leading_zero_is_canonical_to_the_padded_url(
    client, article
):
    head = get_head(client, "/2025/6/")

    assert [link["href"] for link in head.link("canonical")] == [f"{SITE}/2025/06/"]


def test_section_with_a_description_uses_it(client, article, spain):
    spain.description = "National news from across Spain."
    spain.save()

    head = get_head(client, "/section/spain/")

    assert head.first("description") == "National news from across Spain."
    crumbs = head.schema("BreadcrumbList")["itemListElement"]
    assert [item["item"] for item in crumbs] == [f"{SITE}/", f"{SITE}/section/spain/"]


def test_author_page_is_a_profile_page_of_the_person(client, article, laura):
    laura.job_title = "Chief reporter"
    laura.bio = "Covers the northern Costa Blanca."
    laura.x_url = "https://x.com/laura"
    laura.save()

    head = get_head(client, laura.get_absolute_url())

    assert head.first("og:type") == "profile"
    assert head.first("description") == "Covers the northern Costa Blanca."
    profile = head.schema("ProfilePage")
    assert profile["url"] == f"{SITE}/author/laura-sanchez/"
    assert profile["mainEntity"]["@type"] == "Person"
    assert profile["mainEntity"]["name"] == "Laura Sánchez"
    assert profile["mainEntity"]["url"] == f"{SITE}/author/laura-sanchez/"
    assert profile["mainEntity"]["jobTitle"] == "Chief reporter"
    assert profile["mainEntity"]["sameAs"] == ["https://x.com/laura"]


def test_author_photo_is_the_profile_image(client, article):
    author = AuthorFactory(with_photo=True, slug="with-photo")
    article.bylines.create(author=author, position=2)

    head = get_head(client, author.get_absolute_url())

    assert head.first("og:image") == SITE + author.photo.url
    assert head.schema("ProfilePage")["mainEntity"]["image"] == SITE + author.photo.url


def test_pages_without_metadata_keep_the_site_defaults(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "og:type" not in response.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/media/a.jpg", f"{SITE}/media/a.jpg"),
        ("https://cdn.example.net/a.jpg", "https://cdn.example.net/a.jpg"),
        ("//cdn.example.net/a.jpg", "https://cdn.example.net/a.jpg"),
    ],
)
def test_absolute_url_builds_on_site_url_and_keeps_absolute_urls(url, expected):
    assert meta.absolute_url(url) == expected


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [("en-gb", "en"), ("es", "es"), ("pt-br", "pt"), ("zh-hans", "zh-cn")],
)
def test_news_language_is_the_iso_639_code(settings, language_code, expected):
    settings.LANGUAGE_CODE = language_code

    assert meta.news_language() == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.com/costanews", "@costanews"),
        ("https://twitter.com/costanews/", "@costanews"),
        ("https://www.facebook.com/costanews", ""),
        ("", ""),
    ],
)
def test_x_handle_comes_from_the_profile_url(url, expected):
    assert x_handle(url) == expected


def test_modified_time_is_never_before_the_publication_time(
    client, costa_blanca, time_machine
):
    # Written and scheduled a day ahead, edited before it went live.
    article = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=NOW + timedelta(days=1),
        section=costa_blanca,
    )
    article.standfirst = "Edited while scheduled."
    article_save(article=article, user=None)
    time_machine.move_to(NOW + timedelta(days=1, hours=1), tick=False)

    head = get_head(client, article.get_absolute_url())

    assert head.first("article:modified_time") == "2025-06-19T12:00:00+02:00"
    assert head.first("article:published_time") == "2025-06-19T12:00:00+02:00"


@pytest.mark.parametrize(("noindex", "robots"), [(False, 1), (True, 0)])
def test_pages_marked_noindex_get_no_second_robots_tag(article, site, noindex, robots):
    from django.template import Context, Template

    article = Article.objects.for_detail().get(pk=article.pk)
    html = Template("{% load seo_tags %}{% page_meta meta %}").render(
        Context(
            {
                "meta": article_meta(article),
                "noindex": noindex,
                "site_settings": site,
            }
        )
    )

    assert html.count('name="robots"') == robots
    assert parse_head(html).first("og:type") == "article"
