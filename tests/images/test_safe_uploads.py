"""Upload safety: what the image fields accept, refuse and store."""

import io
import time

import pytest
from django import forms
from django.core.files.base import ContentFile
from PIL import Image

from authors.models import Author
from images.fields import SafeImageField, SafeImageFormField
from tests import imagefiles
from tests.imagefiles import upload

pytestmark = pytest.mark.django_db


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = ("name", "slug", "photo")


def submit_photo(name: str, data: bytes, content_type: str = "image/jpeg"):
    form = PhotoForm(
        {"name": "Laura Sánchez", "slug": "laura"},
        {"photo": upload(name, data, content_type)},
    )
    return form


ACCEPTED = {
    "jpeg": ("photo.jpg", imagefiles.photo(image_format="JPEG"), "jpg"),
    "png": ("photo.png", imagefiles.photo(image_format="PNG"), "png"),
    "png with alpha": (
        "logo.png",
        imagefiles.photo(image_format="PNG", mode="RGBA", colour=(0, 0, 0, 0)),
        "png",
    ),
    "webp": ("photo.webp", imagefiles.photo(image_format="WEBP"), "webp"),
    "gif": (
        "photo.gif",
        imagefiles.photo(image_format="GIF", mode="P", colour=3),
        "gif",
    ),
    "png named .jpg": ("photo.jpg", imagefiles.photo(image_format="PNG"), "png"),
}


@pytest.mark.parametrize("name, data, extension", ACCEPTED.values(), ids=ACCEPTED)
def test_real_raster_images_are_accepted_and_stored_under_a_random_name(
    name, data, extension
):
    form = submit_photo(name, data)

    assert form.is_valid(), form.errors
    author = form.save()

    stored = author.photo.name
    assert stored.startswith("authors/")
    assert stored.endswith(f".{extension}")  # the real format, not the given name
    assert "photo" not in stored and "logo" not in stored
    with author.photo.open("rb") as file, Image.open(file) as image:
        assert image.format == {"jpg": "JPEG"}.get(extension, extension.upper())
        assert image.size == (64, 48)


REFUSED = {
    "text named .jpg": (
        "notes.jpg",
        imagefiles.TEXT_FILE,
        "isn't a JPEG, PNG, WebP or GIF image",
    ),
    "html named .jpg": (
        "page.jpg",
        imagefiles.HTML_PAGE,
        "isn't a JPEG, PNG, WebP or GIF image",
    ),
    "svg with script": (
        "drawing.svg",
        imagefiles.SVG_WITH_SCRIPT,
        "SVG drawings can't be uploaded",
    ),
    "svg named .png": (
        "drawing.png",
        imagefiles.SVG_WITH_SCRIPT,
        "SVG drawings can't be uploaded",
    ),
    "truncated jpeg": (
        "cut.jpg",
        imagefiles.truncated_jpeg(),
        "damaged or incomplete",
    ),
    "bmp": (
        "old.jpg",
        imagefiles.photo(image_format="BMP"),
        "isn't a JPEG, PNG, WebP or GIF image",
    ),
    "decompression bomb": (
        "bomb.png",
        imagefiles.png_declaring(100_000, 100_000),
        "more pixels than the 90 megapixels allowed",
    ),
    "just over the pixel limit": (
        "huge.png",
        imagefiles.png_declaring(9_500, 9_500),
        "This image is 9,500 × 9,500 pixels, more than the 90 megapixels allowed",
    ),
}


@pytest.mark.parametrize("name, data, message", REFUSED.values(), ids=REFUSED)
def test_hostile_or_broken_files_are_refused_with_a_clear_error(name, data, message):
    form = submit_photo(name, data)

    assert form.is_valid() is False
    (error,) = form.errors["photo"]
    assert message in error
    assert Author.objects.exists() is False


def test_decompression_bomb_is_refused_before_any_pixel_is_decoded():
    # The 9,500 × 9,500 PNG holds 64 bytes of pixel data: decoding it would fail
    # as "damaged", so the pixel-limit error proves the header alone was read.
    started = time.perf_counter()
    form = submit_photo("bomb.png", imagefiles.png_declaring(100_000, 100_000))
    big = submit_photo("huge.png", imagefiles.png_declaring(9_500, 9_500))

    assert form.is_valid() is False
    assert big.is_valid() is False
    assert big.errors.as_data()["photo"][0].code == "too_many_pixels"
    assert time.perf_counter() - started < 1


def test_pixel_limit_is_a_setting(settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 1_000

    form = submit_photo("photo.jpg", imagefiles.photo(size=(50, 50)))

    assert form.is_valid() is False
    assert (
        "This image is 50 × 50 pixels, more than the 0.001 megapixels"
        in (form.errors["photo"][0])
    )


def test_files_over_the_size_limit_are_refused(settings):
    settings.NEWSROOM_MAX_UPLOAD_SIZE = 10_000
    data = imagefiles.noisy_jpeg()
    assert len(data) > 10_000

    form = submit_photo("big.jpg", data)

    assert form.is_valid() is False
    assert [error.replace("\xa0", " ") for error in form.errors["photo"]] == [
        f"This file is {len(data) / 1024:.1f} KB; images can be at most 9.8 KB. "
        "Export a smaller JPEG and upload that."
    ]


def test_size_limit_defaults_to_20_mb(settings):
    assert settings.NEWSROOM_MAX_UPLOAD_SIZE == 20 * 1024 * 1024


def test_empty_file_is_refused():
    form = submit_photo("empty.jpg", b"")

    assert form.is_valid() is False
    assert "empty" in form.errors["photo"][0]


def test_form_field_tells_the_browser_and_the_editor_what_it_accepts():
    field = PhotoForm().fields["photo"]

    assert isinstance(field, SafeImageFormField)
    assert field.widget.attrs["accept"] == "image/jpeg,image/png,image/webp,image/gif"
    assert field.help_text.replace("\xa0", " ") == (
        "JPEG, PNG, WebP or GIF, up to 20.0 MB."
    )


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP", "PNG"])
def test_stored_photo_is_upright_and_has_no_metadata(image_format):
    data = imagefiles.sideways_photo_with_gps(image_format)
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif()[imagefiles.GPS_IFD]  # the test file has GPS

    form = submit_photo("IMG_0001.jpg", data)
    assert form.is_valid(), form.errors
    author = form.save()

    with author.photo.open("rb") as file:
        stored = file.read()
    assert_upright_without_metadata(stored, (40, 60))


def assert_upright_without_metadata(data: bytes, size: tuple[int, int]):
    """Assert red is on top (EXIF orientation applied) and no metadata survived."""
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == size
        rgb = image.convert("RGB")
        top = rgb.getpixel((size[0] // 2, 2))
        bottom = rgb.getpixel((size[0] // 2, size[1] - 3))
        assert top[0] > 150 and top[2] < 100, top
        assert bottom[2] > 150 and bottom[0] < 100, bottom
        assert len(image.getexif()) == 0
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
    for marker in (
        b"Exif",
        imagefiles.CAMERA_SERIAL.encode(),
        imagefiles.XMP_MARKER,
        b"Canon",
    ):
        assert marker not in data, marker


def test_icc_profile_is_applied_and_dropped():
    form = submit_photo("photo.jpg", imagefiles.photo_with_icc_profile())
    assert form.is_valid(), form.errors
    author = form.save()

    with author.photo.open("rb") as file, Image.open(file) as image:
        assert "icc_profile" not in image.info
        red, green, blue = image.convert("RGB").getpixel((16, 16))
        assert abs(red - 200) < 8 and abs(green - 100) < 8 and abs(blue - 50) < 8


def test_gif_comment_is_dropped():
    image = Image.new("P", (20, 20), 1)
    data = imagefiles.encode(image, "GIF", comment=b"shot at home, Calle Mayor 5")

    form = submit_photo("anim.gif", data)
    assert form.is_valid(), form.errors
    author = form.save()

    with author.photo.open("rb") as file:
        assert b"Calle Mayor" not in file.read()


def test_files_assigned_in_code_are_cleaned_too():
    author = Author(name="Laura Sánchez", slug="laura")
    author.photo = ContentFile(imagefiles.sideways_photo_with_gps(), name="gps.jpg")
    author.save()

    with author.photo.open("rb") as file:
        assert_upright_without_metadata(file.read(), (40, 60))


def test_files_saved_through_the_field_file_are_cleaned_too():
    author = Author.objects.create(name="Laura Sánchez", slug="laura")
    author.photo.save("gps.jpg", ContentFile(imagefiles.sideways_photo_with_gps()))

    author.refresh_from_db()
    with author.photo.open("rb") as file:
        assert_upright_without_metadata(file.read(), (40, 60))


def test_all_image_fields_are_safe_image_fields():
    from images.models import Image
    from newsroom.models import SiteSettings

    for model, name in [
        (Image, "file"),
        (Author, "photo"),
        (SiteSettings, "logo"),
    ]:
        assert isinstance(model._meta.get_field(name), SafeImageField), name
