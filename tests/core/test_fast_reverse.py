"""fast_reverse() gives exactly what reverse() gives, without searching the URLconf."""

from datetime import UTC, datetime

import pytest
from django.urls import (
    NoReverseMatch,
    include,
    path,
    reverse,
    set_script_prefix,
    set_urlconf,
)

from core.fast_reverse import fast_reverse
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory

# A URLconf mounting the articles' URLs elsewhere, for set_urlconf() below.
urlpatterns = [path("news/", include("articles.urls"))]


@pytest.mark.parametrize(
    "viewname, kwargs",
    [
        ("articles:detail", {"year": 2025, "month": 6, "day": 8, "slug": "a-b_1"}),
        ("articles:section", {"slug": "costa-blanca"}),
        ("articles:section-feed", {"slug": "costa-blanca"}),
        ("articles:tag", {"slug": "tourism"}),
        ("articles:tag-feed", {"slug": "tourism"}),
        ("articles:archive-year", {"year": 2025}),
        ("articles:archive-month", {"year": 2025, "month": 11}),
        ("articles:archive-day", {"year": 2025, "month": 11, "day": 30}),
        ("authors:detail", {"slug": "rosa-clarke"}),
        ("authors:feed", {"slug": "rosa-clarke"}),
        ("articles:feed", {}),
        ("search", {}),
    ],
)
def test_urls_are_those_of_reverse(viewname, kwargs):
    as_text = {name: str(value) for name, value in kwargs.items()}

    assert fast_reverse(viewname, **as_text) == reverse(viewname, kwargs=kwargs)


@pytest.mark.django_db
def test_get_absolute_url_of_articles_sections_and_authors_matches_reverse(settings):
    settings.TIME_ZONE = "Europe/Madrid"
    section = SectionFactory(slug="costa-blanca")
    # 23:30 UTC on 31 January is 1 February in Madrid: the local date counts.
    article = ArticleFactory(
        section=section,
        slug="storm-hits-denia",
        published=True,
        published_at=datetime(2025, 1, 31, 23, 30, tzinfo=UTC),
    )
    author = AuthorFactory(slug="rosa-clarke")

    assert article.get_absolute_url() == "/2025/02/01/storm-hits-denia/"
    assert article.get_absolute_url() == reverse(
        "articles:detail",
        kwargs={"year": 2025, "month": "02", "day": "01", "slug": "storm-hits-denia"},
    )
    assert section.get_absolute_url() == reverse(
        "articles:section", kwargs={"slug": "costa-blanca"}
    )
    assert author.get_absolute_url() == reverse(
        "authors:detail", kwargs={"slug": "rosa-clarke"}
    )


def test_values_reverse_would_refuse_are_refused():
    with pytest.raises(NoReverseMatch):
        fast_reverse("articles:section", slug="a/b")
    with pytest.raises(NoReverseMatch):
        fast_reverse("articles:section", slug="")


def test_the_script_prefix_is_kept():
    fast_reverse("articles:section", slug="spain")  # remembered at the root
    set_script_prefix("/newsroom/")
    try:
        assert fast_reverse("articles:section", slug="spain") == (
            "/newsroom/section/spain/"
        )
    finally:
        set_script_prefix("/")
    assert fast_reverse("articles:section", slug="spain") == "/section/spain/"


def test_a_request_urlconf_is_followed():
    fast_reverse("articles:section", slug="spain")
    set_urlconf(__name__)
    try:
        assert fast_reverse("articles:section", slug="spain") == "/news/section/spain/"
    finally:
        set_urlconf(None)


def test_a_changed_root_urlconf_is_followed(settings):
    fast_reverse("articles:section", slug="spain")
    settings.ROOT_URLCONF = __name__

    assert fast_reverse("articles:section", slug="spain") == "/news/section/spain/"
