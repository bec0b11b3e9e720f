"""Image uploads are judged by their content: the file's name neither refuses them
nor decides the stored name, and a refusal names the four accepted formats."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from authors.models import Author
from tests.articles.admin_forms import add_url, errors_of, open_form, press
from tests.articles.factories import SectionFactory
from tests.authors.factories import AuthorFactory
from tests.imagefiles import photo, upload

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"images/\d{4}/\d{2}/[0-9a-f]{32}\.jpg")
ACCEPTED = "This file isn't a JPEG, PNG, WebP or GIF image"


@pytest.fixture
def client(editor, password) -> Client:
    client = Client()
    assert client.login(username=editor.username, password=password) is True
    return client


def post_article_with(client: Client, lead_image):
    data = open_form(client, add_url()) | {
        "headline": "Harbour works begin",
        "slug": "harbour-works",
        "body": "<p>Works begin on Monday.</p>",
        "section": str(SectionFactory().pk),
        "lead_image": lead_image,
        "lead_image_alt": "Cranes on the quay",
        "lead_image_credit": "Port of Alicante",
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-author": str(AuthorFactory().pk),
        "bylines-0-position": "0",
    }
    return press(client, add_url(), "save", data=data)


def test_a_photo_with_a_very_long_file_name_is_stored_under_a_short_random_one(
    client,
):
    name = "IMG_20250618_" + "harbour-works-" * 10 + ".jpg"
    assert len(name) > 100

    response = post_article_with(client, upload(name, photo()))

    assert response.status_code == 302, errors_of(response)
    stored = Article.objects.get().lead_image.file.name
    assert STORED_NAME.fullmatch(stored), stored


def test_a_photo_is_judged_by_its_content_not_its_extension(client):
    response = post_article_with(client, upload("harbour.jpeg.txt", photo()))

    assert response.status_code == 302, errors_of(response)
    assert STORED_NAME.fullmatch(Article.objects.get().lead_image.file.name)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("scan.bmp", photo(image_format="BMP")),
        ("scan.tiff", photo(image_format="TIFF")),
        ("notes.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n"),
        ("photo.jpg", b"not an image at all"),
    ],
)
def test_a_wrong_file_type_is_refused_naming_exactly_the_accepted_formats(
    client, name, data
):
    response = post_article_with(client, upload(name, data))

    assert response.status_code == 200
    (message,) = errors_of(response)["lead_image"]
    assert message.startswith(ACCEPTED)
    assert Article.objects.exists() is False


def test_an_author_photo_with_an_unusual_name_and_no_extension(client):
    url = reverse("admin:authors_author_add")

    response = client.post(
        url,
        {
            "name": "Laura Sánchez",
            "slug": "laura-sanchez",
            "photo": upload("portrait-exported-from-the-phone", photo()),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert re.fullmatch(
        r"authors/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", Author.objects.get().photo.name
    )
