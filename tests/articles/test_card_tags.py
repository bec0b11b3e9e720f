"""The card helpers render what the filters they replace render, as valid HTML."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from articles.models import Article
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory

# 23:30 UTC on 31 October, with microseconds: 1 November, 00:30 in Madrid.
MOMENT = datetime(2025, 10, 31, 23, 30, 5, 123456, tzinfo=UTC)


@pytest.fixture(autouse=True)
def madrid_time(settings):
    settings.TIME_ZONE = "Europe/Madrid"


def render(source: str, **context) -> str:
    return Template("{% load card_tags time_tags %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "format_string", ["j M Y", "j F Y", "j M, H:i", r"l j \d\e F \a \l\a\s H:i", "c"]
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_time_element_shows_the_date_filter_and_a_valid_datetime(
    format_string, language
):
    with translation.override(language):
        expected = render(
            '<time datetime="2025-11-01T00:30:05+01:00">{{ value|date:format }}</time>',
            value=MOMENT,
            format=format_string,
        )
        rendered = render(
            "{% time_element value format %}", value=MOMENT, format=format_string
        )

    assert rendered == expected


def test_time_element_shows_each_language_its_own_month_names():
    with translation.override("en"):
        english = render('{% time_element value "j F Y" %}', value=MOMENT)
    with translation.override("es"):
        spanish = render('{% time_element value "j F Y" %}', value=MOMENT)

    assert (
        english == '<time datetime="2025-11-01T00:30:05+01:00">1 November 2025</time>'
    )
    assert spanish.endswith(">1 noviembre 2025</time>")


def test_time_element_without_a_date_is_empty():
    assert render('{% time_element value "j M Y" %}', value=None) == ""


@pytest.mark.django_db
def test_byline_names_follow_the_byline_order():
    created = ArticleFactory(
        authors=[AuthorFactory(name="Rosa Clarke"), AuthorFactory(name="Jan <Jansen>")]
    )
    article = Article.objects.for_listing().get(pk=created.pk)

    assert render("{{ article|byline_names }}", article=article) == (
        "Rosa Clarke, Jan &lt;Jansen&gt;"
    )
