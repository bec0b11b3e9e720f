import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def vector(article: Article) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM articles_article WHERE id = %s",
            [article.pk],
        )
        return cursor.fetchone()[0]


def test_vector_weighs_headline_standfirst_and_body_text():
    article = ArticleFactory(
        headline="Bomberos",
        seo_headline="Firefighters",
        standfirst="Standfirst words",
        body='<p>Body <a href="https://example.org/hidden">text</a> &amp; more</p>',
    )

    text = vector(article)

    assert "'bombero':1A" in text
    assert "'firefight':2A" in text
    assert "'standfirst':3B" in text
    assert "'bodi':5C" in text
    assert "'text':6C" in text
    assert "hidden" not in text
    assert "example" not in text
    assert "amp" not in text


def test_rebuild_uses_the_configured_language(settings):
    article = ArticleFactory(headline="Los bomberos apagan el incendio")
    assert "'los'" in vector(article)

    settings.NEWSROOM_SEARCH_CONFIG = "spanish"
    call_command("rebuild_search_index", verbosity=0)

    # Spanish leaves out its stop words and stems Spanish words.
    assert "'los'" not in vector(article)
    assert "'incendi'" in vector(article)
    # New and edited articles use the new language too.
    later = ArticleFactory(headline="Las casas del pueblo")
    assert "'las'" not in vector(later)
    assert list(Article.objects.search("incendios")) == [article]


def test_rebuild_refuses_an_unknown_language(settings):
    settings.NEWSROOM_SEARCH_CONFIG = "klingon"

    with pytest.raises(CommandError, match="no text-search configuration 'klingon'"):
        call_command("rebuild_search_index", verbosity=0)


def test_rebuild_refuses_sql_in_the_setting(settings):
    settings.NEWSROOM_SEARCH_CONFIG = "english'); DROP TABLE articles_article; --"

    with pytest.raises(CommandError):
        call_command("rebuild_search_index", verbosity=0)
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>two</p>", "One two"),
        ("<p>A <strong>whole</strong>word</p>", "A wholeword"),
        (
            "<p>  Tabs\tand\nnew lines \r\n\r\n shrink </p>\n",
            "Tabs and new lines shrink",
        ),
        (
            "<p>Em\u2003space and\u00a0no-break space</p>",
            "Em space and\u00a0no-break space",
        ),
        ("<p>&lt;b&gt; stays &amp; escaped</p>", "&lt;b&gt; stays &amp; escaped"),
        ("", ""),
    ],
)
def test_html_to_text_keeps_words_and_shrinks_white_space(html, text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT articles_html_to_text(%s)", [html])
        assert cursor.fetchone()[0] == text
