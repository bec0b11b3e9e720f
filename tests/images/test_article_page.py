"""A story with 5 inline photos and 2 embeds: valid HTML, and one query more at most."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.images.factories import ImageFactory
from tests.newsroom import html_checks
from tests.test_query_budgets import ARTICLE_BUDGET

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def stories():
    section = SectionFactory(name="Spain", slug="spain")
    authors = AuthorFactory.create_batch(2)
    photos = [
        ImageFactory(
            width=1600,
            height=900,
            title=f"Photo {n}",
            caption=f"Caption {n} & more",
            credit=f"Photographer {n}",
            alt=f"Scene number {n}",
        )
        for n in range(7)
    ]
    body = "<p>First paragraph.</p>"
    body += "".join(
        f'<figure data-image-id="{photo.pk}"></figure><p>Paragraph {n}.</p>'
        for n, photo in enumerate(photos[:3])
    )
    body += f'<figure data-gallery="{photos[3].pk},{photos[4].pk}"'
    body += ' data-caption="Two more"></figure>'
    body += '<figure data-embed="https://www.youtube.com/watch?v=aqz-KE-bpKQ">'
    body += "</figure><p>Between the embeds.</p>"
    body += '<figure data-embed="https://x.com/AEMET/status/1851234567890123456">'
    body += "</figure><p>The end.</p>"
    common = {"published": True, "section": section, "authors": authors}
    with_media = ArticleFactory(
        **common, headline="With media", body=body, lead_image=photos[5], tags=["a"]
    )
    plain = ArticleFactory(
        **common,
        headline="Plain",
        body="<p>First paragraph.</p><p>The end.</p>",
        lead_image=photos[6],
        tags=["a"],
    )
    return with_media, plain


def queries_of_a_miss(client, url: str) -> int:
    cache.clear()
    assert client.get(url).status_code == 200
    # Another copy of the same page: a miss, with the generation's data warm.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url + "?budget=1")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    return len(queries)


def test_inline_media_cost_at_most_one_query_more(client, stories):
    with_media, plain = stories
    with_queries = queries_of_a_miss(client, with_media.get_absolute_url())
    plain_queries = queries_of_a_miss(client, plain.get_absolute_url())

    assert plain_queries <= ARTICLE_BUDGET
    assert with_queries <= plain_queries + 1


def test_story_with_inline_media_shows_them_all(client, stories):
    with_media, _plain = stories
    page = client.get(with_media.get_absolute_url()).content.decode()
    body = page.split('<div class="article__body">')[1].split("\n  </div>")[0]
    assert body.count("<picture>") == 5
    assert body.count('class="embed embed--') == 2
    assert "Caption 0 &amp; more" in body


@pytest.mark.skipif(
    not html_checks.vnu_available(), reason="the Nu Html Checker needs Java"
)
def test_story_with_inline_media_is_valid_html(client, stories, tmp_path):
    with_media, _plain = stories
    html = client.get(with_media.get_absolute_url()).content.decode()
    file = tmp_path / "story.html"
    file.write_text(html, encoding="utf-8")

    errors = html_checks.vnu_errors([file])

    problems = []
    for error in errors:
        extract = " ".join(error.get("extract", "").split())
        problems.append(f"line {error.get('lastLine')}: {error['message']} [{extract}]")
    assert problems == []
