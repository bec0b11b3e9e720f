"""Featured images come from --media-from, checked like any upload."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from articles.models import Article
from images.models import Image as LibraryImage
from tests.imagefiles import photo, png_declaring, sideways_photo_with_gps
from tests.wordpress.conftest import counts, run
from tests.wordpress.exports import attachment, export, post
from wordpress.models import Imported

OLD = "https://old.example.org/wp-content/uploads"


def featured(tmp_path, name: str, **kwargs):
    return export(
        tmp_path,
        attachment(
            501,
            f"{OLD}/2024/02/{name}",
            caption="The harbour at dawn",
            alt="Boats in the harbour",
            credit="Ana García",
        ),
        post(1, slug="with-photo", thumbnail=501, **kwargs),
        post(2, slug="same-photo", thumbnail=501),
    )


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads" / "2024" / "02"
    folder.mkdir(parents=True)
    (folder / "harbour.jpg").write_bytes(sideways_photo_with_gps())
    (folder / "bomb.png").write_bytes(png_declaring(60_000, 60_000))
    return tmp_path / "uploads"


@pytest.mark.django_db
def test_featured_image_from_a_local_copy(tmp_path, uploads, client):
    run(featured(tmp_path, "harbour.jpg"), "--media-from", str(uploads))
    article = Article.objects.get(slug="with-photo")
    # One entry in the media library, with the attachment's details.
    image = LibraryImage.objects.get()
    assert article.lead_image == image
    assert (image.caption, image.alt, image.credit) == (
        "The harbour at dawn",
        "Boats in the harbour",
        "Ana García",
    )
    assert image.uploaded_by is None
    assert article.lead_caption == "The harbour at dawn"
    assert Imported.objects.get(kind=Imported.Kind.IMAGE).wp_id == "501"
    # Stored as any upload is: re-encoded, upright, without the GPS position.
    with default_storage.open(image.file.name) as stored:
        assert b"GPS" not in stored.read()
        stored.seek(0)
        assert Image.open(stored).format == "JPEG"
    # One entry for the two posts that use it, and none more on a second run.
    other = Article.objects.get(slug="same-photo")
    assert other.lead_image == image
    files = sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file())
    before = counts()
    output = run(featured(tmp_path, "harbour.jpg"), "--media-from", str(uploads))
    assert counts() == before
    assert LibraryImage.objects.get() == image
    assert sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file()) == files
    assert "Failed:" not in output
    # The page shows the library's photo with its credit.
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Ana García" in page and "Boats in the harbour" in page
    # The old upload URL, and its resized copies', redirect to the library file.
    response = client.get("/wp-content/uploads/2024/02/harbour.jpg")
    assert response.status_code == 301
    assert response["Location"] == image.file.url
    resized = client.get("/wp-content/uploads/2024/02/harbour-300x200.jpg")
    assert resized["Location"] == image.file.url
    assert client.get("/wp-content/uploads/2024/02/other.jpg").status_code == 404


@pytest.mark.django_db
def test_missing_or_hostile_files_are_reported_and_the_post_imported(tmp_path, uploads):
    output = run(featured(tmp_path, "bomb.png"), "--media-from", str(uploads))
    article = Article.objects.get(slug="with-photo")
    assert article.lead_image is None
    assert not LibraryImage.objects.exists()
    assert "featured image" in output
    assert "megapixels" in output
    assert "the article is imported without it" in output
    output = run(featured(tmp_path, "gone.jpg"), "--media-from", str(uploads))
    assert "gone.jpg is not in" in output
    assert not Imported.objects.filter(kind=Imported.Kind.IMAGE).exists()


@pytest.mark.django_db
def test_without_media_from_images_are_reported(tmp_path):
    output = run(featured(tmp_path, "harbour.jpg"))
    assert "not copied (no --media-from)" in output
    assert Article.objects.count() == 2


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.endswith("slow.jpg"):
            time.sleep(3)
        if self.path.endswith("bomb.png"):
            body = png_declaring(60_000, 60_000)
        elif self.path.endswith("missing.jpg"):
            self.send_error(404)
            return
        else:
            body = photo(size=(80, 60))
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def old_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/wp-content/uploads/"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_featured_image_from_the_old_site(tmp_path, old_site):
    run(featured(tmp_path, "harbour.jpg"), "--media-from", old_site)
    assert Article.objects.get(slug="with-photo").lead_image.credit == "Ana García"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("slow.jpg", "did not answer within 1 s"),
        ("bomb.png", "megapixels"),
        ("missing.jpg", "answered 404"),
    ],
)
def test_bad_downloads_are_reported(tmp_path, old_site, name, reason):
    started = time.monotonic()
    output = run(
        featured(tmp_path, name), "--media-from", old_site, "--media-timeout", "1"
    )
    assert time.monotonic() - started < 10
    assert reason in output
    assert Article.objects.count() == 2
    assert not Article.objects.filter(lead_image__isnull=False).exists()
    assert not LibraryImage.objects.exists()


def with_inline_images(tmp_path):
    content = (
        "Before.\n\n"
        f'[caption id="attachment_501" width="300"]<img src="{OLD}/2024/02/'
        'harbour.jpg" alt="Boats" /> The harbour at dawn[/caption]\n\n'
        '<!-- wp:image --><figure class="wp-block-image"><img src="'
        f'{OLD}/2024/02/bomb.png" alt="Bomb"/><figcaption>Bad</figcaption>'
        "</figure><!-- /wp:image -->\n\nAfter."
    )
    return export(
        tmp_path,
        attachment(501, f"{OLD}/2024/02/harbour.jpg", credit="Ana García"),
        post(1, slug="inline", content=content),
    )


@pytest.mark.django_db
def test_images_in_the_text_become_library_figures(tmp_path, uploads, client):
    path = with_inline_images(tmp_path)
    output = run(path, "--media-from", str(uploads))
    article = Article.objects.get()
    image = LibraryImage.objects.get()
    assert image.credit == "Ana García"
    assert image.alt == "Boats"
    # The figure the body editor inserts, with the post's caption.
    assert (
        f'<figure data-image-id="{image.pk}" data-caption="The harbour at dawn">'
        "</figure>" in article.body
    )
    assert "<!--" not in article.body and "[caption" not in article.body
    # The refused one keeps its old address, and is reported.
    assert f'<a href="{OLD}/2024/02/bomb.png">Bomb</a>' in article.body
    assert "megapixels" in output
    files = sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file())
    assert len(files) == 1
    run(path, "--media-from", str(uploads))
    assert LibraryImage.objects.get() == image
    assert sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file()) == files
    response = client.get("/wp-content/uploads/2024/02/harbour.jpg")
    assert response["Location"] == image.file.url
    # The page draws the photo from the library, with caption and credit.
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="body-figure"' in page
    assert "The harbour at dawn" in page and "Ana García" in page


@pytest.mark.django_db
def test_a_gallery_becomes_a_library_gallery(tmp_path, uploads, client):
    folder = uploads / "2024" / "02"
    (folder / "boats.jpg").write_bytes(photo(size=(90, 60)))
    content = (
        "Pictures.\n\n"
        '<!-- wp:gallery {"linkTo":"none"} --><figure class="wp-block-gallery">'
        '<!-- wp:image {"id":501} --><figure class="wp-block-image"><img src="'
        f'{OLD}/2024/02/harbour-300x200.jpg" alt="" class="wp-image-501"/></figure>'
        "<!-- /wp:image -->"
        f'<!-- wp:image --><figure class="wp-block-image"><img src="{OLD}/2024/02/'
        'boats.jpg" alt="Boats at rest"/></figure><!-- /wp:image -->'
        '<figcaption class="blocks-gallery-caption">Harbour life</figcaption>'
        "</figure><!-- /wp:gallery -->\n\n"
        '[gallery ids="502,501"]'
    )
    path = export(
        tmp_path,
        attachment(501, f"{OLD}/2024/02/harbour.jpg", alt="Harbour", credit="Ana"),
        attachment(502, f"{OLD}/2024/02/gone.jpg", credit="Bo"),
        post(1, slug="gallery", content=content),
    )
    output = run(path, "--media-from", str(uploads))
    harbour = LibraryImage.objects.get(credit="Ana")
    boats = LibraryImage.objects.get(alt="Boats at rest")
    body = Article.objects.get().body
    assert (
        f'<figure data-gallery="{harbour.pk},{boats.pk}" data-caption="Harbour life">'
        "</figure>" in body
    )
    # The shortcode's missing photo stays a link and is reported.
    assert f'<figure data-gallery="{harbour.pk}"></figure>' in body
    assert f'<a href="{OLD}/2024/02/gone.jpg">' in body
    assert "gone.jpg is not in" in output
    assert "shortcode [gallery]" not in output
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert 'class="gallery"' in page and "Harbour life" in page


@pytest.mark.django_db
def test_images_in_the_text_keep_their_address_without_media_from(tmp_path):
    output = run(with_inline_images(tmp_path))
    assert (
        f'<a href="{OLD}/2024/02/harbour.jpg">Boats</a>' in Article.objects.get().body
    )
    assert "not copied (no --media-from)" in output
    assert not LibraryImage.objects.exists()


@pytest.mark.django_db
def test_a_dry_run_adds_nothing_to_the_library(tmp_path, uploads):
    output = run(
        with_inline_images(tmp_path), "--media-from", str(uploads), "--dry-run"
    )
    assert not LibraryImage.objects.exists()
    assert not Article.objects.exists()
    assert "megapixels" in output
    assert not list((tmp_path / "media").rglob("*.jpg"))


@pytest.mark.django_db
def test_the_same_file_is_one_library_image_however_it_is_used(tmp_path, uploads):
    content = f'Resized: <img src="{OLD}/2024/02/harbour-300x200.jpg" alt="Boats">'
    path = export(
        tmp_path,
        attachment(501, f"{OLD}/2024/02/harbour.jpg", credit="Ana"),
        post(1, slug="featured", thumbnail=501),
        post(2, slug="in-the-text", content=content),
    )
    run(path, "--media-from", str(uploads))
    image = LibraryImage.objects.get()
    assert Article.objects.get(slug="featured").lead_image == image
    body = Article.objects.get(slug="in-the-text").body
    assert f'<figure data-image-id="{image.pk}"></figure>' in body


@pytest.mark.django_db
def test_an_image_stays_in_the_library_when_its_post_fails(
    tmp_path, uploads, monkeypatch
):
    from wordpress import importer

    def failing(self, *args):
        raise ValueError("tags went wrong")

    monkeypatch.setattr(importer.Importer, "_set_tags", failing)
    content = (
        f'[caption id="attachment_501"]<img src="{OLD}/2024/02/harbour.jpg" '
        'alt="Boats"> Dawn[/caption]'
    )
    path = export(
        tmp_path,
        attachment(501, f"{OLD}/2024/02/harbour.jpg", credit="Ana"),
        attachment(502, f"{OLD}/2024/02/gone.jpg", credit="Bo"),
        # A featured image: the post is imported on its own (not in a batch).
        post(1, slug="failing", content=content, thumbnail=502),
    )
    output = run(path, "--media-from", str(uploads))
    assert "tags went wrong" in output
    assert not Article.objects.exists()
    assert LibraryImage.objects.count() == 1
    assert len(list((tmp_path / "media").rglob("*.jpg"))) == 1
    assert Imported.objects.get(kind=Imported.Kind.IMAGE).object_id == (
        LibraryImage.objects.get().pk
    )


@pytest.mark.django_db
def test_images_shown_from_other_sites_stay_links(tmp_path, uploads):
    content = 'Seen: <img src="https://cdn.elsewhere.example/harbour.jpg" alt="Far">'
    (uploads / "harbour.jpg").write_bytes(photo())
    output = run(
        export(tmp_path, post(1, slug="far", content=content)),
        "--media-from",
        str(uploads),
    )
    assert not LibraryImage.objects.exists()
    assert (
        '<a href="https://cdn.elsewhere.example/harbour.jpg">Far</a>'
        in Article.objects.get().body
    )
    assert "is not one of the site's uploads" in output


@pytest.mark.django_db
def test_a_file_the_storage_cannot_write_is_reported(tmp_path, uploads, monkeypatch):
    from wordpress import importer

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importer, "add_image", full_disk)
    output = run(with_inline_images(tmp_path), "--media-from", str(uploads))
    assert "No space left on device" in output
    assert (
        f'<a href="{OLD}/2024/02/harbour.jpg">Boats</a>' in Article.objects.get().body
    )
    assert not Imported.objects.filter(kind=Imported.Kind.IMAGE).exists()
