"""The live desk: who may post, edit, delete, start and end, through real logins.

Every refusal is checked in the answer and in the database (nothing stored).
Crafted POSTs send what the page does not offer.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, LiveEntry
from articles.revisions import article_versions
from tests.articles.factories import ArticleFactory, LiveEntryFactory
from tests.authors.factories import AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def desk_url(article: Article) -> str:
    return reverse("admin:articles_liveentry_desk", args=(article.pk,))


def coverage_url(article: Article) -> str:
    return reverse("admin:articles_liveentry_coverage", args=(article.pk,))


@pytest.fixture
def reporter_author(reporter):
    return AuthorFactory(user=reporter, name="Rita Reporter")


@pytest.fixture
def live_article(reporter_author):
    return ArticleFactory(
        published=True,
        headline="Gota fría: floods in the Vega Baja",
        authors=[reporter_author],
        coverage_started_at=timezone.now() - timedelta(minutes=20),
    )


def logged_in(user, password) -> Client:
    client = Client()
    assert client.login(username=user.username, password=password) is True
    return client


def entry_data(**overrides) -> dict:
    return {
        "headline": "",
        "body": "<p>The river has burst its banks in Orihuela.</p>",
        "author": "",
        "is_key_event": "",
        "is_pinned": "",
    } | overrides


def test_byline_reporter_posts_with_fetch_and_gets_the_row_back(
    reporter, reporter_author, live_article, password
):
    client = logged_in(reporter, password)
    page = client.get(desk_url(live_article))
    assert page.status_code == 200
    assert b"data-live-desk" in page.content
    assert b"js/admin/live_desk.js" in page.content

    response = client.post(
        desk_url(live_article),
        entry_data(author=reporter_author.pk, headline="River bursts its banks"),
        **FETCH,
    )

    assert response.status_code == 201
    entry = LiveEntry.objects.get()
    assert response.json()["id"] == entry.pk
    assert "River bursts its banks" in response.json()["html"]
    assert entry.author == reporter_author
    assert entry.created_by == reporter
    assert entry.article == live_article


def test_without_javascript_the_form_posts_and_comes_back_empty(
    editor, live_article, password
):
    client = logged_in(editor, password)
    response = client.post(desk_url(live_article), entry_data(), follow=True)

    assert response.redirect_chain == [(desk_url(live_article), 302)]
    assert LiveEntry.objects.count() == 1
    assert b"Update posted." in response.content
    assert b"The river has burst its banks" in response.content  # in the list
    assert b"</textarea>" in response.content
    assert b">&lt;p&gt;The river" not in response.content  # the form is empty


@pytest.mark.parametrize("role", ["moderator", "other_reporter"])
def test_moderators_and_other_reporters_are_refused(
    role, request, live_article, password
):
    if role == "other_reporter":
        user = request.getfixturevalue("reporter")
        user.username = "other"
        user.pk = None
        user.save()
        user.groups.set(request.getfixturevalue("reporter").groups.all())
    else:
        user = request.getfixturevalue(role)
    client = logged_in(user, password)

    assert client.get(desk_url(live_article)).status_code == 403
    assert client.post(desk_url(live_article), entry_data(), **FETCH).status_code == (
        403
    )
    assert client.post(coverage_url(live_article), {"action": "end"}).status_code == (
        403
    )
    assert LiveEntry.objects.count() == 0
    live_article.refresh_from_db()
    assert live_article.coverage_ended_at is None


def test_reporter_who_only_created_the_article_may_not_post(
    reporter, live_article, password
):
    other = UserFactory(username="other", is_staff=True, password=password)
    other.groups.set(reporter.groups.all())
    live_article.created_by = other
    live_article.save()
    client = logged_in(other, password)

    assert client.post(desk_url(live_article), entry_data()).status_code == 403
    assert LiveEntry.objects.count() == 0


def test_other_reporter_cannot_edit_or_delete_an_entry(
    reporter, live_article, password
):
    entry = LiveEntryFactory(article=live_article, body="<p>Original.</p>")
    other = UserFactory(username="other", is_staff=True, password=password)
    other.groups.set(reporter.groups.all())
    client = logged_in(other, password)

    edit = reverse("admin:articles_liveentry_change", args=(entry.pk,))
    delete = reverse("admin:articles_liveentry_delete", args=(entry.pk,))
    assert client.post(edit, {"body": "<p>Vandalised.</p>"}).status_code == 403
    assert client.post(delete).status_code == 403
    entry.refresh_from_db()
    assert entry.body == "<p>Original.</p>"


def test_a_forged_author_is_refused(reporter, reporter_author, live_article, password):
    someone_else = AuthorFactory(name="Not On The Byline")
    client = logged_in(reporter, password)

    response = client.post(
        desk_url(live_article), entry_data(author=someone_else.pk), **FETCH
    )

    assert response.status_code == 400
    assert "author" in response.json()["errors"]
    assert LiveEntry.objects.count() == 0


def test_editor_may_post_as_a_byline_author_but_not_as_anyone(
    editor, reporter_author, live_article, password
):
    client = logged_in(editor, password)
    stranger = AuthorFactory()

    refused = client.post(desk_url(live_article), entry_data(author=stranger.pk))
    assert refused.status_code == 400
    assert LiveEntry.objects.count() == 0

    accepted = client.post(
        desk_url(live_article), entry_data(author=reporter_author.pk), **FETCH
    )
    assert accepted.status_code == 201
    assert LiveEntry.objects.get().author == reporter_author


def test_script_in_an_entry_is_removed_and_the_text_kept(
    editor, live_article, password
):
    client = logged_in(editor, password)
    body = (
        '<p>Roads closed<script>alert("x")</script> '
        '<a href="javascript:x()">map</a></p>'
    )

    response = client.post(desk_url(live_article), entry_data(body=body), **FETCH)

    assert response.status_code == 201
    stored = LiveEntry.objects.get().body
    assert "<script" not in stored
    assert "javascript:" not in stored
    assert "Roads closed" in stored


@pytest.mark.parametrize(
    "body", ["", "<p></p>", "<p>   </p>", "<script>alert(1)</script>"]
)
def test_an_empty_entry_gets_a_clear_error(body, editor, live_article, password):
    client = logged_in(editor, password)

    response = client.post(desk_url(live_article), entry_data(body=body), **FETCH)

    assert response.status_code == 400
    assert response.json()["errors"]["body"][0]["message"] == (
        "Write the update: it is empty."
    )
    assert LiveEntry.objects.count() == 0

    page = client.post(desk_url(live_article), entry_data(body=body, headline="Kept"))
    assert page.status_code == 400
    assert b"Write the update: it is empty." in page.content
    assert b'value="Kept"' in page.content  # nothing typed is lost


def test_no_entry_for_ended_coverage(editor, live_article, password):
    live_article.coverage_ended_at = timezone.now() - timedelta(minutes=1)
    live_article.save()
    client = logged_in(editor, password)

    response = client.post(desk_url(live_article), entry_data(), **FETCH)

    assert response.status_code == 400
    assert "has ended" in response.json()["errors"]["__all__"][0]["message"]
    assert LiveEntry.objects.count() == 0


def test_no_entry_for_an_unpublished_article(editor, live_article, password):
    live_article.status = Article.Status.DRAFT
    live_article.published_at = None
    live_article.save()
    client = logged_in(editor, password)

    response = client.post(desk_url(live_article), entry_data(), **FETCH)

    assert response.status_code == 400
    assert "isn't published" in response.json()["errors"]["__all__"][0]["message"]
    assert LiveEntry.objects.count() == 0


def test_end_coverage_is_one_button_and_keeps_the_entries(
    reporter, live_article, password
):
    LiveEntryFactory(article=live_article)
    client = logged_in(reporter, password)
    assert b'value="end"' in client.get(desk_url(live_article)).content

    response = client.post(coverage_url(live_article), {"action": "end"})

    assert response.status_code == 302
    live_article.refresh_from_db()
    assert live_article.coverage_ended_at is not None
    assert live_article.is_live is False
    assert live_article.live_entries.count() == 1
    assert "Ended live coverage." in [
        version.revision.comment for version in article_versions(live_article)
    ]


def test_only_editors_start_coverage(editor, reporter, password):
    author = AuthorFactory(user=reporter)
    article = ArticleFactory(published=True, authors=[author])

    assert (
        logged_in(reporter, password)
        .post(coverage_url(article), {"action": "start"})
        .status_code
        == 403
    )
    article.refresh_from_db()
    assert article.coverage_started_at is None

    logged_in(editor, password).post(coverage_url(article), {"action": "start"})
    article.refresh_from_db()
    assert article.is_live is True


def test_editing_an_entry_shows_a_correction_and_records_history(
    editor, live_article, password
):
    entry = LiveEntryFactory(article=live_article, body="<p>Three roads closed.</p>")
    client = logged_in(editor, password)
    edit = reverse("admin:articles_liveentry_change", args=(entry.pk,))
    assert client.get(edit).status_code == 200

    response = client.post(
        edit,
        {
            "headline": "",
            "body": "<p>Four roads closed.</p>",
            "correction_note": "An earlier version gave three roads.",
        },
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.body == "<p>Four roads closed.</p>"
    assert entry.corrected_at is not None
    comments = [v.revision.comment for v in article_versions(live_article)]
    assert any("Three roads closed." in comment for comment in comments)
    history = client.get(
        reverse("admin:articles_article_history", args=(live_article.pk,))
    )
    assert "Three roads closed." in history.content.decode()

    page = Client().get(live_article.get_absolute_url())
    assert b"Corrected" in page.content
    assert b"An earlier version gave three roads." in page.content


def test_deleting_an_entry_is_recorded_in_the_history(editor, live_article, password):
    entry = LiveEntryFactory(article=live_article, body="<p>A false alarm.</p>")
    client = logged_in(editor, password)

    response = client.post(reverse("admin:articles_liveentry_delete", args=(entry.pk,)))

    assert response.status_code == 302
    assert LiveEntry.objects.count() == 0
    comments = [v.revision.comment for v in article_versions(live_article)]
    assert any("A false alarm." in comment for comment in comments)


def test_pinning_an_entry_unpins_the_one_before(editor, live_article, password):
    first = LiveEntryFactory(article=live_article, is_pinned=True)
    client = logged_in(editor, password)

    client.post(desk_url(live_article), entry_data(is_pinned="on"), **FETCH)

    first.refresh_from_db()
    assert first.is_pinned is False
    assert LiveEntry.objects.filter(is_pinned=True).count() == 1


def test_the_change_form_links_to_the_live_desk(editor, live_article, password):
    client = logged_in(editor, password)
    page = client.get(reverse("admin:articles_article_change", args=(live_article.pk,)))
    assert desk_url(live_article).encode() in page.content


def test_editors_reach_the_desk_of_any_article_to_start_coverage(
    editor, reporter, password
):
    article = ArticleFactory(published=True, authors=[AuthorFactory(user=reporter)])
    change = reverse("admin:articles_article_change", args=(article.pk,))

    assert desk_url(article).encode() in logged_in(editor, password).get(change).content
    assert desk_url(article).encode() not in (
        logged_in(reporter, password).get(change).content
    )
    desk = logged_in(editor, password).get(desk_url(article))
    assert b'value="start"' in desk.content
    assert b'class="live-desk__form"' not in desk.content  # none before it starts
