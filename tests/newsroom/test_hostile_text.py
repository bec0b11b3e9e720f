"""Control characters and tags in any script never take a feed, sitemap or page down.

Everything is typed the way a reporter, an editor or a reader would: through the
admin and the comment form, with real logins. A second test stores control
characters directly (as rows written before they were stripped) and checks that
feeds and sitemaps still write well-formed XML.
"""

import importlib
import re
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Section
from authors.models import Author
from comments.models import Comment
from images.models import Image
from newsroom.models import SiteSettings
from tests.articles.admin_forms import (
    add_url,
    errors_of,
    form_data,
    open_form,
    press,
)
from tests.comments.helpers import comment_form_data
from tests.conftest import clear_caches, make_jpeg
from tests.newsroom import html_checks

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 18, 10, 0, tzinfo=UTC)
SITE = "https://news.example.org"
# Every C0 control character but tab, line feed and carriage return.
CONTROLS = "".join(chr(code) for code in range(32) if chr(code) not in "\t\n\r")
# Characters an XML 1.0 document can't hold (and HTML forbids).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TAG_NAMES = [
    "Dénia",
    "Straße",
    "Москва",
    "Αθήνα",
    "القاهرة",
    "東京",
    "🌊🌊",
    "!!!",
    "¿?",
]


def hostile(text: str) -> str:
    """Return text with every control character in the middle of it."""
    first, _, rest = text.partition(" ")
    return f"{first}{CONTROLS}{rest or first}"


@pytest.fixture(autouse=True)
def site(settings, time_machine):
    settings.SITE_URL = SITE
    time_machine.move_to(NOW, tick=False)


def login(user, password) -> Client:
    client = Client()
    assert client.login(username=user.username, password=password) is True
    return client


def publish_hostile_article(editor, superuser, password) -> Article:
    """Type control characters into every text field, through the admin."""
    admin = login(superuser, password)
    settings_url = reverse("admin:newsroom_sitesettings_change", args=(1,))
    SiteSettings.load()
    fields = form_data(admin.get(settings_url).text, "sitesettings_form") | {
        "site_name": hostile("Costa News"),
        "tagline": hostile("News from the Costa Blanca"),
        "call_to_action": hostile("Support local news"),
        "contact_address": hostile("Calle Mayor 1"),
        "comment_moderation": "post",
    }
    response = admin.post(settings_url, fields)
    assert response.status_code == 302, response.context["adminform"].form.errors

    client = login(editor, password)
    response = client.post(
        reverse("admin:articles_section_add"),
        {
            "name": hostile("Costa Blanca"),
            "slug": "costa-blanca",
            "description": hostile("News from the coast"),
            "menu_order": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    section = Section.objects.get(slug="costa-blanca")

    author_form = form_data(
        client.get(reverse("admin:authors_author_add")).text, "author_form"
    )
    response = client.post(
        reverse("admin:authors_author_add"),
        author_form
        | {
            "name": hostile("Laura Sánchez"),
            "slug": "laura-sanchez",
            "job_title": hostile("Staff reporter"),
            "location": hostile("based in Dénia"),
            "bio": hostile("Laura covers the coast."),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    author = Author.objects.get(slug="laura-sanchez")

    tags = [hostile("Flood warning"), *TAG_NAMES, f"Dénia{CONTROLS}Norte"]
    data = open_form(client, add_url()) | {
        "headline": hostile("Storm closes the AP-7"),
        "seo_headline": hostile("Storm closes AP-7 at Calpe"),
        "slug": "storm-closes-ap-7",
        "standfirst": hostile("Drivers were told to stay at home."),
        "body": f"<p>{hostile('The road reopened')}</p><p>Later{CONTROLS}on.</p>",
        "lead_image": make_jpeg("storm.jpg"),
        "lead_image_caption": hostile("The AP-7 near Calpe"),
        "lead_image_credit": hostile("Image Twitter@Dust"),
        "lead_image_alt": hostile("Cars queue on a wet motorway"),
        "section": str(section.pk),
        "tags": ", ".join(f'"{tag}"' for tag in tags),
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-author": str(author.pk),
        "bylines-0-position": "0",
    }
    response = press(client, add_url(), "publish", data=data)
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get(slug="storm-closes-ap-7")

    reader = Client()
    response = reader.post(
        article.get_absolute_url(),
        comment_form_data(
            article, name=hostile("Marta Gil"), body=hostile("Stay safe everyone.")
        ),
    )
    assert response.status_code in (200, 302), response.status_code
    assert Comment.objects.approved().filter(article=article).count() == 1
    return article


def public_urls(article: Article) -> dict[str, list[str]]:
    """Return every public feed, sitemap and page showing the article."""
    author = article.authors.get()
    section = article.section
    tag_slugs = sorted(article.tags.values_list("slug", flat=True))
    local = article.published_at.astimezone(UTC)
    feeds = ["/feed/", "/feed/atom/", f"/section/{section.slug}/feed/"]
    feeds += [author.get_absolute_url() + "feed/"]
    feeds += [reverse("articles:tag-feed", kwargs={"slug": slug}) for slug in tag_slugs]
    sitemaps = ["/sitemap.xml", "/news-sitemap.xml"] + [
        reverse("sitemap", kwargs={"section": name})
        for name in ("articles", "sections", "tags", "authors")
    ]
    pages = [
        "/",
        article.get_absolute_url(),
        section.get_absolute_url(),
        author.get_absolute_url(),
        "/search/?q=storm",
        f"/{local:%Y}/",
        f"/{local:%Y/%m}/",
        f"/{local:%Y/%m/%d}/",
    ] + [reverse("articles:tag", kwargs={"slug": slug}) for slug in tag_slugs]
    return {"feeds": feeds, "sitemaps": sitemaps, "pages": pages}


def test_every_text_field_typed_with_control_characters_is_stored_clean(
    editor, superuser, password
):
    article = publish_hostile_article(editor, superuser, password)

    article.refresh_from_db()
    assert article.headline == "Storm closes the AP-7"
    assert article.seo_headline == "Storm closes AP-7 at Calpe"
    # In multi-line text the line-breaking controls (vertical tab, form feed)
    # become a line break, in one-line text a space.
    assert article.standfirst == "Drivers\nwere told to stay at home."
    assert article.lead_image.credit == "Image Twitter@Dust"
    assert "<p>Later\non.</p>" in article.body
    assert Author.objects.get().name == "Laura Sánchez"
    assert Section.objects.get().name == "Costa Blanca"
    assert Comment.objects.get().name == "Marta Gil"
    assert SiteSettings.objects.get().site_name == "Costa News"
    assert set(article.tags.names()) == {
        "Flood warning",
        "Dénia Norte",
        *TAG_NAMES,
    }
    stored = [
        *Article.objects.values_list(
            "headline",
            "seo_headline",
            "standfirst",
            "body",
            "lead_image_caption",
            "lead_image__credit",
            "lead_image__alt",
        ).get(),
        *Author.objects.values_list("name", "job_title", "location", "bio").get(),
        *Section.objects.values_list("name", "description").get(),
        *Comment.objects.values_list("name", "body").get(),
        *Tag.objects.values_list("name", flat=True),
        *SiteSettings.objects.values_list(
            "site_name", "tagline", "call_to_action", "contact_address"
        ).get(),
    ]
    assert [value for value in stored if FORBIDDEN.search(value)] == []


def test_every_public_feed_sitemap_and_page_survives_hostile_text(
    editor, superuser, password, tmp_path
):
    article = publish_hostile_article(editor, superuser, password)
    urls = public_urls(article)
    assert len(urls["feeds"]) == 4 + len(TAG_NAMES) + 2
    reader = Client()
    problems = []
    pages = {}

    for url in urls["feeds"] + urls["sitemaps"]:
        response = reader.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
            continue
        try:
            ElementTree.fromstring(response.content)
        except ElementTree.ParseError as error:
            problems.append(f"{url}: {error}")
    for url in urls["pages"]:
        response = reader.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
            continue
        html = response.content.decode()
        if FORBIDDEN.search(html):
            problems.append(f"{url}: control character in the page")
        outline = html_checks.outline(html)
        if outline.duplicate_ids():
            problems.append(f"{url}: duplicate ids {outline.duplicate_ids()}")
        pages[url] = html

    assert problems == []
    # Every tag page and feed is linked where readers and robots find it.
    tag_sitemap = reader.get(reverse("sitemap", kwargs={"section": "tags"}))
    for slug in article.tags.values_list("slug", flat=True):
        path = reverse("articles:tag", kwargs={"slug": slug})
        assert path.encode() in tag_sitemap.content
        assert path in pages[article.get_absolute_url()]
    if html_checks.vnu_available():
        # The W3C validator (as tests/newsroom/test_design.py runs it): the
        # pages are valid HTML, with no forbidden code point left in them.
        for index, html in enumerate(pages.values()):
            (tmp_path / f"page-{index}.html").write_text(html, encoding="utf-8")
        errors = html_checks.vnu_errors(sorted(tmp_path.glob("*.html")))
        assert [f"{error.get('url')}: {error['message']}" for error in errors] == []


def test_feeds_and_sitemaps_stay_well_formed_with_control_characters_stored(
    published, laura
):
    """Rows written before input was cleaned still give valid XML."""
    (article,) = published(headline="Storm", tags=["Storm"], with_lead_image=True)
    stored = CONTROLS.replace("\x00", "")  # PostgreSQL text can't hold NUL.
    Article.objects.filter(pk=article.pk).update(
        headline=f"Storm{stored}warning",
        seo_headline=f"Storm{stored}closes",
        standfirst=f"Drivers{stored}stay home",
        body=f"<p>The{stored}road</p>",
        published_at=NOW,
    )
    Image.objects.filter(pk=article.lead_image_id).update(alt=f"Cars{stored}queue")
    Author.objects.filter(pk=laura.pk).update(name=f"Laura{stored}Sánchez")
    Section.objects.filter(pk=article.section_id).update(
        name=f"Costa{stored}Blanca", description=f"The{stored}coast"
    )
    Tag.objects.filter(name="Storm").update(name=f"Storm{stored}front")
    SiteSettings.load()
    SiteSettings.objects.update(site_name=f"Costa{stored}News")
    clear_caches()
    article.refresh_from_db()
    urls = public_urls(article)
    reader = Client()

    for url in urls["feeds"] + urls["sitemaps"]:
        response = reader.get(url)
        assert response.status_code == 200, url
        document = response.content.decode()
        assert not FORBIDDEN.search(document), url
        ElementTree.fromstring(response.content)
    for url in urls["pages"]:
        assert reader.get(url).status_code == 200, url


def test_vertical_tab_in_a_headline_typed_in_the_admin_keeps_the_feeds_up(
    editor, password, costa_blanca, laura
):
    client = login(editor, password)
    data = open_form(client, add_url()) | {
        "headline": "Calpe\x0bbeach reopens",
        "slug": "calpe-beach",
        "standfirst": "After\x0bthe storm",
        "body": "<p>Open\x0bagain.</p>",
        "section": str(costa_blanca.pk),
        "tags": "Beaches\x0b",
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-author": str(laura.pk),
        "bylines-0-position": "0",
    }

    response = press(client, add_url(), "publish", data=data)

    assert response.status_code == 302, errors_of(response)
    assert Article.objects.get().headline == "Calpe beach reopens"
    for url in ("/feed/", "/feed/atom/", "/section/costa-blanca/feed/"):
        feed = Client().get(url)
        assert feed.status_code == 200, url
        ElementTree.fromstring(feed.content)


def test_form_feed_in_an_seo_headline_keeps_the_news_sitemap_valid(
    editor, password, costa_blanca, laura
):
    client = login(editor, password)
    data = open_form(client, add_url()) | {
        "headline": "Calpe beach reopens",
        "seo_headline": "Calpe\x0cbeach reopens",
        "slug": "calpe-beach",
        "body": "<p>Open again.</p>",
        "section": str(costa_blanca.pk),
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-author": str(laura.pk),
        "bylines-0-position": "0",
    }

    response = press(client, add_url(), "publish", data=data)

    assert response.status_code == 302, errors_of(response)
    sitemap = Client().get("/news-sitemap.xml")
    titles = ElementTree.fromstring(sitemap.content).findall(
        ".//{http://www.google.com/schemas/sitemap-news/0.9}title"
    )
    assert [title.text for title in titles] == ["Calpe beach reopens"]


def test_control_characters_in_a_comment_are_stripped(published):
    (article,) = published()
    site = SiteSettings.load()
    site.comment_moderation = SiteSettings.CommentModeration.POST
    site.save()
    clear_caches()

    response = Client().post(
        article.get_absolute_url(),
        comment_form_data(article, name="Marta\x07 Gil", body="Lovely\x1b[31m beach"),
    )

    assert response.status_code in (200, 302)
    comment = Comment.objects.get()
    assert (comment.name, comment.body) == ("Marta Gil", "Lovely[31m beach")


def test_the_migration_cleans_text_stored_before_input_was_cleaned(published, laura):
    migration = importlib.import_module(
        "newsroom.migrations.0006_strip_control_characters"
    )
    (article,) = published(headline="Storm", tags=["Storm"])
    stored = CONTROLS.replace("\x00", "")
    Article.objects.filter(pk=article.pk).update(
        headline=f"Storm{stored}warning", standfirst=f"Drivers{stored}stay home"
    )
    Author.objects.filter(pk=laura.pk).update(bio=f"Laura{stored}writes")
    Tag.objects.filter(name="Storm").update(name=f"Storm{stored}front")
    Tag.objects.create(name="Sea\x07front")
    Tag.objects.filter(name="Seafront").update(name="Sea\x07front")
    Tag.objects.create(name="Seafront")

    migration.strip_control_characters(apps, None)

    article.refresh_from_db()
    assert article.headline == "Storm warning"
    assert article.standfirst == "Drivers\nstay home"
    assert Author.objects.get(pk=laura.pk).bio == "Laura\nwrites"
    assert Tag.objects.filter(name="Storm front").exists() is True
    # Cleaned, it would take another tag's name: it is left for an editor.
    assert Tag.objects.filter(name="Sea\x07front").exists() is True
