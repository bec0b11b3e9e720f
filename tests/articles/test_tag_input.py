"""Tags as reporters type them: any script, any length, and only public once published.

Each test goes through the admin with real logins and reads the site anonymously.
"""

import importlib
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from articles.tags import FALLBACK_SLUG, slug_works
from tests.articles.admin_forms import (
    add_url,
    change_url,
    errors_of,
    open_form,
    press,
)
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def login(password):
    def log_in(user) -> Client:
        client = Client()
        assert client.login(username=user.username, password=password) is True
        return client

    return log_in


@pytest.fixture
def section():
    return SectionFactory(name="Costa Blanca", slug="costa-blanca")


@pytest.fixture
def draft_form(section, reporter):
    """Return the add form's fields for a draft by the reporter."""
    author = AuthorFactory(user=reporter)

    def fields(client, **changes) -> dict:
        return (
            open_form(client, add_url())
            | {
                "headline": "Market day moves to Thursday",
                "slug": "market-day",
                "body": "<p>From next week.</p>",
                "section": str(section.pk),
                "bylines-TOTAL_FORMS": "1",
                "bylines-0-author": str(author.pk),
                "bylines-0-position": "0",
            }
            | changes
        )

    return fields


def tag_url(tag: Tag) -> str:
    return reverse("articles:tag", kwargs={"slug": tag.slug})


def test_tags_in_any_script_get_working_pages(login, reporter, editor, draft_form):
    names = ["Dénia", "Straße", "Москва", "!!!", "東京", "🌊", "¿?"]
    reporter_client = login(reporter)
    response = press(
        reporter_client,
        add_url(),
        "save",
        data=draft_form(reporter_client, tags=", ".join(names)),
    )
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    response = press(login(editor), change_url(article), "publish")
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    reader = Client()

    page = reader.get(article.get_absolute_url())

    assert page.status_code == 200
    tags = {tag.name: tag for tag in Tag.objects.all()}
    assert set(tags) == set(names)
    assert tags["Dénia"].slug == "dénia"
    assert tags["Москва"].slug == "москва"
    assert all(slug_works(tag.slug, 100) for tag in tags.values())
    sitemap = reader.get("/sitemap-tags.xml")
    assert sitemap.status_code == 200
    document = ElementTree.fromstring(sitemap.content)
    listed = {loc.text for loc in document.iter(f"{SITEMAP}loc")}
    for name, tag in tags.items():
        url = tag_url(tag)
        assert url.isascii(), url  # percent-encoded
        assert f'href="{url}"' in page.text
        assert any(location.endswith(url) for location in listed), name
        tag_page = reader.get(url)
        assert tag_page.status_code == 200, name
        assert name in tag_page.text
        assert article.headline in tag_page.text
        feed = reader.get(reverse("articles:tag-feed", kwargs={"slug": tag.slug}))
        assert feed.status_code == 200, name
        ElementTree.fromstring(feed.content)


def test_names_without_letters_get_distinct_fallback_slugs():
    first = Tag.objects.create(name="!!!")
    second = Tag.objects.create(name="???")
    third = Tag.objects.create(name="🎉")

    assert [first.slug, second.slug, third.slug] == [
        FALLBACK_SLUG,
        f"{FALLBACK_SLUG}-2",
        f"{FALLBACK_SLUG}-3",
    ]


def test_a_tag_whose_slug_would_outgrow_its_column_is_saved(
    login, reporter, draft_form
):
    # Each U+FDFA becomes 18 letters and spaces in a slug (NFKC).
    name = "\ufdfa" * 9
    client = login(reporter)

    response = press(
        client, add_url(), "save", data=draft_form(client, tags=f'"{name}"')
    )

    assert response.status_code == 302, errors_of(response)
    tag = Tag.objects.get(name=name)
    assert slug_works(tag.slug, 100)


def test_a_tag_longer_than_the_limit_is_refused_with_the_text_kept(
    login, reporter, draft_form
):
    long_tag = "Ayuntamiento " * 8 + "de Benidorm"  # 115 characters
    client = login(reporter)

    response = press(
        client,
        add_url(),
        "save",
        data=draft_form(client, tags=f"Benidorm, {long_tag}"),
    )

    assert response.status_code == 200
    (message,) = errors_of(response)["tags"]
    assert "at most 100 characters" in message
    assert "this one has 115" in message
    assert Article.objects.exists() is False
    assert Tag.objects.exists() is False
    # Nothing the reporter wrote is lost: the form comes back filled in.
    assert long_tag in response.text
    assert "Market day moves to Thursday" in response.text


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("headline", 200),
        ("seo_headline", 110),
        ("slug", 200),
        ("standfirst", 600),
        ("lead_image_caption", 300),
        ("lead_image_credit", 150),
        ("lead_image_alt", 250),
    ],
)
def test_every_length_limit_of_the_article_form_is_a_form_error(
    login, reporter, draft_form, field, limit
):
    client = login(reporter)
    value = "a" * (limit + 1)

    response = press(
        client, add_url(), "save", data=draft_form(client, **{field: value})
    )

    assert response.status_code == 200
    assert f"at most {limit} characters" in " ".join(errors_of(response)[field])
    assert Article.objects.exists() is False
    assert value in response.text


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled"])
def test_a_tag_only_unpublished_articles_use_is_not_found(
    login, reporter, editor, draft_form, state
):
    client = login(reporter)
    response = press(
        client, add_url(), "save", data=draft_form(client, tags="Secret merger, Calpe")
    )
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    if state == "in_review":
        assert press(client, change_url(article), "submit").status_code == 302
    elif state == "scheduled":
        fields = open_form(login(editor), change_url(article))
        later = timezone.localtime() + timedelta(days=1)
        fields |= {
            "published_at_0": later.strftime("%Y-%m-%d"),
            "published_at_1": later.strftime("%H:%M:%S"),
        }
        response = press(login(editor), change_url(article), "schedule", data=fields)
        assert response.status_code == 302, errors_of(response)
    assert Tag.objects.filter(slug="secret-merger").exists() is True
    reader = Client()

    assert reader.get("/tag/secret-merger/").status_code == 404
    assert reader.get("/tag/secret-merger/feed/").status_code == 404
    assert b"secret-merger" not in reader.get("/sitemap-tags.xml").content

    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(minutes=1),
    )
    page = reader.get("/tag/secret-merger/")
    assert page.status_code == 200
    assert "Secret merger" in page.text
    assert reader.get("/tag/secret-merger/feed/").status_code == 200


def test_a_tag_of_a_published_and_a_draft_article_lists_only_the_published(section):
    ArticleFactory(published=True, headline="Public story", tags=["Harbour"])
    ArticleFactory(draft=True, headline="Unpublished story", tags=["Harbour"])

    page = Client().get("/tag/harbour/")

    assert page.status_code == 200
    assert "Public story" in page.text
    assert "Unpublished story" not in page.text


def test_the_migration_repairs_tags_whose_slugs_no_url_can_carry():
    migration = importlib.import_module("articles.migrations.0008_repair_tag_slugs")
    article = ArticleFactory(published=True)
    article.tags.add("Dénia", "!!!", "???", "Old import")
    Tag.objects.filter(name="!!!").update(slug="")
    Tag.objects.filter(name="???").update(slug="_1")
    Tag.objects.filter(name="Old import").update(slug="old import")

    migration.repair_tag_slugs(apps, None)

    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs["Dénia"] == "dénia"
    assert slugs["Old import"] == "old-import"
    assert {slugs["!!!"], slugs["???"]} == {"tag", "tag-2"}
    page = Client().get(article.get_absolute_url())
    assert page.status_code == 200
    for tag in Tag.objects.all():
        assert Client().get(tag_url(tag)).status_code == 200, tag.name
