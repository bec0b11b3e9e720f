"""Lead images on the site and in the admin: markup, loading, alt text, uploads."""

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from images.models import Image
from newsroom.models import SiteSettings
from tests import imagefiles
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 18, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)


class Images(HTMLParser):
    """Collect <img> and <source> elements, and whether each sits in a <figure>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.images: list[dict] = []
        self.sources: list[dict] = []
        self._figures = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "figure":
            self._figures += 1
        elif tag == "img":
            self.images.append(attributes | {"in_figure": self._figures > 0})
        elif tag == "source":
            self.sources.append(attributes)

    def handle_endtag(self, tag):
        if tag == "figure":
            self._figures -= 1


def urls(element: dict) -> list[str]:
    candidates = [element.get("src", "")] + [
        candidate.strip().split(" ")[0]
        for candidate in element.get("srcset", "").split(",")
        if candidate.strip()
    ]
    return [url for url in candidates if url]


def assert_no_broken_images(html: str):
    """Every image and source URL on the page names a stored file."""
    page = Images(html)
    for element in page.images + page.sources:
        for url in urls(element):
            assert url.startswith("/media/"), url
            assert default_storage.exists(url.removeprefix("/media/")), url


def stored_photo(size=(1600, 900)) -> str:
    return default_storage.save(
        "articles/2025/06/pool.jpg", ContentFile(imagefiles.photo(size=size))
    )


@pytest.fixture
def article():
    return ArticleFactory(
        published=True,
        published_at=datetime(2025, 6, 10, 12, 0, tzinfo=UTC),
        lead_image=stored_photo(),
        lead_image_alt="Boats in the harbour at Dénia",
        lead_image_caption="The harbour at Dénia on Monday.",
        lead_image_credit="Image Twitter@Dust",
        headline="Dénia harbour reopens",
    )


def test_article_page_lead_image_is_responsive_eager_and_captioned(client, article):
    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    page = Images(response.text)
    (lead,) = [image for image in page.images if image["in_figure"]]
    assert lead["alt"] == "Boats in the harbour at Dénia"
    assert (lead["width"], lead["height"]) == ("1600", "900")
    assert lead["loading"] == "eager"
    assert lead["fetchpriority"] == "high"
    assert "decoding" not in lead
    assert lead["sizes"] == "(min-width: 42rem) 40rem, calc(100vw - 2rem)"
    assert re.fullmatch(r"(\S+\.jpg \d+w, )+\S+\.jpg 1600w", lead["srcset"])
    assert lead["src"].endswith(".jpg")
    webp = [s for s in page.sources if s["srcset"].startswith(lead["src"][:40])]
    assert webp[0]["type"] == "image/webp"
    assert re.fullmatch(
        r"\S+\.webp 320w, \S+\.webp 640w, \S+\.webp 960w, \S+\.webp 1280w, "
        r"\S+\.webp 1600w",
        webp[0]["srcset"],
    )
    assert article.lead_image.file.url not in response.text  # only renditions
    assert "The harbour at Dénia on Monday." in response.text
    assert '<span class="credit">Image Twitter@Dust</span>' in response.text
    assert_no_broken_images(response.text)


def test_every_image_but_the_lead_loads_lazily(client, article):
    author = AuthorFactory(with_photo=True)
    article.bylines.update(author=author)

    response = client.get(article.get_absolute_url())

    others = [image for image in Images(response.text).images if not image["in_figure"]]
    assert others, "the byline photo and author box photo are images too"
    for image in others:
        assert image["loading"] == "lazy", image
        assert image["decoding"] == "async", image
        assert "fetchpriority" not in image
        assert image["width"] and image["height"]
    assert_no_broken_images(response.text)


def test_list_thumbnails_are_16_by_9_lazy_with_width_and_height(client, article):
    ArticleFactory(
        published=True,
        section=article.section,
        lead_image=stored_photo((800, 800)),
        lead_image_alt="A square photo",
    )

    response = client.get(article.section.get_absolute_url())

    images = Images(response.text).images
    assert len(images) == 2
    for image in images:
        assert image["loading"] == "lazy"
        assert image["decoding"] == "async"
        assert image["alt"] == ""  # the headline beside it says it all
        assert round(int(image["width"]) / int(image["height"]), 2) == 1.78
        assert re.fullmatch(r"\S+ 320w, \S+ 640w, \S+ (800|960)w", image["srcset"])
    assert_no_broken_images(response.text)


def test_home_top_story_image_loads_eagerly_and_the_rest_lazily(client, article):
    ArticleFactory.create_batch(
        3, published=True, lead_image=stored_photo(), lead_image_alt="Photo"
    )

    response = client.get("/")

    images = Images(response.text).images
    eager = [image for image in images if image.get("loading") == "eager"]
    assert len(eager) == 1
    assert eager[0]["fetchpriority"] == "high"
    assert len(images) == 4
    assert all(image["loading"] == "lazy" for image in images if image not in eager)
    assert_no_broken_images(response.text)


def test_missing_image_file_shows_no_image_and_no_error(client, caplog):
    article = ArticleFactory(
        published=True,
        lead_image="articles/2025/06/deleted.jpg",
        lead_image_width=1600,
        lead_image_height=900,
        lead_image_alt="Gone",
        lead_image_caption="A caption about a photo that is gone",
    )

    for url in [article.get_absolute_url(), "/", article.section.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<img" not in response.text, url
        assert "<figure" not in response.text, url
        assert "deleted" not in response.text, url
    assert "missing from the storage" in caplog.text


@pytest.mark.parametrize(
    "url",
    ["/", "/section/costa-blanca/", "/2025/", "/author/laura/", "/tag/tourism/"],
)
def test_images_add_no_queries_per_article_on_list_pages(
    client, url, django_assert_max_num_queries
):
    SiteSettings.load()
    section = SectionFactory(slug="costa-blanca")
    author = AuthorFactory(slug="laura", with_photo=True)
    photos = [stored_photo((640, 360)) for _ in range(3)]

    def publish(count):
        for index in range(count):
            ArticleFactory(
                published=True,
                published_at=datetime(2025, 6, 10, 12, index, tzinfo=UTC),
                section=section,
                authors=[author, AuthorFactory(with_photo=True)],
                tags=["Tourism"],
                lead_image=photos[index % 3],
                lead_image_alt="Photo",
            )

    publish(5)
    client.get(url)  # make the renditions
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(url).status_code == 200
    baseline_count = len(baseline)  # captured_queries is read lazily from the log
    publish(20)
    client.get(url)

    with django_assert_max_num_queries(baseline_count):
        response = client.get(url)
    # The front page shows a few cards and lists the rest as headlines.
    assert len(Images(response.text).images) >= (5 if url == "/" else 19)


def test_article_with_lead_image_needs_alt_text_to_be_published():
    article = ArticleFactory(
        published=True, lead_image=stored_photo(), lead_image_alt="  "
    )

    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["tags"])

    assert error.value.message_dict["lead_image_alt"] == [
        "Describe the lead image for readers who can't see it: an article with a "
        "lead image needs alt text to be published or scheduled."
    ]


@pytest.mark.parametrize("trait", ["draft", "in_review"])
def test_drafts_need_no_alt_text(trait):
    article = ArticleFactory(lead_image=stored_photo(), **{trait: True})

    article.full_clean(exclude=["tags"])


def test_published_article_without_lead_image_needs_no_alt_text():
    ArticleFactory(published=True).full_clean(exclude=["tags"])


def test_scheduled_article_with_lead_image_needs_alt_text():
    article = ArticleFactory(scheduled=True, lead_image=stored_photo())

    with pytest.raises(ValidationError, match="needs alt text"):
        article.full_clean(exclude=["tags"])


def test_focal_point_must_lie_in_the_image():
    # The focal point is the library entry's (images.Image) since issue 15.
    image = ArticleFactory(with_lead_image=True).lead_image
    image.focal_x = 101

    with pytest.raises(ValidationError) as error:
        image.full_clean(exclude=["tags"])
    assert "focal_x" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.filter(pk=image.pk).update(focal_y=150)


# Real admin POSTs -----------------------------------------------------------


class FormFields(HTMLParser):
    """Read the values a browser would send for a form's fields."""

    def __init__(self, html: str, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.data: dict[str, str] = {}
        self._inside = False
        self._select = None
        self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._inside = attributes.get("id") == self.form_id
        if not self._inside or "name" not in attributes and tag != "option":
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data[attributes["name"]] = attributes.get("value", default)
        elif tag == "select":
            self._select = attributes["name"]
        elif tag == "option" and self._select:
            if "selected" in attributes or self._select not in self.data:
                self.data[self._select] = attributes.get("value", "")
        elif tag == "textarea":
            self._textarea = attributes["name"]
            self.data[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def post_admin_form(client, url: str, form_id: str, changes: dict):
    page = client.get(url)
    assert page.status_code == 200
    data = FormFields(page.text, form_id).data | changes
    return client.post(url, {k: v for k, v in data.items() if v is not None})


BAD_FILES = {
    "text named .jpg": ("notes.jpg", imagefiles.TEXT_FILE, "isn't a JPEG, PNG"),
    "svg with script": ("x.svg", imagefiles.SVG_WITH_SCRIPT, "SVG drawings"),
    "truncated jpeg": ("cut.jpg", imagefiles.truncated_jpeg(), "damaged"),
    "decompression bomb": (
        "bomb.png",
        imagefiles.png_declaring(100_000, 100_000),
        "megapixels allowed",
    ),
}


@pytest.mark.parametrize("name, data, message", BAD_FILES.values(), ids=BAD_FILES)
def test_admin_refuses_bad_author_photos_with_a_form_error(
    client, superuser, name, data, message
):
    client.force_login(superuser)

    response = post_admin_form(
        client,
        reverse("admin:authors_author_add"),
        "author_form",
        {
            "name": "Laura Sánchez",
            "slug": "laura",
            "photo": imagefiles.upload(name, data),
        },
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["photo"])
    assert message in response.text.replace("&#x27;", "'")


def test_admin_refuses_an_oversized_site_logo(client, superuser, settings):
    settings.NEWSROOM_MAX_UPLOAD_SIZE = 5_000
    SiteSettings.load()
    client.force_login(superuser)

    response = post_admin_form(
        client,
        reverse("admin:newsroom_sitesettings_change", args=(1,)),
        "sitesettings_form",
        {"logo": imagefiles.upload("logo.jpg", imagefiles.noisy_jpeg())},
    )

    assert response.status_code == 200
    assert "images can be at most" in str(response.context["adminform"].form.errors)
    assert SiteSettings.load().logo.name == ""


def test_admin_stores_an_uploaded_author_photo_clean(client, superuser):
    client.force_login(superuser)

    response = post_admin_form(
        client,
        reverse("admin:authors_author_add"),
        "author_form",
        {
            "name": "Laura Sánchez",
            "slug": "laura",
            "photo": imagefiles.upload(
                "IMG_1.jpg", imagefiles.sideways_photo_with_gps()
            ),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    from authors.models import Author
    from tests.images.test_safe_uploads import assert_upright_without_metadata

    photo = Author.objects.get(slug="laura").photo
    with photo.open("rb") as file:
        assert_upright_without_metadata(file.read(), (40, 60))
    page = client.get(Author.objects.get().get_absolute_url())
    assert "badge--initials" not in page.text
    assert_no_broken_images(page.text)


def test_admin_refuses_a_text_file_as_lead_image(client, editor):
    client.force_login(editor)
    section = SectionFactory()
    author = AuthorFactory()

    response = post_admin_form(
        client,
        reverse("admin:articles_article_add"),
        "article_form",
        {
            "headline": "Storm closes the AP-7",
            "slug": "storm",
            "body": "<p>Text.</p>",
            "section": str(section.pk),
            "bylines-0-author": str(author.pk),
            "lead_image": imagefiles.upload("storm.jpg", imagefiles.HTML_PAGE),
            "lead_image_alt": "Storm",
        },
    )

    assert response.status_code == 200
    assert "isn't a JPEG, PNG, WebP or GIF image" in " ".join(
        response.context["adminform"].form.errors["lead_image"]
    )
    assert Article.objects.exists() is False


def test_admin_asks_for_alt_text_before_publishing_with_a_lead_image(client, editor):
    client.force_login(editor)
    section = SectionFactory()
    author = AuthorFactory()

    response = post_admin_form(
        client,
        reverse("admin:articles_article_add"),
        "article_form",
        {
            "headline": "Storm closes the AP-7",
            "slug": "storm",
            "body": "<p>Text.</p>",
            "section": str(section.pk),
            "bylines-0-author": str(author.pk),
            "lead_image": imagefiles.upload("storm.jpg", imagefiles.photo()),
            "lead_image_alt": "",
            "lead_image_focal_x": "30",
            "lead_image_focal_y": "60",
            "workflow_action": "publish",
        },
    )

    assert response.status_code == 200
    assert "needs alt text to be published" in " ".join(
        response.context["adminform"].form.errors["lead_image_alt"]
    )
    assert Article.objects.exists() is False


def test_admin_publishes_an_uploaded_lead_image_with_its_focal_point(client, editor):
    client.force_login(editor)
    section = SectionFactory()
    author = AuthorFactory()

    response = post_admin_form(
        client,
        reverse("admin:articles_article_add"),
        "article_form",
        {
            "headline": "Storm closes the AP-7",
            "slug": "storm",
            "body": "<p>Text.</p>",
            "section": str(section.pk),
            "bylines-0-author": str(author.pk),
            "lead_image": imagefiles.upload(
                "IMG_2.jpg", imagefiles.sideways_photo_with_gps()
            ),
            "lead_image_alt": "Lorries queue in the rain",
            "lead_image_credit": "Laura Sánchez",
            "lead_image_focal_x": "30",
            "lead_image_focal_y": "60",
            "workflow_action": "publish",
        },
    )

    assert response.status_code == 302
    article = Article.objects.get(slug="storm")
    assert article.is_published is True
    assert (article.lead_image.focal_x, article.lead_image.focal_y) == (30, 60)
    assert (article.lead_image.width, article.lead_image.height) == (40, 60)
    assert "IMG" not in article.lead_image.file.name
    page = client.get(article.get_absolute_url())
    assert 'alt="Lorries queue in the rain"' in page.text
    assert_no_broken_images(page.text)


def test_admin_lead_image_has_a_focal_point_picker(client, editor, article):
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_change", args=(article.pk,)))

    assert response.status_code == 200
    assert (
        '<div class="focal-point" data-x-field="id_lead_image_focal_x" '
        'data-y-field="id_lead_image_focal_y">'
    ) in response.text
    assert 'name="lead_image_focal_x"' in response.text
    assert "js/admin/focal_point.js" in response.text
    preview = response.text.split('class="focal-point"', 1)[1].split("</div>")[0]
    assert_no_broken_images(preview)
