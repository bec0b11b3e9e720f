"""Renditions: sizes, crops, metadata, reuse and missing files."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from PIL import Image

from articles.models import Article
from authors.models import Author
from images import renditions
from images.renditions import CARD, LEAD, SOCIAL, Shape, crop_box, og_image, plan
from tests import imagefiles
from tests.articles.factories import ArticleFactory
from tests.images.test_safe_uploads import assert_upright_without_metadata

pytestmark = pytest.mark.django_db


def stored(data: bytes, folder: str = "articles") -> str:
    """Store a file straight through the storage, as the demo loader does."""
    return default_storage.save(f"{folder}/2025/06/source.jpg", ContentFile(data))


def read(url: str) -> bytes:
    name = url.removeprefix("/media/")
    with default_storage.open(name, "rb") as file:
        return file.read()


def article_with(name: str, **kwargs) -> Article:
    return ArticleFactory(published=True, lead_image=name, **kwargs)


def article_with_missing_file() -> Article:
    # Saved dimensions, as every stored article has: Django doesn't read the file.
    return article_with(
        "articles/2025/06/gone.jpg", lead_image_width=1600, lead_image_height=900
    )


@pytest.mark.parametrize(
    "source, shape, expected",
    [
        (
            (1600, 900),
            LEAD,
            [(320, 180), (640, 360), (960, 540), (1280, 720), (1600, 900)],
        ),
        ((1000, 800), LEAD, [(320, 256), (640, 512), (960, 768), (1000, 800)]),
        ((120, 80), LEAD, [(120, 80)]),
        ((1600, 900), CARD, [(320, 180), (640, 360), (960, 540)]),
        # A tall photo: the 16:9 crop is as wide as the photo.
        ((600, 2000), CARD, [(320, 180), (600, 338)]),
        ((4000, 3000), SOCIAL, [(1200, 630)]),
        ((800, 600), SOCIAL, [(800, 420)]),
        ((20, 20), renditions.badge_shape(40), [(40, 40), (80, 80)]),
        ((300, 100), renditions.LOGO, [(144, 48), (288, 96)]),
    ],
)
def test_rendition_sizes_follow_the_shape_and_never_enlarge_photos(
    source, shape, expected
):
    assert plan(source, shape) == expected


@pytest.mark.parametrize(
    "focal, expected_left",
    [((50, 50), 100.0), ((0, 50), 0.0), ((100, 50), 200.0), ((70, 50), 180.0)],
)
def test_crop_box_centres_the_focal_point_as_far_as_the_edges_allow(
    focal, expected_left
):
    left, top, right, bottom = crop_box(400, 100, 2.0, focal)

    assert (left, top, right, bottom) == (expected_left, 0, expected_left + 200, 100)


def test_thumbnails_keep_the_focal_point_in_frame():
    # A wide photo, grey with a red subject near its right edge.
    image = Image.new("RGB", (800, 200), (128, 128, 128))
    image.paste((230, 0, 0), (700, 60, 760, 140))
    name = stored(imagefiles.encode(image, "JPEG"))
    centred = article_with(name)
    focused = article_with(name, lead_image_focal_x=91, lead_image_focal_y=50)

    def has_red(article) -> bool:
        picture = renditions.picture(
            article.lead_image,
            CARD,
            (article.lead_image.focal_x, article.lead_image.focal_y),
        )
        with Image.open(io.BytesIO(read(picture.fallback[-1].url))) as thumbnail:
            assert thumbnail.size == (355, 200)
            colours = thumbnail.convert("RGB").getcolors(maxcolors=1 << 16)
        return any(r > 200 and g < 60 for _count, (r, g, b) in colours)

    assert has_red(focused) is True
    assert has_red(centred) is False


def test_renditions_of_a_sideways_photo_with_gps_are_upright_and_clean():
    # Stored without going through the upload field, like an old or imported file.
    name = stored(imagefiles.sideways_photo_with_gps())
    article = article_with(name)

    for shape in (LEAD, CARD, SOCIAL, renditions.badge_shape(64)):
        picture = renditions.picture(article.lead_image, shape)
        for rendition in picture.modern + picture.fallback:
            data = read(rendition.url)
            with Image.open(io.BytesIO(data)) as image:
                assert image.size == (rendition.width, rendition.height)
                assert image.format == (
                    "WEBP" if rendition.url.endswith(".webp") else "JPEG"
                )
            if shape is LEAD:
                assert_upright_without_metadata(data, (40, 60))
            else:
                assert b"Exif" not in data
                assert imagefiles.CAMERA_SERIAL.encode() not in data


def test_picture_offers_webp_with_a_jpeg_fallback():
    name = stored(imagefiles.photo(size=(1600, 900)))

    picture = renditions.picture(article_with(name).lead_image, LEAD)

    assert [r.width for r in picture.modern] == [320, 640, 960, 1280, 1600]
    assert all(r.url.endswith(".webp") for r in picture.modern)
    assert all(r.url.endswith(".jpg") for r in picture.fallback)
    assert picture.fallback_type == "image/jpeg"
    assert (picture.width, picture.height) == (1600, 900)
    assert picture.src == picture.fallback[2].url  # 960 wide
    assert picture.modern_srcset.startswith(f"{picture.modern[0].url} 320w, ")


def test_renditions_are_made_once_and_shared_by_articles_using_the_same_file(
    monkeypatch,
):
    name = stored(imagefiles.photo(size=(1600, 900)))
    first, second = article_with(name), article_with(name)
    generated = []
    original = renditions.RenditionSpec.generate
    monkeypatch.setattr(
        renditions.RenditionSpec,
        "generate",
        lambda spec: generated.append(spec) or original(spec),
    )

    one = renditions.picture(first.lead_image, LEAD)
    assert len(generated) == 10
    renditions.picture(first.lead_image, LEAD)  # from the cache
    assert len(generated) == 10
    renditions.cache.clear()  # e.g. a restarted cache: files are found again
    two = renditions.picture(second.lead_image, LEAD)

    assert two == one
    assert len(generated) == 10


def test_cached_pictures_need_no_storage_access(monkeypatch):
    name = stored(imagefiles.photo(size=(400, 300)))
    article = article_with(name)
    expected = renditions.picture(article.lead_image, CARD)

    def refuse(*args, **kwargs):
        raise AssertionError("the storage was asked")

    for method in ("open", "exists", "save"):
        monkeypatch.setattr(FileSystemStorage, method, refuse)

    assert renditions.picture(article.lead_image, CARD) == expected


def test_pictures_shown_before_are_kept_by_the_process(monkeypatch):
    name = stored(imagefiles.photo(size=(400, 300)))
    article = article_with(name)
    focal = (article.lead_image.focal_x, article.lead_image.focal_y)
    expected = renditions.picture(article.lead_image, CARD, focal)

    def refuse(*args, **kwargs):
        raise AssertionError("the rendition set was looked up")

    monkeypatch.setattr(renditions, "_rendition_set", refuse)

    assert renditions.picture(article.lead_image, CARD, focal) is expected


def test_kept_pictures_follow_a_new_media_url(settings):
    name = stored(imagefiles.photo(size=(400, 300)))
    article = article_with(name)
    renditions.picture(article.lead_image, CARD)

    settings.MEDIA_URL = "https://media.example.com/"

    picture = renditions.picture(article.lead_image, CARD)
    assert picture.src.startswith("https://media.example.com/renditions/")


def test_signed_urls_are_not_kept(monkeypatch):
    name = stored(imagefiles.photo(size=(400, 300)))
    article = article_with(name)
    signed = []

    class SigningStorage:
        querystring_auth = True

        def url(self, name):
            signed.append(name)
            return f"https://bucket.example.com/{name}?Signature={len(signed)}"

    monkeypatch.setattr(renditions, "get_storage", SigningStorage)

    first = renditions.picture(article.lead_image, CARD)
    second = renditions.picture(article.lead_image, CARD)

    assert len(signed) == 2 * len(first.modern + first.fallback)
    assert first.src != second.src


def test_picture_markup_offers_webp_then_a_lazy_fallback():
    name = stored(imagefiles.photo(size=(1600, 900)))
    picture = renditions.picture(article_with(name).lead_image, CARD)

    html = picture.html(alt='Boats & "nets"', css_class="card__img")

    sizes = f'sizes="{CARD.sizes}"'
    assert html == (
        f'<picture><source type="image/webp" srcset="{picture.modern_srcset}" '
        f'{sizes}><img src="{picture.src}" srcset="{picture.fallback_srcset}" '
        f'{sizes} width="960" height="540" alt="Boats &amp; &quot;nets&quot;" '
        'class="card__img" loading="lazy" decoding="async"></picture>'
    )


def test_eager_picture_markup_asks_for_it_first():
    name = stored(imagefiles.photo(size=(1600, 900)))
    picture = renditions.picture(article_with(name).lead_image, LEAD)

    html = picture.html(eager=True)

    assert html.endswith(' alt="" loading="eager" fetchpriority="high"></picture>')
    assert "decoding" not in html
    assert " class=" not in html


def test_logo_markup_has_density_descriptors_and_no_sizes():
    name = stored(imagefiles.photo((300, 100), "PNG", "RGBA", (0, 0, 0, 0)), "site")
    picture = renditions.picture(ContentFileField(name), renditions.LOGO)

    html = picture.html(alt="The Costa News", css_class="masthead__logo")

    assert "sizes=" not in html
    assert f'srcset="{picture.fallback_srcset}"' in html
    assert picture.fallback_srcset.endswith(" 2x")
    assert ' width="144" height="48" alt="The Costa News"' in html


def test_missing_source_file_gives_no_picture_and_is_remembered(caplog, monkeypatch):
    article = article_with_missing_file()

    assert renditions.picture(article.lead_image, LEAD) is None
    assert "missing from the storage" in caplog.text
    opened = []
    monkeypatch.setattr(
        FileSystemStorage, "open", lambda *args, **kwargs: opened.append(args)
    )
    assert renditions.picture(article.lead_image, LEAD) is None
    assert opened == []


def test_unreadable_source_file_gives_no_picture():
    name = stored(b"this is not an image")

    assert renditions.picture(article_with(name).lead_image, LEAD) is None


def test_no_image_gives_no_picture():
    assert renditions.picture(Author(name="A").photo, LEAD) is None


def test_transparent_png_keeps_alpha_in_webp_and_gets_a_white_jpeg_fallback():
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    name = stored(imagefiles.encode(image, "PNG"))
    shape = Shape(widths=(300,))

    picture = renditions.picture(article_with(name).lead_image, shape)

    with Image.open(io.BytesIO(read(picture.modern[0].url))) as webp:
        assert webp.mode == "RGBA"
        assert webp.getpixel((5, 5))[3] == 0
    with Image.open(io.BytesIO(read(picture.fallback[0].url))) as jpeg:
        assert jpeg.convert("RGB").getpixel((5, 5)) == (255, 255, 255)


def test_logo_keeps_transparency_with_a_png_fallback():
    name = stored(imagefiles.photo((300, 100), "PNG", "RGBA", (0, 0, 0, 0)), "site")

    picture = renditions.picture(ContentFileField(name), renditions.LOGO)

    assert picture.fallback_type == "image/png"
    assert picture.fallback_srcset.endswith(" 2x")
    assert (picture.width, picture.height) == (144, 48)


class ContentFileField:
    """A stand-in for a stored FieldFile."""

    def __init__(self, name):
        self.name = name
        self.storage = default_storage

    def __bool__(self):
        return True


def test_og_image_is_a_1200_by_630_jpeg_with_an_absolute_url(settings):
    settings.SITE_URL = "https://news.example.org"
    name = stored(imagefiles.photo(size=(2400, 1600)))
    article = article_with(name, lead_image_focal_x=20, lead_image_focal_y=30)

    image = og_image(article)

    assert image.url.startswith("https://news.example.org/media/renditions/")
    assert image.url.endswith(".jpg")
    assert (image.width, image.height) == (1200, 630)
    with Image.open(io.BytesIO(read(image.url.removeprefix(settings.SITE_URL)))) as f:
        assert (f.format, f.size) == ("JPEG", (1200, 630))


def test_og_image_is_none_without_a_usable_lead_image():
    assert og_image(ArticleFactory(published=True)) is None
    assert og_image(article_with_missing_file()) is None


def test_everything_works_on_a_storage_without_local_files(settings, client):
    # Like S3 through django-storages: nothing on disk, only the storage API.
    settings.MEDIA_ROOT = "/nonexistent"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    from django.core.files.storage import storages

    storage = storages["default"]
    author = Author(name="Laura Sánchez", slug="laura")
    author.photo = ContentFile(imagefiles.sideways_photo_with_gps(), name="x.jpg")
    author.save()
    article = ArticleFactory(
        published=True,
        authors=[author],
        lead_image=ContentFile(imagefiles.photo(size=(1600, 900)), name="y.png"),
        lead_image_alt="A photo",
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    names = re.findall(r"/media/(renditions/[^\" ]+)", response.text)
    assert len(names) > 10
    for name in names:
        assert storage.exists(name), name
    assert og_image(article).width == 1200
    with storage.open(author.photo.name) as file:
        assert_upright_without_metadata(file.read(), (40, 60))
