"""The article form fits the work: spellcheck, counters, own byline, tag suggestions."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.fields import BODY_EXTENSIONS
from articles.models import Article
from newsroom.models import SiteSettings
from tests.articles.admin_forms import add_url, change_url, form_data
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter_client(reporter, password) -> Client:
    client = Client()
    assert client.login(username=reporter.username, password=password) is True
    return client


def input_tag(html: str, name: str) -> str:
    match = re.search(rf"<(input|textarea)[^>]*name=\"{name}\"[^>]*>", html)
    assert match, name
    return match[0]


def test_a_new_articles_byline_starts_with_the_reporters_own_author(
    reporter_client, reporter
):
    AuthorFactory(name="Someone Else")
    own = AuthorFactory(name="Hannah Clarke", user=reporter)

    fields = form_data(reporter_client.get(add_url()).text)

    assert fields["bylines-0-author"] == str(own.pk)


def test_byline_position_is_not_a_box_to_type_in(reporter_client):
    html = reporter_client.get(add_url()).text

    assert 'type="hidden" name="bylines-0-position"' in html
    assert ">Position<" not in html


def test_spellcheck_is_on_in_the_body_and_every_text_field(reporter_client):
    html = reporter_client.get(add_url()).text

    # django-prose-editor adds NoSpellCheck unless told not to.
    assert BODY_EXTENSIONS["NoSpellCheck"] is False
    assert "NoSpellCheck" not in html
    for name in (
        "headline",
        "seo_headline",
        "standfirst",
        "lead_image_caption",
        "lead_image_credit",
        "lead_image_alt",
    ):
        assert 'spellcheck="true"' in input_tag(html, name), name


def test_headline_seo_headline_and_standfirst_show_their_limits(reporter_client):
    html = reporter_client.get(add_url()).text

    headline = input_tag(html, "headline")
    seo = input_tag(html, "seo_headline")
    standfirst = input_tag(html, "standfirst")
    assert 'data-count-characters="true"' in headline
    assert 'maxlength="200"' in headline
    assert 'data-recommended="60"' in seo
    assert 'maxlength="110"' in seo
    assert 'maxlength="600"' in standfirst
    assert "article-form__wide" in headline


def test_tags_suggest_existing_tags_best_first(reporter_client):
    for name in ("Benidorm", "Alicante beaches", "Benissa", "Politics"):
        Tag.objects.create(name=name, slug=name.lower().replace(" ", "-"))

    response = reporter_client.get(
        reverse("admin:articles_article_tag_suggest"), {"q": "ben"}
    )

    assert response.status_code == 200
    assert response.json() == {"tags": ["Benidorm", "Benissa"]}
    beaches = reporter_client.get(
        reverse("admin:articles_article_tag_suggest"), {"q": "BEACH"}
    )
    assert beaches.json() == {"tags": ["Alicante beaches"]}


def test_tag_suggestions_are_for_those_who_write_articles(moderator, password, client):
    Tag.objects.create(name="Benidorm", slug="benidorm")
    url = reverse("admin:articles_article_tag_suggest")
    assert client.get(url, {"q": "ben"}).status_code == 302  # to the login page
    assert client.login(username=moderator.username, password=password) is True

    response = client.get(url, {"q": "ben"})

    assert response.status_code == 403


def test_tag_input_carries_the_suggestion_url_and_still_takes_new_tags(
    reporter_client, reporter
):
    Tag.objects.create(name="Benidorm", slug="benidorm")
    html = reporter_client.get(add_url()).text
    assert reverse("admin:articles_article_tag_suggest") in input_tag(html, "tags")

    article = ArticleFactory(draft=True, created_by=reporter)
    fields = form_data(reporter_client.get(change_url(article)).text)
    response = reporter_client.post(
        change_url(article),
        fields | {"tags": "Benidorm, Brand new tag", "workflow_action": "save"},
    )

    assert response.status_code == 302
    assert sorted(article.tags.names()) == ["Benidorm", "Brand new tag"]


def test_admin_says_the_sites_name_and_has_a_favicon(reporter_client):
    SiteSettings.objects.update_or_create(pk=1, defaults={"site_name": "Marina Post"})
    SiteSettings.load_from_database()

    html = reporter_client.get(reverse("admin:index")).text

    assert "Django administration" not in html
    assert "Marina Post" in html
    assert re.search(r'<link rel="icon" href="[^"]+favicon', html)


def test_admin_times_use_a_24_hour_clock(editor, password):
    client = Client()
    assert client.login(username=editor.username, password=password) is True
    moment = timezone.make_aware(timezone.datetime(2026, 3, 5, 16, 45))
    ArticleFactory(published=True, published_at=moment, headline="Afternoon")

    html = client.get(reverse("admin:articles_article_changelist")).text

    assert "16:45" in html
    assert "p.m." not in html
    assert "a.m." not in html


def test_article_with_no_own_author_starts_with_an_empty_byline(reporter_client):
    fields = form_data(reporter_client.get(add_url()).text)

    assert fields.get("bylines-0-author", "") == ""
    assert Article.objects.count() == 0
