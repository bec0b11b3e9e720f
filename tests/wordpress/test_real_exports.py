"""Real WordPress exports: what the file holds is what the site gets."""

import pytest
import time_machine
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Section
from authors.models import Author
from comments.models import Comment
from tests.wordpress.conftest import counts, run
from tests.wordpress.exports import expected, shared_export
from wordpress.models import Imported

REAL_EXPORTS = [
    "themeunittestdata.wordpress.xml",
    "small-export.xml",
    "valid-wxr-1.0.xml",
    "valid-wxr-1.1.xml",
    "slashes.xml",
    "term-formats.xml",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", REAL_EXPORTS)
def test_counts_match_the_file(name):
    path = shared_export(name)
    wanted = expected(path)
    output = run(path)
    assert Article.objects.count() == wanted["articles"]
    assert Comment.objects.count() == wanted["comments"]
    assert Author.objects.count() == wanted["authors"]
    assert (
        Imported.objects.filter(kind=Imported.Kind.SECTION).count()
        >= wanted["categories"]
    )
    assert Imported.objects.filter(kind=Imported.Kind.TAG).count() == wanted["tags"]
    assert Tag.objects.count() <= wanted["tags"]
    assert "Import finished." in output
    assert "Failed:" not in output


@pytest.mark.django_db
@pytest.mark.parametrize("name", REAL_EXPORTS)
def test_second_run_duplicates_nothing(name):
    run(shared_export(name))
    first = counts()
    output = run(shared_export(name))
    assert counts() == first
    assert " created" in output
    article_row = next(
        line for line in output.splitlines() if line.startswith("articles")
    )
    assert article_row.split()[1] == "0"  # nothing created the second time


@pytest.mark.django_db
@time_machine.travel("2026-12-07 12:00:00+00:00", tick=False)
def test_states_are_mapped():
    run(shared_export("themeunittestdata.wordpress.xml"))
    scheduled = Article.objects.get(slug="scheduled")
    assert scheduled.is_scheduled is True
    assert scheduled.published_at.year == 2030
    draft = Article.objects.get(slug="draft")
    assert draft.status == Article.Status.DRAFT
    assert draft.published_at is None
    # Password-protected posts are not made public.
    protected = Article.objects.get(headline__contains="Password Protected")
    assert protected.status == Article.Status.DRAFT
    published = Article.objects.published()
    assert (
        published.count()
        == Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        ).count()
    )
    # Publication time comes from post_date_gmt.
    assert scheduled.published_at.isoformat() == "2030-01-01T19:00:18+00:00"


@pytest.mark.django_db
def test_small_export_states_and_sections():
    run(shared_export("small-export.xml"))
    statuses = dict(Article.objects.values_list("slug", "status").order_by("slug"))
    assert Article.Status.DRAFT in statuses.values()
    assert list(statuses.values()).count(Article.Status.PUBLISHED) == 5
    # A child category is a regional edition of its parent.
    child = Section.objects.get(slug="foo-bar")
    assert child.parent.slug == "bar"


@pytest.mark.django_db
def test_deeper_categories_fold_into_their_regional_edition():
    output = run(shared_export("themeunittestdata.wordpress.xml"))
    link = Imported.objects.get(
        kind=Imported.Kind.SECTION, legacy_path="parent/child-1/child-2"
    )
    child_1 = Section.objects.get(slug="child-1")
    assert child_1.parent.slug == "parent"
    assert link.object_id == child_1.pk
    assert not Section.objects.filter(slug="child-2").exists()
    assert "“Child 2” is nested 3 levels deep" in output


@pytest.mark.django_db
def test_comment_states_and_threads():
    run(shared_export("themeunittestdata.wordpress.xml"))
    # Three comments wait for moderation in the file; two of them are pingbacks
    # or trackbacks, which are not imported.
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 1
    assert Comment.objects.filter(status=Comment.Status.APPROVED).count() == (
        Comment.objects.count() - 1
    )
    replies = Comment.objects.filter(parent__isnull=False)
    assert replies.count() >= 5
    # Deeper replies hang from the comment that started the thread.
    assert not replies.filter(parent__parent__isnull=False).exists()
    assert all(reply.parent.article_id == reply.article_id for reply in replies)
    # Name, email, IP and time come from the export.
    first = Comment.objects.order_by("created_at").first()
    assert first.name and first.created_at.year < 2020


@pytest.mark.django_db
def test_authors_link_login_users_by_email(django_user_model):
    user = django_user_model.objects.create_user("ed", email="Editor@Example.org")
    run(shared_export("small-export.xml"))
    author = Author.objects.get(email="editor@example.org")
    assert author.user == user
    assert author.name == "editor"


@pytest.mark.django_db
def test_slashes_survive():
    run(shared_export("slashes.xml"))
    article = Article.objects.get()
    assert "\\" in article.body
    assert "\\" in Comment.objects.get().body


@pytest.mark.django_db
def test_pages_menus_and_attachments_are_reported_as_skipped():
    output = run(shared_export("themeunittestdata.wordpress.xml"))
    assert "21 pages" in output
    assert "70 menu items" in output
    assert "attachments without posts" in output
    # Providers Newsroom embeds become its embeds; others stay links.
    assert "wordpress.tv" in output and "kept as a link" in output
    bodies = " ".join(Article.objects.values_list("body", flat=True))
    for url in (
        "https://www.youtube.com/watch?v=SQEQr7c0-dw",
        "https://twitter.com/nacin/status/319508408669708289",
    ):
        assert f'<figure data-embed="{url}"></figure>' in bodies
    assert "data-embed=" in bodies and "instagram.com/p/BpmueLLgEn_" in bodies
    # Galleries' photos are the export's attachments (links without
    # --media-from), never a shortcode left in the text.
    assert "shortcode [gallery]" not in output
    assert "[gallery" not in bodies


@pytest.mark.django_db(transaction=True)
def test_nobody_is_notified(django_user_model, mailoutbox):
    from django.contrib.auth.models import Group

    from comments.notifications import wait_for_mail

    moderator = django_user_model.objects.create_user(
        "mod", email="moderator@example.org"
    )
    moderator.groups.add(Group.objects.get(name="Moderator"))
    run(shared_export("themeunittestdata.wordpress.xml"))
    wait_for_mail()
    assert Comment.objects.filter(status=Comment.Status.PENDING).exists()
    assert not Comment.objects.filter(notify_on_approval=True).exists()
    assert mailoutbox == []
