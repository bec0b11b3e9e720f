"""The media library: adding photos, the admin's list, uses and refusals."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from images.models import Image
from images.services import add_image
from tests import imagefiles
from tests.articles.factories import ArticleFactory
from tests.images.factories import ImageFactory

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"images/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp|gif)")


def stored_files() -> set[str]:
    folders, _files = default_storage.listdir("images")
    found = set()
    for year in folders:
        for month in default_storage.listdir(f"images/{year}")[0]:
            for name in default_storage.listdir(f"images/{year}/{month}")[1]:
                found.add(f"images/{year}/{month}/{name}")
    return found


def test_add_image_stores_a_clean_copy_under_a_random_name(editor):
    upload = imagefiles.upload("IMG_0042 GPS.jpg", imagefiles.sideways_photo_with_gps())

    image = add_image(
        upload,
        title="Harbour at dawn",
        caption="Fishing boats come in.",
        credit="Laura Sánchez",
        alt="Boats at the quay",
        uploaded_by=editor,
    )

    assert STORED_NAME.fullmatch(image.file.name)
    assert (image.width, image.height) == (40, 60)  # EXIF orientation applied
    with image.file.open("rb") as file:
        data = file.read()
    assert imagefiles.CAMERA_SERIAL.encode() not in data
    assert imagefiles.XMP_MARKER not in data
    assert image.uploaded_by == editor
    assert image.uploaded_at is not None


@pytest.mark.parametrize(
    "details, field",
    [
        ({"credit": "  "}, "credit"),
        ({"alt": ""}, "alt"),
    ],
)
def test_add_image_refuses_missing_credit_or_alt_and_stores_nothing(details, field):
    arguments = {"title": "Photo", "credit": "Staff", "alt": "A street"} | details

    with pytest.raises(ValidationError) as error:
        add_image(imagefiles.upload("a.jpg", imagefiles.photo()), **arguments)

    assert field in error.value.message_dict
    assert Image.objects.exists() is False
    assert not default_storage.exists("images")


def test_a_decorative_photo_needs_no_alt_text():
    image = add_image(
        imagefiles.upload("a.jpg", imagefiles.photo()),
        title="Texture",
        credit="Staff",
        decorative=True,
    )
    assert image.alt_text == ""


@pytest.mark.parametrize(
    "data, code",
    [
        (imagefiles.HTML_PAGE, "not_an_image"),
        (imagefiles.truncated_jpeg(), "corrupt"),
        (imagefiles.png_declaring(50_000, 50_000), "too_many_pixels"),
    ],
)
def test_add_image_refuses_what_is_not_a_safe_photo(data, code):
    with pytest.raises(ValidationError) as error:
        add_image(
            imagefiles.upload("photo.jpg", data),
            title="Photo",
            credit="Staff",
            alt="A photo",
        )
    assert error.value.error_dict["file"][0].code == code
    assert Image.objects.exists() is False


def test_batch_upload_keeps_the_good_photos_and_names_the_bad_ones(client, editor):
    client.force_login(editor)
    files = [
        imagefiles.upload("harbour.jpg", imagefiles.photo()),
        imagefiles.upload("bomb.png", imagefiles.png_declaring(60_000, 60_000)),
        imagefiles.upload("notes.jpg", imagefiles.HTML_PAGE),
        imagefiles.upload("beach.png", imagefiles.photo(image_format="PNG")),
    ]

    response = client.post(
        reverse("admin:images_image_upload"),
        {"files": files, "credit": "Laura Sánchez", "alt": "The seafront"},
        follow=True,
    )

    assert response.status_code == 200
    assert sorted(Image.objects.values_list("title", flat=True)) == [
        "beach",
        "harbour",
    ]
    text = response.content.decode()
    assert "<strong>bomb.png</strong>: This image declares more pixels" in text
    assert "<strong>notes.jpg</strong>: This file isn" in text
    assert "Added 2 photo(s)" in text
    assert len(stored_files()) == 2


def test_batch_upload_answers_json_for_the_progress_script(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:images_image_upload"),
        {
            "files": [
                imagefiles.upload("a.jpg", imagefiles.photo()),
                imagefiles.upload("b.jpg", imagefiles.truncated_jpeg()),
            ],
            "credit": "Staff",
            "decorative": "on",
        },
        headers={"Accept": "application/json"},
    )
    data = response.json()
    assert [entry["title"] for entry in data["added"]] == ["a"]
    assert [entry["name"] for entry in data["refused"]] == ["b.jpg"]


def test_batch_upload_needs_a_credit(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:images_image_upload"),
        {"files": [imagefiles.upload("a.jpg", imagefiles.photo())], "alt": "A"},
    )
    assert response.status_code == 200
    assert "credit" in response.context["form"].errors
    assert Image.objects.exists() is False


def test_library_list_shows_thumbnails_and_searches_credit_caption_and_tags(
    client, editor
):
    client.force_login(editor)
    ImageFactory(title="Harbour", credit="Agencia EFE", tags=["port"])
    ImageFactory(title="Beach", caption="Sunrise at Levante", credit="Staff")
    url = reverse("admin:images_image_changelist")

    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('class="library-thumb"') == 2

    for query, expected in [
        ("EFE", ["Harbour"]),
        ("levante", ["Beach"]),
        ("port", ["Harbour"]),
    ]:
        found = client.get(url, {"q": query}).context["cl"].result_list
        assert [image.title for image in found] == expected


def test_library_filters_photos_whose_rights_expire_soon(client, editor):
    client.force_login(editor)
    today = timezone.localdate()
    ImageFactory(title="Soon", rights_expire_on=today + timedelta(days=5))
    ImageFactory(title="Later", rights_expire_on=today + timedelta(days=90))
    ImageFactory(title="Forever")

    found = (
        client.get(reverse("admin:images_image_changelist"), {"rights": "expiring"})
        .context["cl"]
        .result_list
    )
    assert [image.title for image in found] == ["Soon"]


def test_image_page_lists_the_articles_using_it(client, editor):
    client.force_login(editor)
    image = ImageFactory()
    lead = ArticleFactory(headline="Lead story", lead_image=image)
    inline = ArticleFactory(
        headline="Inline story",
        body=f'<p>Text.</p><figure data-image-id="{image.pk}"></figure>',
    )
    ArticleFactory(headline="Unrelated")

    page = client.get(reverse("admin:images_image_change", args=[image.pk]))

    text = page.content.decode()
    assert "Lead story" in text and "Inline story" in text
    assert "Unrelated" not in text
    assert reverse("admin:articles_article_change", args=[lead.pk]) in text
    assert reverse("admin:articles_article_change", args=[inline.pk]) in text


def test_deleting_an_image_in_use_is_refused_naming_the_articles(client, superuser):
    client.force_login(superuser)
    image = ImageFactory()
    ArticleFactory(
        headline="Gallery story",
        body=f'<figure data-gallery="999,{image.pk}"></figure>',
    )
    url = reverse("admin:images_image_delete", args=[image.pk])

    page = client.get(url)
    assert "Gallery story" in page.content.decode()
    client.post(url, {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists() is True

    unused = ImageFactory()
    client.post(reverse("admin:images_image_delete", args=[unused.pk]), {"post": "yes"})
    assert Image.objects.filter(pk=unused.pk).exists() is False
