"""Media on S3-compatible object storage (django-storages), by settings alone.

moto's in-process S3 stands in for the real service: boto3 talks to it exactly as
to S3, so what is checked is what django-storages sends.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from moto import mock_aws

from articles.models import Article
from tests import imagefiles
from tests.articles.admin_forms import form_data
from tests.articles.factories import SectionFactory
from tests.authors.factories import AuthorFactory
from tests.newsroom.appservers import BASE_DIR, settings_in_subprocess

BUCKET = "news-media"
S3_ORIGIN = f"https://{BUCKET}.s3.amazonaws.com"


@pytest.fixture
def bucket(settings, monkeypatch):
    """Make an S3 bucket (moto) the default storage, as AWS_* settings would."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.AWS_STORAGE_BUCKET_NAME = BUCKET
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "images.storage.MediaS3Storage"},
        }
        yield s3


def objects(s3) -> dict[str, dict]:
    """Return the bucket's objects by key, with their stored headers."""
    listing = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: s3.head_object(Bucket=BUCKET, Key=item["Key"]) for item in listing
    }


@pytest.mark.django_db
def test_an_uploaded_lead_image_and_its_renditions_go_to_the_bucket(
    bucket, client, editor, settings
):
    client.force_login(editor)
    url = reverse("admin:articles_article_add")
    fields = form_data(client.get(url).text) | {
        "headline": "Storm closes the AP-7",
        "slug": "storm-closes-the-ap-7",
        "body": "<p>The motorway is shut near Altea.</p>",
        "section": str(SectionFactory().pk),
        "bylines-0-author": str(AuthorFactory().pk),
        "lead_image": imagefiles.upload("storm.jpg", imagefiles.photo((1600, 900))),
        "lead_image_alt": "Lorries queue on the AP-7",
        "lead_image_credit": "DGT",
        "workflow_action": "publish",
    }

    saved = client.post(url, fields)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    article = Article.objects.get(slug="storm-closes-the-ap-7")
    page = client.get(article.get_absolute_url())

    stored = objects(bucket)
    assert article.lead_image.file.name in stored
    renditions = {
        key: head for key, head in stored.items() if key.startswith("renditions/")
    }
    types = {head["ContentType"] for head in renditions.values()}
    assert types == {"image/webp", "image/jpeg"}
    assert all("ContentDisposition" not in head for head in renditions.values())
    image_urls = re.findall(r'(?:src|srcset)="([^" ]+)', page.text)
    lead_urls = [u for u in image_urls if urlsplit(u).path.lstrip("/") in stored]
    assert lead_urls, "the page shows renditions from the bucket"
    assert all(u.startswith(f"{S3_ORIGIN}/renditions/") for u in lead_urls)
    # Nothing was written to the local media folder.
    assert not Path(settings.MEDIA_ROOT).exists() or not any(
        Path(settings.MEDIA_ROOT).rglob("*.*")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("articles/photo.jpg", "image/jpeg"),
        ("renditions/photo.webp", "image/webp"),
        ("articles/page.html", None),
        ("articles/drawing.svg", None),
        ("articles/noextension", None),
    ],
)
def test_only_raster_images_are_served_inline_from_the_bucket(
    bucket, name, content_type
):
    saved = default_storage.save(name, ContentFile(b"<script>alert(1)</script>"))

    head = bucket.head_object(Bucket=BUCKET, Key=saved)

    if content_type:
        assert head["ContentType"] == content_type
        assert "ContentDisposition" not in head
    else:
        assert head["ContentType"] == "application/octet-stream"
        assert head["ContentDisposition"] == "attachment"
    assert head["CacheControl"] == "public, max-age=31536000, immutable"


def test_media_urls_are_plain_public_urls(bucket):
    url = default_storage.url("articles/photo.jpg")

    assert url == f"{S3_ORIGIN}/articles/photo.jpg"


S3_CONFIGURATIONS = {
    "aws": {"AWS_STORAGE_BUCKET_NAME": BUCKET},
    "aws-region": {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_REGION_NAME": "eu-west-1",
    },
    "s3-compatible": {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.example.net",
    },
    "s3-compatible-virtual-hosts": {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.example.net",
        "AWS_S3_ADDRESSING_STYLE": "virtual",
    },
    "cdn": {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
    },
}


@pytest.mark.parametrize("variables", S3_CONFIGURATIONS.values(), ids=S3_CONFIGURATIONS)
def test_settings_alone_switch_media_to_s3_and_the_csp_allows_its_urls(variables):
    backend, url, img_src = settings_in_subprocess(
        variables
        | {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"},
        "settings.STORAGES['default']['BACKEND']",
        "storages['default'].url('renditions/ab/cd.webp')",
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']",
    )

    assert backend == "images.storage.MediaS3Storage"
    parts = urlsplit(url)
    assert parts.path.endswith("/renditions/ab/cd.webp")
    assert not parts.query, "media URLs are not signed"
    assert f"{parts.scheme}://{parts.netloc}" in img_src


def test_no_app_code_reads_media_from_local_paths():
    """Media go only through the storage API, so any storage backend works."""
    patterns = {
        r"\b(?:\w*image|photo|logo|file)\.path\b": "FieldFile.path (local files only)",
        r"\bsettings\.MEDIA_ROOT\b": "MEDIA_ROOT",
        r"\bos\.path\b": "os.path",
        r"\bstorage\.path\(": "storage.path()",
    }
    allowed = {
        # Development-only serving of MEDIA_ROOT with DEBUG on.
        ("newsroom/urls.py", "MEDIA_ROOT"),
    }
    offenders = []
    for app in ("articles", "authors", "comments", "newsroom"):
        for path in (BASE_DIR / app).rglob("*.py"):
            relative = str(path.relative_to(BASE_DIR))
            if "migrations" in path.parts or relative == "newsroom/settings.py":
                continue
            for line in path.read_text().splitlines():
                code = line.split("#", 1)[0]
                for pattern, what in patterns.items():
                    if re.search(pattern, code) and (relative, what) not in allowed:
                        offenders.append(f"{relative}: {what}: {line.strip()}")

    assert offenders == []
