"""Featured images come from --media-from, checked like any upload."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from articles.models import Article
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
    assert article.lead_image
    assert article.lead_image_caption == "The harbour at dawn"
    assert article.lead_image_alt == "Boats in the harbour"
    assert article.lead_image_credit == "Ana García"
    # Stored as any upload is: re-encoded, without the GPS position.
    with default_storage.open(article.lead_image.name) as stored:
        assert b"GPS" not in stored.read()
        stored.seek(0)
        assert Image.open(stored).format == "JPEG"
    # One file for the two posts that use it, and none more on a second run.
    other = Article.objects.get(slug="same-photo")
    assert other.lead_image.name == article.lead_image.name
    files = sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file())
    before = counts()
    output = run(featured(tmp_path, "harbour.jpg"), "--media-from", str(uploads))
    assert counts() == before
    assert sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file()) == files
    assert "Failed:" not in output
    # The old upload URL redirects to the stored file.
    response = client.get("/wp-content/uploads/2024/02/harbour.jpg")
    assert response.status_code == 301
    assert response["Location"] == default_storage.url(article.lead_image.name)
    assert client.get("/wp-content/uploads/2024/02/other.jpg").status_code == 404


@pytest.mark.django_db
def test_missing_or_hostile_files_are_reported_and_the_post_imported(tmp_path, uploads):
    output = run(featured(tmp_path, "bomb.png"), "--media-from", str(uploads))
    article = Article.objects.get(slug="with-photo")
    assert not article.lead_image
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
    assert Article.objects.get(slug="with-photo").lead_image


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
    assert not Article.objects.exclude(lead_image="").exists()


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
def test_images_in_the_text_are_copied_with_caption_and_credit(
    tmp_path, uploads, client
):
    path = with_inline_images(tmp_path)
    output = run(path, "--media-from", str(uploads))
    body = Article.objects.get().body
    link = Imported.objects.get(kind=Imported.Kind.IMAGE)
    stored_url = default_storage.url(link.stored_name)
    assert f'<a href="{stored_url}">Boats</a>' in body
    assert "The harbour at dawn (Ana García)" in body
    assert "<!--" not in body and "[caption" not in body
    # The refused one keeps its old address, and is reported.
    assert f'<a href="{OLD}/2024/02/bomb.png">Bomb</a>' in body
    assert "megapixels" in output
    files = sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file())
    assert len(files) == 1
    run(path, "--media-from", str(uploads))
    assert sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file()) == files
    response = client.get("/wp-content/uploads/2024/02/harbour.jpg")
    assert response["Location"] == stored_url


@pytest.mark.django_db
def test_images_in_the_text_keep_their_address_without_media_from(tmp_path):
    run(with_inline_images(tmp_path))
    assert (
        f'<a href="{OLD}/2024/02/harbour.jpg">Boats</a>' in Article.objects.get().body
    )
