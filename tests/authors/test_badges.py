"""Author badges: a square rendition of the photo, or the initials placeholder."""

import pytest
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from PIL import Image

from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def badge(author, size=40) -> str:
    return render_to_string(
        "authors/includes/badge.html", {"author": author, "size": size}
    )


def test_author_without_photo_gets_the_initials_placeholder():
    html = badge(AuthorFactory(name="Laura Sánchez Gil"), 64)

    assert html.startswith('<span class="badge badge--64 badge--initials ')
    assert 'aria-hidden="true">LG</span>' in html
    assert "<img" not in html


@pytest.mark.parametrize("size", [32, 40, 64, 96])
def test_author_photo_badge_is_a_square_rendition_at_1x_and_2x(size):
    author = AuthorFactory(with_photo=True)

    html = badge(author, size)

    assert f'class="badge badge--{size}"' in html
    assert f'width="{size}" height="{size}"' in html
    assert 'loading="lazy" decoding="async"' in html
    assert author.photo.url not in html  # never the original upload
    assert html.count(" 2x") == 2  # WebP and JPEG
    for url in html.split('srcset="')[2].split('"')[0].split(", "):
        path, density = url.split(" ")
        with (
            default_storage.open(path.removeprefix("/media/")) as file,
            Image.open(file) as image,
        ):
            expected = size * int(density.rstrip("x"))
            assert image.size == (expected, expected)
            assert image.format == "JPEG"


def test_author_whose_photo_file_is_missing_gets_the_placeholder():
    author = AuthorFactory(name="Laura Sánchez", with_photo=True)
    default_storage.delete(author.photo.name)

    html = badge(author)

    assert "badge--initials" in html
    assert ">LS</span>" in html
    assert "<img" not in html


def test_pages_show_the_photo_badge_or_the_placeholder(client):
    with_photo = AuthorFactory(name="Ana Ruiz", with_photo=True)
    without = AuthorFactory(name="Laura Sánchez")
    article = ArticleFactory(published=True, authors=[with_photo, without])

    for url in [article.get_absolute_url(), without.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert ">LS</span>" in response.text, url
    page = client.get(article.get_absolute_url()).text
    assert 'class="badge badge--40"' in page
    assert 'class="badge badge--64"' in page
    assert with_photo.photo.url not in page
