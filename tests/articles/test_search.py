import re
from datetime import UTC, datetime, timedelta

import pytest
from django import forms
from django.db import connection
from django.db.models.expressions import RawSQL
from django.urls import reverse

from articles.forms import OnePassSelect, SearchForm
from articles.models import Article
from articles.search import MATCH_START, MATCH_STOP, highlight
from newsroom.models import SiteSettings
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 18, 10, 0, tzinfo=UTC)
SEARCH_URL = "/search/"


@pytest.fixture(autouse=True)
def frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True)
def site_settings(db):
    return SiteSettings.load()


def story(**kwargs) -> Article:
    defaults = {
        "status": Article.Status.PUBLISHED,
        "published_at": NOW - timedelta(days=1),
        "body": "<p>Nothing to see here.</p>",
    }
    return ArticleFactory(**(defaults | kwargs))


def search(client, q=None, **params):
    if q is not None:
        params = {"q": q, **params}
    return client.get(SEARCH_URL, params)


def found(response) -> list[Article]:
    return list(response.context["results"])


def test_search_url_is_named_search():
    assert reverse("search") == SEARCH_URL


def test_headline_ranks_above_standfirst_above_body(client):
    in_body = story(
        headline="Council meeting tonight",
        body="<p>The desalination plant was discussed. Desalination again, "
        "and desalination once more.</p>",
        published_at=NOW - timedelta(hours=1),
    )
    in_standfirst = story(
        headline="Water news",
        standfirst="A desalination plant for the Vega Baja.",
        published_at=NOW - timedelta(hours=2),
    )
    in_headline = story(
        headline="Desalination plant opens in Torrevieja",
        published_at=NOW - timedelta(hours=3),
    )
    story(headline="Unrelated beach story")

    response = search(client, "desalination")

    assert response.status_code == 200
    assert found(response) == [in_headline, in_standfirst, in_body]
    assert response.context["page_obj"].paginator.count == 3


def test_search_can_sort_by_newest(client):
    older = story(headline="Desalination plant opens", published_at=NOW - timedelta(3))
    newer = story(body="<p>A word on desalination.</p>")

    response = search(client, "desalination", order="newest")

    assert found(response) == [newer, older]


def test_results_are_in_the_ranked_search_order_equal_ranks_newest_first(client):
    for hours in range(4):
        story(headline="Flood warning", published_at=NOW - timedelta(hours=hours))
    story(headline="Beach report", body="<p>A flood of visitors.</p>")
    story(headline="Flood warning: flood defences", published_at=NOW - timedelta(9))

    results = found(search(client, "flood"))

    assert results == list(Article.objects.published().search("flood"))
    assert [article.headline for article in results[1:5]] == ["Flood warning"] * 4
    assert results[1:5] == sorted(results[1:5], key=lambda a: a.published_at)[::-1]


def test_seo_headline_counts_like_the_headline(client):
    article = story(headline="Plant opens", seo_headline="Torrevieja desalination")

    assert found(search(client, "desalination")) == [article]


def test_words_match_their_other_forms(client):
    article = story(headline="Residents protest new flats")

    assert found(search(client, "protesting residents")) == [article]


def test_body_markup_is_not_searchable_but_its_text_is(client):
    article = story(
        body='<p>See <a href="https://example.org/strong">the plan</a>.</p>'
    )

    assert found(search(client, "plan")) == [article]
    assert found(search(client, "example")) == []
    assert found(search(client, "href")) == []


def test_only_published_articles_are_found(client):
    published = story(headline="Flood warning in Orihuela")
    story(
        headline="Flood warning draft", status=Article.Status.DRAFT, published_at=None
    )
    story(headline="Flood warning scheduled", published_at=NOW + timedelta(hours=1))
    story(
        headline="Flood warning in review",
        status=Article.Status.IN_REVIEW,
        published_at=None,
    )

    response = search(client, "flood")

    assert found(response) == [published]
    assert "draft" not in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"water shortage"', ["phrase"]),
        ("water shortage", ["phrase", "apart"]),
        ("water -benidorm", ["phrase", "apart"]),
        ("calpe or altea", ["calpe", "altea"]),
        ("calpe altea", []),
        ('"shortage water"', []),
    ],
)
def test_web_search_syntax(client, query, expected):
    articles = {
        "phrase": story(headline="Water shortage in Dénia"),
        "apart": story(headline="Shortage of drinking water in Jávea"),
        "benidorm": story(headline="Benidorm water park reopens"),
        "calpe": story(headline="Calpe fiesta"),
        "altea": story(headline="Altea market"),
    }

    results = found(search(client, query))

    assert sorted(results, key=lambda a: a.pk) == sorted(
        (articles[name] for name in expected), key=lambda a: a.pk
    )


def test_results_show_highlighted_snippets_and_headlines(client):
    story(
        headline="Desalination plant opens",
        standfirst="The plant serves 200,000 people.",
        body="<p>Engineers say the <strong>desalination</strong> works took two "
        "years.</p>",
    )

    response = search(client, "desalination")

    (article,) = found(response)
    assert str(article.marked_headline) == "<mark>Desalination</mark> plant opens"
    assert "the <mark>desalination</mark> works took two years" in str(article.snippet)
    assert "<mark>Desalination</mark> plant opens</a>" in response.text
    assert "the <mark>desalination</mark> works" in response.text


def test_snippets_cannot_inject_markup(client):
    story(
        headline='Desalination <img src=x onerror="alert(1)"> news',
        standfirst="<script>alert('standfirst')</script> desalination",
        body="<p>Fish &amp; chips: type &lt;script&gt;alert(1)&lt;/script&gt; near "
        f"the desalination plant {MATCH_START}unbalanced</p>",
    )

    response = search(client, "desalination")

    (article,) = found(response)
    snippet = str(article.snippet)
    assert "<script>" not in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert "Fish &amp; chips" in snippet
    assert snippet.count("<mark>") == snippet.count("</mark>")
    assert "<script>" not in response.text
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in response.text


@pytest.mark.parametrize(
    ("raw", "html"),
    [
        (f"a {MATCH_START}b{MATCH_STOP} c", "a <mark>b</mark> c"),
        (f"{MATCH_START}<i>{MATCH_STOP}", "<mark>&lt;i&gt;</mark>"),
        (f"x{MATCH_STOP} y {MATCH_START}z", "x y <mark>z</mark>"),
        (f"{MATCH_START}{MATCH_START}a{MATCH_STOP}{MATCH_STOP}", "<mark>a</mark>"),
        ("fish &amp; chips &lt;b&gt;", "fish &amp; chips &lt;b&gt;"),
        (f"&quot;{MATCH_START}&lt;x&gt;{MATCH_STOP}", "&quot;<mark>&lt;x&gt;</mark>"),
        ("", ""),
    ],
)
def test_highlight_escapes_everything_but_the_matches(raw, html):
    assert highlight(raw) == html


@pytest.mark.parametrize("value", [None, "", "b", ["b"], "missing"])
def test_the_forms_menus_have_the_markup_of_djangos_select(value):
    choices = [("", "All"), ("a&b", "Ann & <Bob>"), ("b", "Zoë “T” 'x'"), ("b", "2")]
    attrs = {"id": "id_author", "aria-invalid": "true", "required": True, "x": False}

    fast = OnePassSelect(choices=choices).render("author", value, attrs)

    assert fast == forms.Select(choices=choices).render("author", value, attrs)


def test_filters_by_section_including_regional_editions(client):
    spain = SectionFactory(slug="spain")
    region = SectionFactory(slug="costa-blanca-north", parent=spain)
    national = story(headline="Heatwave in Madrid", section=spain)
    regional = story(headline="Heatwave in Calpe", section=region)
    story(headline="Heatwave abroad")

    assert set(found(search(client, "heatwave", section="spain"))) == {
        national,
        regional,
    }
    assert found(search(client, "heatwave", section="costa-blanca-north")) == [regional]


def test_filters_by_author(client):
    laura = AuthorFactory(slug="laura")
    by_laura = story(headline="Storm damage", authors=[laura, AuthorFactory()])
    story(headline="Storm warning")

    assert found(search(client, "storm", author="laura")) == [by_laura]


def test_filters_by_publication_date_range(client):
    may = story(
        headline="Election results",
        published_at=datetime(2025, 5, 10, 9, 0, tzinfo=UTC),
    )
    june = story(
        headline="Election recount", published_at=datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
    )
    story(
        headline="Election campaign",
        published_at=datetime(2025, 4, 1, 9, 0, tzinfo=UTC),
    )

    response = search(
        client, "election", published_from="2025-05-01", published_to="2025-06-02"
    )

    assert set(found(response)) == {may, june}
    assert found(search(client, "election", published_from="2025-06-01")) == [june]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"section": "no-such-section"}, "There is no such section."),
        ({"author": "nobody"}, "There is no such author."),
        ({"published_from": "2025-13-45"}, "Enter a real date, such as 2025-06-18."),
        ({"published_to": "yesterday"}, "Enter a real date, such as 2025-06-18."),
        (
            {"published_from": "2025-06-10", "published_to": "2025-06-01"},
            "This date is before the “published from” date.",
        ),
        ({"order": "random()"}, "Select a valid choice."),
    ],
)
def test_bad_filters_show_the_form_error_not_a_server_error(client, params, message):
    story(headline="Election results")

    response = search(client, "election", **params)

    assert response.status_code == 200
    assert message in response.text
    assert found(response) == []
    assert 'aria-invalid="true"' in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 10_000, "Search for 200 characters at most"),
        ("!!! @@@ ### $$$ %%% ^^^ &&& *** ((( )))", "Your search has no words in it"),
        ("&|!<->:*", "Your search has no words in it"),
        ("the and of", "Your search only has very common words"),
    ],
)
def test_absurd_queries_get_a_clear_message(client, query, message):
    story(headline="Water shortage")

    response = search(client, query)

    assert response.status_code == 200
    assert message in response.text
    assert found(response) == []


def test_control_characters_in_a_query_are_dropped(client):
    story(headline="Water shortage")

    response = search(client, "water\x00\x0bshortage\x1b")

    assert response.status_code == 200
    assert [article.headline for article in found(response)] == ["Water shortage"]
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", response.text)


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE articles_article; --",
        "water') OR 1=1 --",
        "1 UNION SELECT password FROM auth_user",
        "water:* & !shortage | (a <-> b)",
        '"unclosed phrase',
        "-",
        "or or or",
    ],
)
def test_sql_and_tsquery_fragments_are_just_words(client, query):
    story(headline="Water shortage")

    response = search(client, query)

    assert response.status_code == 200
    assert Article.objects.count() == 1
    assert "search-results" in response.text


def test_empty_search_shows_the_form_without_results(client):
    response = search(client, "   ")

    assert response.status_code == 200
    assert response.context["page_obj"] is None
    assert 'id="id_q"' in response.text
    assert "result" not in response.context["form"].errors


def test_filters_without_words_ask_for_words(client):
    SectionFactory(slug="spain")

    response = search(client, "", section="spain")

    assert "Type what you are looking for" in response.text


def test_no_results_says_so(client):
    story(headline="Water shortage")

    response = search(client, "volcano")

    assert response.status_code == 200
    assert "No stories match" in response.text


def test_pagination_keeps_the_query_and_filters(client):
    section = SectionFactory(slug="spain")
    for day in range(25):
        story(
            headline=f"Drought update {day}",
            section=section,
            published_at=NOW - timedelta(days=day + 1),
        )

    first = search(client, "drought", section="spain")
    second = search(client, "drought", section="spain", page=2)

    assert len(found(first)) == 20
    assert 'href="?q=drought&amp;section=spain&amp;page=2"' in first.text
    assert 'rel="next"' in first.text
    assert len(found(second)) == 5
    assert 'rel="prev" href="?q=drought&amp;section=spain"' in second.text
    assert set(found(first)).isdisjoint(found(second))


@pytest.mark.parametrize("page", ["3", "0", "abc", "-1"])
def test_search_page_out_of_range_is_a_404(client, page):
    story(headline="Drought update")

    assert search(client, "drought", page=page).status_code == 404


def matching(words: str) -> list[Article]:
    return list(Article.objects.published().search(words))


def test_search_vector_is_kept_current_on_every_kind_of_write():
    article = story(headline="Old headline about tomatoes")
    assert matching("tomatoes") == [article]

    article.headline = "New headline about oranges"
    article.save()
    assert matching("oranges") == [article]
    assert matching("tomatoes") == []

    Article.objects.filter(pk=article.pk).update(standfirst="Lemons as well.")
    assert matching("lemons") == [article]

    (bulk,) = Article.objects.bulk_create(
        [
            Article(
                headline="Bulk avocados",
                slug="bulk-avocados",
                body="<p>x</p>",
                section=article.section,
                status=Article.Status.PUBLISHED,
                published_at=NOW - timedelta(days=1),
            )
        ]
    )
    assert matching("avocados") == [Article.objects.get(pk=bulk.pk)]

    # Writes that don't touch the text keep the vector as it is.
    Article.objects.filter(pk=article.pk).update(comments_open=False)
    assert matching("oranges") == [article]


def test_listings_do_not_load_the_search_vector():
    story(headline="Anything")

    article = Article.objects.published().for_listing().get()

    assert "search_vector" in article.get_deferred_fields()


def test_search_uses_the_gin_index():
    section = story(headline="Desalination plant").section
    Article.objects.bulk_create(
        Article(
            headline=f"Beach report {number}",
            slug=f"beach-report-{number}",
            body="<p>Sun, sand and a sea breeze.</p>",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=NOW - timedelta(minutes=number),
        )
        for number in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        # As autovacuum would: move the new rows from GIN's pending list into
        # the index proper.
        cursor.execute("SELECT gin_clean_pending_list('article_search_vector_idx')")

    plan = Article.objects.published().search("desalination").explain()

    assert "article_search_vector_idx" in plan, plan


@pytest.mark.parametrize("count", [5, 50])
def test_search_query_count_does_not_grow_with_results(
    client, count, django_assert_max_num_queries, settings
):
    # The view itself: the page cache (pagecache/) has its own tests.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    section = SectionFactory(slug="spain")
    authors = AuthorFactory.create_batch(3)
    for number in range(count):
        story(
            headline=f"Drought update {number}",
            section=section,
            authors=authors,
            tags=["water", "drought"],
        )

    # Site settings, menu, the page with its total, bylines, snippets, the
    # section and author menus of the form, and the time limit (with the
    # savepoint the test's transaction adds around it).
    with django_assert_max_num_queries(10):
        response = search(client, "drought")
    assert len(found(response)) == min(count, 20)

    # Filters add their own lookups (the section's with its regional editions).
    with django_assert_max_num_queries(13):
        response = search(
            client,
            "drought",
            section="spain",
            author=authors[0].slug,
            published_from="2025-01-01",
        )
    assert len(found(response)) == min(count, 20)


def test_a_search_too_slow_to_rank_asks_to_narrow_it(client, settings, monkeypatch):
    story(headline="Water shortage")
    settings.NEWSROOM_SEARCH_TIMEOUT = 0.05
    results = SearchForm.results

    def slow_results(form):
        # Stands in for ranking most of a very large archive.
        return results(form).annotate(wait=RawSQL("SELECT pg_sleep(0.5)", []))

    monkeypatch.setattr(SearchForm, "results", slow_results)

    response = search(client, "water")

    assert response.status_code == 200
    assert "This search matches too many stories to sort in time" in response.text
    # The time limit ended with the search: other queries run as usual.
    assert Article.objects.count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
