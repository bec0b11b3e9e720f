"""Autosave of the article form: stored per user and form, offered back, never live."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleAutosave
from articles.services import article_save
from pagecache import invalidation, store
from tests.articles.admin_forms import (
    add_url,
    change_url,
    errors_of,
    form_data,
    open_form,
)
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

TYPED = (
    "<p>The council approved the budget after a <strong>four-hour</strong> debate.</p>"
)


def autosave_url(article: Article | None = None) -> str:
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=(article.pk,))


@pytest.fixture
def reporter_client(reporter, password) -> Client:
    client = Client()
    assert client.login(username=reporter.username, password=password) is True
    return client


@pytest.fixture
def editor_client(editor, password) -> Client:
    client = Client()
    assert client.login(username=editor.username, password=password) is True
    return client


@pytest.fixture
def own_draft(reporter):
    author = AuthorFactory(name="Hannah Clarke", user=reporter)
    article = ArticleFactory(
        draft=True,
        headline="Council debates budget",
        body="<p>The council met.</p>",
        authors=[author],
        created_by=reporter,
    )
    return article_save(article=article, user=None)


def test_autosave_keeps_the_form_without_touching_the_article(
    reporter_client, reporter, own_draft
):
    fields = open_form(reporter_client, change_url(own_draft))
    versions = Version.objects.get_for_object(own_draft).count()

    response = reporter_client.post(
        autosave_url(own_draft),
        fields | {"headline": "Council approves budget", "body": TYPED},
    )

    assert response.status_code == 200, response.content
    assert response.json()["message"].startswith("Autosaved at ")
    autosave = ArticleAutosave.objects.get(user=reporter, article=own_draft)
    assert autosave.data["headline"] == ["Council approves budget"]
    assert autosave.data["body"] == [TYPED]
    assert autosave.data["bylines-0-author"] == [fields["bylines-0-author"]]
    assert "csrfmiddlewaretoken" not in autosave.data
    assert autosave.lock_token == fields["lock_token"]
    own_draft.refresh_from_db()
    assert own_draft.headline == "Council debates budget"
    assert own_draft.body == "<p>The council met.</p>"
    assert Version.objects.get_for_object(own_draft).count() == versions


def test_a_second_autosave_replaces_the_first(reporter_client, reporter, own_draft):
    fields = open_form(reporter_client, change_url(own_draft))
    reporter_client.post(autosave_url(own_draft), fields | {"headline": "One"})
    reporter_client.post(autosave_url(own_draft), fields | {"headline": "Two"})

    autosave = ArticleAutosave.objects.get(user=reporter)
    assert autosave.data["headline"] == ["Two"]


def test_a_new_article_is_autosaved_before_its_first_save_with_required_fields_empty(
    reporter_client, reporter
):
    fields = open_form(reporter_client, add_url())
    assert len(fields["autosave_key"]) == 32

    response = reporter_client.post(
        autosave_url(), fields | {"headline": "", "body": TYPED, "section": ""}
    )

    assert response.status_code == 200, response.content
    autosave = ArticleAutosave.objects.get(user=reporter)
    assert autosave.article is None
    assert autosave.key == f"new-{fields['autosave_key']}"
    assert autosave.data["body"] == [TYPED]
    assert Article.objects.count() == 0


def test_reopening_a_new_article_form_offers_and_restores_every_field(
    reporter_client, reporter
):
    section = SectionFactory(name="Costa Blanca")
    author = AuthorFactory(name="Hannah Clarke", user=reporter)
    fields = open_form(reporter_client, add_url())
    typed = fields | {
        "headline": "Ferry strike called off",
        "seo_headline": "Ferry strike off: Dénia to Ibiza",
        "slug": "ferry-strike-called-off",
        "standfirst": "Sailings resume on Monday.",
        "body": TYPED,
        "lead_image_caption": "The port of Dénia",
        "lead_image_alt": "A ferry in the port",
        "section": str(section.pk),
        "tags": "Dénia, ferries",
        "bylines-0-author": str(author.pk),
    }
    reporter_client.post(autosave_url(), typed)

    page = reporter_client.get(add_url())
    assert "You have unsaved changes from" in page.text
    restored = reporter_client.get(f"{add_url()}?autosave={fields['autosave_key']}")

    assert restored.status_code == 200
    again = form_data(restored.text)
    for name in (
        "headline",
        "seo_headline",
        "slug",
        "standfirst",
        "body",
        "lead_image_caption",
        "lead_image_alt",
        "section",
        "bylines-0-author",
        "autosave_key",
    ):
        assert again[name] == typed[name], name
    assert set(again["tags"].split(", ")) == {"Dénia", "ferries"}
    assert "are back in the form" in restored.text
    assert "errornote" not in restored.text

    # Saving the restored form creates the article and drops the autosave.
    saved = reporter_client.post(add_url(), again | {"workflow_action": "save"})
    assert saved.status_code == 302, errors_of(saved)
    article = Article.objects.get()
    assert article.headline == "Ferry strike called off"
    assert article.body == TYPED
    assert ArticleAutosave.objects.count() == 0


def test_restore_then_save_keeps_the_text_and_clears_the_autosave(
    reporter_client, own_draft
):
    url = change_url(own_draft)
    fields = open_form(reporter_client, url)
    reporter_client.post(
        autosave_url(own_draft), fields | {"headline": "Council approves budget"}
    )

    offer = reporter_client.get(url)
    assert "You have unsaved changes from" in offer.text
    restored = form_data(reporter_client.get(f"{url}?autosave=restore").text)
    assert restored["headline"] == "Council approves budget"
    assert restored["lock_token"] == fields["lock_token"]

    saved = reporter_client.post(url, restored | {"workflow_action": "save"})

    assert saved.status_code == 302, errors_of(saved)
    own_draft.refresh_from_db()
    assert own_draft.headline == "Council approves budget"
    assert ArticleAutosave.objects.count() == 0
    assert "You have unsaved changes" not in reporter_client.get(url).text


def test_restored_autosave_still_refuses_to_overwrite_a_later_save(
    reporter_client, editor_client, own_draft
):
    url = change_url(own_draft)
    fields = open_form(reporter_client, url)
    reporter_client.post(autosave_url(own_draft), fields | {"body": TYPED})
    editors = open_form(editor_client, url)
    editor_client.post(
        url, editors | {"headline": "Budget passes", "workflow_action": "save"}
    )

    offer = reporter_client.get(url)
    assert "saved by someone since then" in offer.text
    restored = form_data(reporter_client.get(f"{url}?autosave=restore").text)
    refused = reporter_client.post(url, restored | {"workflow_action": "save"})

    assert refused.status_code == 200
    assert "Someone else saved this article" in refused.text
    assert "passes</ins>" in refused.text
    own_draft.refresh_from_db()
    assert own_draft.headline == "Budget passes"
    assert own_draft.body == "<p>The council met.</p>"


def test_discard_deletes_the_autosave_and_reopens_the_form(reporter_client, own_draft):
    url = change_url(own_draft)
    fields = open_form(reporter_client, url)
    reporter_client.post(autosave_url(own_draft), fields | {"headline": "Gone"})

    response = reporter_client.post(
        autosave_url(own_draft), fields | {"autosave_discard": "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == url
    assert ArticleAutosave.objects.count() == 0


def test_a_save_clears_the_users_superseded_and_everyones_expired_autosaves(
    reporter_client, reporter, editor, own_draft
):
    other = ArticleFactory(draft=True, created_by=reporter)
    expired = ArticleAutosave.objects.create(
        user=editor,
        article=other,
        key=ArticleAutosave.key_for(other),
        saved_at=timezone.now() - timedelta(days=31),
    )
    recent = ArticleAutosave.objects.create(
        user=editor,
        article=other,
        key="new-" + "a" * 32,
        saved_at=timezone.now() - timedelta(days=29),
    )
    url = change_url(own_draft)
    fields = open_form(reporter_client, url)
    reporter_client.post(autosave_url(own_draft), fields | {"headline": "Later"})

    reporter_client.post(url, fields | {"workflow_action": "save"})

    assert list(ArticleAutosave.objects.all()) == [recent]
    assert not ArticleAutosave.objects.filter(pk=expired.pk).exists()


def test_purge_command_deletes_autosaves_older_than_30_days(reporter):
    old = ArticleAutosave.objects.create(
        user=reporter, key="new-" + "b" * 32, saved_at=timezone.now() - timedelta(31)
    )
    kept = ArticleAutosave.objects.create(
        user=reporter, key="new-" + "c" * 32, saved_at=timezone.now() - timedelta(29)
    )

    out = io.StringIO()
    call_command("purge_autosaves", stdout=out)

    assert list(ArticleAutosave.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not ArticleAutosave.objects.filter(pk=old.pk).exists()
    assert "Deleted 1 autosave" in out.getvalue()


def test_an_old_autosave_is_not_offered(reporter_client, reporter, own_draft):
    ArticleAutosave.objects.create(
        user=reporter,
        article=own_draft,
        key=ArticleAutosave.key_for(own_draft),
        data={"headline": ["Old"]},
        saved_at=timezone.now() - timedelta(days=31),
    )

    assert "unsaved changes" not in reporter_client.get(change_url(own_draft)).text


def test_an_autosave_costs_at_most_six_queries(
    reporter_client, own_draft, django_assert_max_num_queries
):
    fields = open_form(reporter_client, change_url(own_draft))
    reporter_client.post(autosave_url(own_draft), fields)

    with django_assert_max_num_queries(6):
        response = reporter_client.post(
            autosave_url(own_draft), fields | {"body": TYPED}
        )

    assert response.status_code == 200


def test_a_new_articles_autosave_costs_at_most_six_queries(
    reporter_client, django_assert_max_num_queries
):
    fields = open_form(reporter_client, add_url())

    with django_assert_max_num_queries(6):
        response = reporter_client.post(autosave_url(), fields | {"body": TYPED})

    assert response.status_code == 200


def test_autosaving_a_published_article_never_touches_the_live_page(
    editor_client, editor, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    store.PageCache._failed_at = float("-inf")
    article = article_save(
        article=ArticleFactory(published=True, headline="Ferry strike called off"),
        user=None,
    )
    invalidation._pending.__dict__.pop("changes", None)
    reader = Client()
    assert reader.get(article.get_absolute_url()).status_code == 200
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    fields = open_form(editor_client, change_url(article))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = editor_client.post(
            autosave_url(article), fields | {"headline": "Ferry strike goes ahead"}
        )

    assert response.status_code == 200
    assert callbacks == []
    page = reader.get(article.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    assert "Ferry strike called off" in page.text
    article.refresh_from_db()
    assert article.headline == "Ferry strike called off"


# Bad input: a clear 4xx, a message the form shows, and nothing stored wrong.


def test_stale_lock_token_is_refused_and_stores_nothing(
    reporter_client, editor_client, own_draft
):
    url = change_url(own_draft)
    fields = open_form(reporter_client, url)
    editor_client.post(url, open_form(editor_client, url) | {"workflow_action": "save"})

    response = reporter_client.post(
        autosave_url(own_draft), fields | {"headline": "Mine"}
    )

    assert response.status_code == 409
    assert response.json()["error"] == "stale"
    assert "someone else saved this article" in response.json()["message"]
    assert ArticleAutosave.objects.count() == 0


def test_huge_body_is_refused(reporter_client, own_draft, settings):
    fields = open_form(reporter_client, change_url(own_draft))

    response = reporter_client.post(
        autosave_url(own_draft),
        fields | {"body": "<p>" + "word " * settings.NEWSROOM_AUTOSAVE_MAX_BYTES},
    )

    assert response.status_code == 413
    assert response.json()["message"].startswith("Autosave failed:")
    assert ArticleAutosave.objects.count() == 0


def test_script_in_the_body_is_sanitised_as_a_save_does(
    reporter_client, reporter, own_draft
):
    fields = open_form(reporter_client, change_url(own_draft))
    hostile = (
        '<p onclick="steal()">Hello<script>alert(1)</script>'
        '<a href="javascript:alert(2)">link</a></p>'
    )

    response = reporter_client.post(autosave_url(own_draft), fields | {"body": hostile})

    assert response.status_code == 200
    stored = ArticleAutosave.objects.get(user=reporter).data["body"][0]
    assert "script" not in stored
    assert "onclick" not in stored
    assert "javascript:" not in stored
    assert stored == Article._meta.get_field("body").sanitize(hostile)
    restored = reporter_client.get(change_url(own_draft) + "?autosave=restore")
    assert "<script>alert(1)" not in restored.text


def test_missing_csrf_token_is_refused(reporter, password, own_draft):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=reporter.username, password=password) is True
    fields = open_form(client, change_url(own_draft))
    del fields["csrfmiddlewaretoken"]

    response = client.post(autosave_url(own_draft), fields | {"headline": "Forged"})

    assert response.status_code == 403
    assert response.json()["error"] == "csrf"
    assert ArticleAutosave.objects.count() == 0


def test_the_forms_csrf_token_is_accepted(reporter, password, own_draft):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=reporter.username, password=password) is True
    fields = open_form(client, change_url(own_draft))

    response = client.post(autosave_url(own_draft), fields | {"headline": "Mine"})

    assert response.status_code == 200, response.content


def test_another_reporters_article_is_refused(reporter_client, own_draft):
    someone = UserFactory(username="someone-else")
    theirs = ArticleFactory(draft=True, created_by=someone)
    fields = open_form(reporter_client, change_url(own_draft))

    response = reporter_client.post(autosave_url(theirs), fields | {"headline": "X"})

    assert response.status_code == 403
    assert response.json()["error"] == "permission"
    assert ArticleAutosave.objects.count() == 0


def test_reporter_cannot_autosave_into_a_published_article(
    reporter_client, reporter, own_draft
):
    fields = open_form(reporter_client, change_url(own_draft))
    Article.objects.filter(pk=own_draft.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )

    response = reporter_client.post(autosave_url(own_draft), fields)

    assert response.status_code == 403
    assert ArticleAutosave.objects.count() == 0


def test_moderator_cannot_autosave_articles(moderator, password, own_draft):
    client = Client()
    assert client.login(username=moderator.username, password=password) is True

    new = client.post(autosave_url(), {"autosave_key": "d" * 32, "headline": "X"})
    existing = client.post(autosave_url(own_draft), {"headline": "X"})

    assert (new.status_code, existing.status_code) == (403, 403)
    assert ArticleAutosave.objects.count() == 0


def test_signed_out_autosave_says_so(client, own_draft):
    response = client.post(autosave_url(own_draft), {"headline": "X"})

    assert response.status_code == 401
    assert "signed out" in response.json()["message"]
    assert ArticleAutosave.objects.count() == 0


def test_new_article_autosave_needs_a_valid_draft_key(reporter_client):
    response = reporter_client.post(autosave_url(), {"autosave_key": "../../etc"})

    assert response.status_code == 400
    assert ArticleAutosave.objects.count() == 0


def test_unknown_article_and_get_are_refused(reporter_client):
    missing = reporter_client.post(
        reverse("admin:articles_article_autosave", args=(999999,)), {}
    )
    got = reporter_client.get(autosave_url())

    assert missing.status_code == 404
    assert got.status_code == 405


def test_fields_outside_the_form_are_not_kept(reporter_client, reporter, own_draft):
    fields = open_form(reporter_client, change_url(own_draft))

    reporter_client.post(
        autosave_url(own_draft),
        fields | {"status": "published", "created_by": "1", "x" * 40: "y"},
    )

    data = ArticleAutosave.objects.get(user=reporter).data
    assert "status" not in data
    assert "created_by" not in data
    assert "x" * 40 not in data


def test_a_byline_authors_autosave_costs_at_most_six_queries(
    reporter_client, reporter, django_assert_max_num_queries
):
    author = AuthorFactory(name="Hannah Clarke", user=reporter)
    someone = UserFactory(username="desk-editor")
    article = article_save(
        article=ArticleFactory(draft=True, authors=[author], created_by=someone),
        user=None,
    )
    fields = open_form(reporter_client, change_url(article))

    with django_assert_max_num_queries(6):
        response = reporter_client.post(autosave_url(article), fields)

    assert response.status_code == 200


def test_a_form_sent_back_with_errors_does_not_offer_its_own_autosave(
    reporter_client, own_draft
):
    url = change_url(own_draft)
    fields = open_form(reporter_client, url)
    reporter_client.post(autosave_url(own_draft), fields | {"headline": "Typed"})

    refused = reporter_client.post(
        url, fields | {"headline": "", "workflow_action": "save"}
    )

    assert refused.status_code == 200
    assert "You have unsaved changes" not in refused.text
    assert ArticleAutosave.objects.count() == 1


def test_no_offer_once_the_article_is_no_longer_the_users_to_edit(
    reporter_client, own_draft
):
    url = change_url(own_draft)
    fields = open_form(reporter_client, url)
    reporter_client.post(autosave_url(own_draft), fields | {"headline": "Typed"})
    Article.objects.filter(pk=own_draft.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )

    page = reporter_client.get(url)
    restored = reporter_client.get(f"{url}?autosave=restore")

    assert "You have unsaved changes" not in page.text
    assert "Typed" not in restored.text
