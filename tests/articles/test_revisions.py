"""Every save keeps a version; the admin shows history, diffs, and restores."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, PreviousSlug
from articles.revisions import diff_html, html_to_text
from tests.articles.admin_forms import change_url, errors_of, form_data, press
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor, password):
    assert client.login(username=editor.username, password=password) is True
    return client


@pytest.fixture
def reporter_client(reporter, password):
    client = Client()
    assert client.login(username=reporter.username, password=password) is True
    return client


def history_url(article: Article) -> str:
    return reverse("admin:articles_article_history", args=(article.pk,))


def compare_url(article: Article) -> str:
    return reverse("admin:articles_article_compare", args=(article.pk,))


def restore_url(article: Article, version: Version) -> str:
    return reverse("admin:articles_article_revision", args=(article.pk, version.pk))


def versions_of(article: Article) -> list[Version]:
    """Return the article's versions, oldest first."""
    return list(Version.objects.get_for_object(article).order_by("pk"))


@pytest.fixture
def edited(editor_client):
    """An article saved three times in the admin: written, revised, published."""
    article = ArticleFactory(
        draft=True,
        headline="Storm floods the seafront",
        body="<p>Heavy rain flooded the seafront on Monday.</p>",
        tags=["Weather"],
    )
    url = change_url(article)
    for button, changes in [
        ("save", {}),
        (
            "save",
            {
                "headline": "Storm floods Benidorm seafront",
                "body": "<p>Heavy rain flooded the seafront on Tuesday night.</p>",
                "tags": "Weather, Benidorm",
            },
        ),
        ("publish", {}),
    ]:
        response = press(editor_client, url, button, **changes)
        assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    return article


def test_each_admin_save_keeps_a_version_with_who_and_when(edited, editor):
    versions = versions_of(edited)

    assert len(versions) == 3
    assert all(version.revision.user == editor for version in versions)
    assert versions[0].field_dict["headline"] == "Storm floods the seafront"
    assert versions[1].field_dict["headline"] == "Storm floods Benidorm seafront"
    assert versions[2].field_dict["status"] == Article.Status.PUBLISHED
    assert versions[2].revision.comment.startswith("Publish now.")


def test_history_lists_versions_newest_first_with_restore_links(edited, editor_client):
    response = editor_client.get(history_url(edited))

    assert response.status_code == 200
    listed = [item["version"] for item in response.context["versions"]]
    assert listed == list(reversed(versions_of(edited)))
    assert "Restore this version" in response.text


def test_compare_shows_a_readable_word_diff(edited, editor_client):
    first, second, _third = versions_of(edited)

    response = editor_client.get(
        compare_url(edited), {"from": first.pk, "to": second.pk}
    )

    assert response.status_code == 200
    changed = {row.key: row for row in response.context["changed"]}
    assert set(changed) == {"headline", "body", "tags"}
    assert "<ins>Benidorm</ins>" in changed["headline"].diff
    assert "<del>Monday.</del><ins>Tuesday night.</ins>" in changed["body"].diff
    assert "<p>" not in changed["body"].diff
    assert changed["tags"].old == "Weather"
    assert changed["tags"].new == "Benidorm, Weather"
    assert "<ins>Benidorm</ins>" in response.text


def test_compare_of_versions_of_another_article_is_404(edited, editor_client):
    other = ArticleFactory()
    assert press(editor_client, change_url(other), "save").status_code == 302
    foreign = versions_of(other)[0]

    response = editor_client.get(compare_url(edited), {"from": foreign.pk})

    assert response.status_code == 404


def test_reporter_cannot_see_history_of_someone_elses_article(edited, reporter_client):
    assert reporter_client.get(history_url(edited)).status_code == 403
    assert reporter_client.get(compare_url(edited)).status_code == 403


def test_diff_escapes_html_and_marks_changes():
    assert (
        diff_html("a <b> c", "a <i> c")
        == "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins> c"
    )


def test_body_text_for_diffs_keeps_paragraphs_and_link_targets():
    text = html_to_text(
        '<h2>Title</h2><p>See <a href="https://example.org/x">this</a>.</p>'
        "<ul><li>One</li><li>Two</li></ul>"
    )

    assert text == "Title\n\nSee this [https://example.org/x].\n\n• One\n\n• Two"


# Restore


def test_restoring_an_old_version_makes_a_new_version(edited, editor_client):
    first = versions_of(edited)[0]
    url = restore_url(edited, first)

    page = editor_client.get(url)
    assert page.status_code == 200
    assert page.context["adminform"].form.initial["headline"] == (
        "Storm floods the seafront"
    )
    # Looking at an old version changes nothing.
    edited.refresh_from_db()
    assert edited.headline == "Storm floods Benidorm seafront"

    data = form_data(page.text)
    response = editor_client.post(url, data | {"workflow_action": "save"})

    assert response.status_code == 302, errors_of(response)
    edited.refresh_from_db()
    assert edited.headline == "Storm floods the seafront"
    assert "Monday" in edited.body
    assert sorted(edited.tags.names()) == ["Weather"]
    # Still published: restoring brings back content, not an old status.
    assert edited.is_published is True
    versions = versions_of(edited)
    assert len(versions) == 4
    assert versions[-1].field_dict["headline"] == "Storm floods the seafront"
    assert "Reverted" in versions[-1].revision.comment


def test_restoring_keeps_the_published_url_working(edited, editor_client):
    first = versions_of(edited)[0]
    # The slug changed after the first version.
    response = press(editor_client, change_url(edited), "save", slug="storm-benidorm")
    assert response.status_code == 302, errors_of(response)
    edited.refresh_from_db()
    current_url = edited.get_absolute_url()
    url = restore_url(edited, first)
    data = form_data(editor_client.get(url).text)

    response = editor_client.post(url, data | {"workflow_action": "save"})

    assert response.status_code == 302, errors_of(response)
    edited.refresh_from_db()
    assert edited.slug == first.field_dict["slug"]
    assert PreviousSlug.objects.filter(slug="storm-benidorm").exists() is True
    old = Client().get(current_url)
    assert old.status_code == 301
    assert old["Location"] == edited.get_absolute_url()


def test_reporter_cannot_restore_a_version_of_published_work(
    reporter, reporter_client, editor_client
):
    article = ArticleFactory(draft=True, authors=[AuthorFactory(user=reporter)])
    response = press(reporter_client, change_url(article), "save", headline="Draft 1")
    assert response.status_code == 302, errors_of(response)
    response = press(editor_client, change_url(article), "publish")
    assert response.status_code == 302, errors_of(response)
    first = versions_of(article)[0]
    before = Article.objects.filter(pk=article.pk).values().get()

    page = reporter_client.get(restore_url(article, first))
    post = reporter_client.post(
        restore_url(article, first),
        {"headline": "Draft 1", "workflow_action": "save"},
    )

    assert page.status_code == 403
    assert post.status_code == 403
    assert Article.objects.filter(pk=article.pk).values().get() == before


def test_reporter_restores_own_draft_but_cannot_publish_through_it(
    reporter, reporter_client, editor_client
):
    article = ArticleFactory(draft=True, authors=[AuthorFactory(user=reporter)])
    url = change_url(article)
    assert press(reporter_client, url, "save", headline="First").status_code == 302
    # An editor publishes and later unpublishes it: a version with status
    # "published" is now in its history.
    assert press(editor_client, url, "publish").status_code == 302
    assert press(editor_client, url, "unpublish").status_code == 302
    published_version = versions_of(article)[1]
    assert published_version.field_dict["status"] == Article.Status.PUBLISHED
    restore = restore_url(article, published_version)
    data = form_data(reporter_client.get(restore).text)

    crafted = reporter_client.post(restore, data | {"workflow_action": "publish"})
    saved = reporter_client.post(restore, data | {"workflow_action": "save"})

    assert crafted.status_code == 200
    assert errors_of(crafted)
    assert saved.status_code == 302, errors_of(saved)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_moderator_cannot_reach_history_or_restore(edited, moderator, password):
    client = Client()
    client.login(username=moderator.username, password=password)
    first = versions_of(edited)[0]

    assert client.get(history_url(edited)).status_code == 403
    assert client.get(restore_url(edited, first)).status_code == 403
    assert client.get(compare_url(edited)).status_code == 403


def test_deleted_articles_are_recovered_only_by_editors(
    edited, editor_client, reporter_client
):
    recover_list = reverse("admin:articles_article_recoverlist")
    edited.delete()

    assert editor_client.get(recover_list).status_code == 200
    assert reporter_client.get(recover_list).status_code == 403
