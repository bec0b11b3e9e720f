import ipaddress
from datetime import timedelta
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone
from PIL import Image

from articles.models import Article, Byline, Section
from authors.models import Author
from comments.models import Comment
from newsroom.models import SiteSettings

pytestmark = pytest.mark.django_db

SMALL = ("--articles", "30", "--comments", "60", "--authors", "5")
DOCUMENTATION_NETWORKS = [
    ipaddress.ip_network(network)
    for network in (
        "192.0.2.0/24",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "2001:db8::/32",
    )
]
BODY_TAGS = {
    "p",
    # Library photos, galleries and embeds (issue 15).
    "figure",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "a",
    "blockquote",
    "ul",
    "ol",
    "li",
    "br",
    "hr",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep generated images out of the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        if tag == "a":
            self.links.append(dict(attrs).get("href"))


def test_creates_sections_with_regional_sub_sections():
    load_demo(*SMALL)

    assert Section.objects.count() >= 10
    parent = Section.objects.get(slug="costa-blanca")
    assert set(parent.children.values_list("slug", flat=True)) == {
        "costa-blanca-north",
        "costa-blanca-south",
    }
    assert not Section.objects.filter(description="").exists()
    orders = list(Section.objects.values_list("menu_order", flat=True))
    assert len(set(orders)) == len(orders)


def test_creates_authors_with_and_without_photos():
    load_demo(*SMALL)

    authors = list(Author.objects.all())
    assert len(authors) == 5
    with_photo = [author for author in authors if author.photo]
    assert 0 < len(with_photo) < len(authors)
    for author in with_photo:
        with Image.open(author.photo.path) as image:
            assert image.format == "JPEG"
            assert image.size == (400, 400)
    for author in authors:
        assert author.job_title
        assert author.bio
        assert author.email.endswith(".example")


def test_creates_articles_in_every_status():
    load_demo(*SMALL)

    assert Article.objects.count() == 30
    assert Article.objects.drafts().exists()
    assert Article.objects.in_review().exists()
    assert Article.objects.scheduled().exists()
    published = Article.objects.published()
    assert published.count() == (
        Article.objects.filter(status=Article.Status.PUBLISHED).count()
        - Article.objects.scheduled().count()
    )
    newest = published.first()
    assert timezone.now() - newest.published_at < timedelta(hours=12)
    assert not Article.objects.filter(
        status=Article.Status.PUBLISHED, created_at__gt=F("published_at")
    ).exists()
    assert not Article.objects.filter(updated_at__lt=F("created_at")).exists()
    assert not Article.objects.filter(
        status__in=[Article.Status.DRAFT, Article.Status.IN_REVIEW],
        published_at__isnull=False,
    ).exists()


def test_articles_have_texts_bylines_and_tags():
    load_demo(*SMALL)

    for article in Article.objects.prefetch_related("bylines", "tags"):
        assert article.headline
        assert article.standfirst
        assert len(article.seo_headline) <= 110
        assert "<blockquote><p>" in article.body
        assert "<h2>" in article.body
        parser = TagCollector()
        parser.feed(article.body)
        assert parser.tags <= BODY_TAGS
        assert all(link and link.startswith("https://") for link in parser.links)
        positions = [byline.position for byline in article.bylines.all()]
        assert positions == list(range(len(positions)))
        assert 1 <= len(positions) <= 2
        assert article.tags.all()
    assert Byline.objects.count() >= 30


def test_lead_images_are_shared_real_jpegs():
    load_demo(*SMALL)

    with_image = Article.objects.exclude(lead_image=None)
    assert with_image.exists()
    names = set(with_image.values_list("lead_image__file", flat=True))
    assert len(names) <= 24
    for article in with_image:
        assert article.lead_image.alt
        assert article.lead_image_caption
        assert article.lead_image.credit
        with Image.open(article.lead_image.file.path) as image:
            assert image.format == "JPEG"
            assert image.size == (article.lead_image.width, article.lead_image.height)
            assert image.size == (1600, 900)


def test_creates_comments_in_every_state_with_valid_replies():
    load_demo(*SMALL)

    assert Comment.objects.count() == 60
    assert set(Comment.objects.values_list("status", flat=True)) == set(
        Comment.Status.values
    )
    published = set(Article.objects.published().values_list("pk", flat=True))
    for comment in Comment.objects.select_related("article", "parent"):
        assert comment.article_id in published
        assert comment.article.published_at <= comment.created_at <= timezone.now()
        assert comment.email.endswith("@example.org")
        address = ipaddress.ip_address(comment.ip_address)
        assert any(address in network for network in DOCUMENTATION_NETWORKS)
        assert comment.user_agent
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.exists()
    for reply in replies:
        assert reply.parent.status == Comment.Status.APPROVED
        assert reply.parent.parent_id is None
        assert reply.parent.article_id == reply.article_id
        assert reply.created_at > reply.parent.created_at


def test_fills_empty_site_settings():
    load_demo(*SMALL)

    site = SiteSettings.load()
    assert site.site_name == "Costa Blanca Today"
    assert site.call_to_action
    assert site.facebook_url.startswith("https://www.facebook.com/")
    assert site.instagram_url.startswith("https://www.instagram.com/")
    assert site.x_url.startswith("https://x.com/")
    assert site.contact_email


def test_keeps_site_settings_an_editor_changed():
    SiteSettings.objects.create(pk=1, site_name="The Marina Post")

    load_demo(*SMALL)

    site = SiteSettings.load()
    assert site.site_name == "The Marina Post"
    assert site.call_to_action == ""


def test_adds_nothing_when_articles_exist():
    load_demo(*SMALL)
    counts = (Article.objects.count(), Comment.objects.count(), Author.objects.count())

    output = load_demo(*SMALL)

    assert "--force" in output
    assert (
        Article.objects.count(),
        Comment.objects.count(),
        Author.objects.count(),
    ) == counts


def test_force_adds_more_with_unique_slugs():
    load_demo(*SMALL)
    sections = Section.objects.count()

    load_demo(*SMALL, "--force")

    assert Article.objects.count() == 60
    assert Comment.objects.count() == 120
    assert Author.objects.count() == 5
    assert Section.objects.count() == sections
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == len(slugs)


def test_prints_a_summary():
    output = load_demo(*SMALL)

    assert "Demo content loaded" in output
    assert "30:" in output
    assert "60:" in output


def test_is_silent_with_verbosity_zero():
    assert load_demo(*SMALL, "--verbosity", "0") == ""
    assert Article.objects.count() == 30


def test_backdates_articles_and_restores_automatic_timestamps():
    load_demo(*SMALL)

    oldest = Article.objects.published().last()
    assert timezone.now() - oldest.created_at > timedelta(days=30)
    assert Article._meta.get_field("created_at").auto_now_add is True
    assert Article._meta.get_field("updated_at").auto_now is True


def test_includes_one_running_and_one_ended_live_blog(client):
    output = load_demo(*SMALL)

    running = Article.objects.published().live().get()
    ended = Article.objects.published().filter(coverage_ended_at__isnull=False).get()
    assert running.is_live is True
    assert ended.is_live is False
    assert ended.coverage_ended_at <= timezone.now()
    for article in (running, ended):
        entries = list(article.live_entries.order_by("id"))
        assert len(entries) >= 10
        times = [entry.created_at for entry in entries]
        assert times == sorted(times)
        assert article.coverage_started_at <= times[0] <= timezone.now()
        assert any(entry.is_key_event for entry in entries)
        assert all(entry.author_id for entry in entries)
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200
        assert entries[-1].body in page.content.decode()
    assert running.live_entries.filter(is_pinned=True).count() == 1
    assert "2 (one running, one ended)" in output


def test_demo_library_is_reused_has_expiring_rights_and_inline_media(client):
    from images.models import Image

    load_demo(*SMALL)

    assert Image.objects.count() <= 24
    assert Image.objects.expiring_soon().exists()
    assert Image.objects.filter(lead_articles__isnull=False).distinct().count() < (
        Article.objects.exclude(lead_image=None).count()
    )
    stories = Article.objects.published().filter(body__contains="<figure")
    bodies = " ".join(stories.values_list("body", flat=True))
    assert "data-image-id=" in bodies
    assert "data-gallery=" in bodies
    assert bodies.count("data-embed=") >= 2
    richest = max(stories, key=lambda story: story.body.count("<figure"))
    page = client.get(richest.get_absolute_url()).content.decode()
    assert 'class="body-figure"' in page
    assert 'class="gallery"' in page
    assert "embed embed--youtube" in page
