"""A version id from the URL or the form only ever reaches the article's own history.

The attack (issue 20): a reporter who owns a draft sends, as the version to show,
compare or restore, the id of a version of another article, or of another
article's byline or tag row whose object id equals the draft's id. Restoring
such a version would revert the other article's whole revision: publish a draft,
unpublish a live article, roll back its headline and body.
"""

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.test import Client
from django.urls import reverse
from reversion.models import Revision, Version
from taggit.models import Tag, TaggedItem

from articles.models import Article, Byline
from tests.articles.admin_forms import change_url, errors_of, form_data, press
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

KINDS = ["byline", "tag", "article"]


@pytest.fixture
def editor_client(editor, password):
    client = Client()
    assert client.login(username=editor.username, password=password) is True
    return client


@pytest.fixture
def reporter_client(reporter, password):
    client = Client()
    assert client.login(username=reporter.username, password=password) is True
    return client


def restore_url(article_id: int, version_id: int) -> str:
    return reverse("admin:articles_article_revision", args=(article_id, version_id))


def compare_url(article_id: int) -> str:
    return reverse("admin:articles_article_compare", args=(article_id,))


def unused_id() -> int:
    """Return an id no article, byline or tagged item has, nor will soon."""
    highest = max(
        model.objects.aggregate(highest=Max("pk"))["highest"] or 0
        for model in (Article, Byline, TaggedItem)
    )
    return highest + 1000


def state(article: Article) -> dict:
    """Return everything about the article a restore could change."""
    return {
        "row": Article.objects.filter(pk=article.pk).values().get(),
        "bylines": list(
            Byline.objects.filter(article=article).values_list("pk", "author_id")
        ),
        "tags": sorted(article.tags.names()),
        "versions": Version.objects.get_for_object(article).count(),
    }


def foreign_version(victim: Article, kind: str, first: Revision) -> Version:
    """Return the victim's version of the given kind from its first revision."""
    model = {"byline": Byline, "tag": TaggedItem, "article": Article}[kind]
    return first.version_set.get(content_type=ContentType.objects.get_for_model(model))


@pytest.fixture
def target_id():
    return unused_id()


@pytest.fixture
def own_draft(reporter, target_id):
    """The reporter's draft; its id equals the victims' byline and tag row ids."""
    return ArticleFactory(
        pk=target_id,
        draft=True,
        headline="Reporter's own draft",
        authors=[AuthorFactory(user=reporter)],
    )


def victim_with_history(editor_client, row_id: int, first: dict, then: dict):
    """Return an article saved twice by an editor, and its first revision.

    Its byline and tagged item carry row_id as their ids, so their versions'
    object ids equal the reporter's draft's id.
    """
    article = ArticleFactory(
        draft=True, headline="Original headline", body="<p>Original body.</p>"
    )
    Byline.objects.filter(article=article).update(id=row_id)
    TaggedItem.objects.create(
        pk=row_id,
        tag=Tag.objects.create(name="Benidorm", slug="benidorm"),
        content_object=article,
    )
    for button, changes in (first, then):
        response = press(editor_client, change_url(article), button, **changes)
        assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    revision = Version.objects.get_for_object(article).order_by("pk")[0].revision
    return article, revision


@pytest.fixture
def live_victim(editor_client, target_id):
    """A live article whose first version was an unpublished draft."""
    return victim_with_history(
        editor_client,
        target_id,
        ("save", {}),
        (
            "publish",
            {"headline": "Live headline", "body": "<p>Live body.</p>"},
        ),
    )


@pytest.fixture
def draft_victim(editor_client, target_id):
    """A draft (unpublished by an editor) whose first version was live."""
    article, revision = victim_with_history(
        editor_client,
        target_id,
        ("publish", {}),
        ("unpublish", {"headline": "Withdrawn headline"}),
    )
    assert article.status == Article.Status.DRAFT
    return article, revision


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("victim_fixture", ["live_victim", "draft_victim"])
def test_reporter_cannot_show_compare_or_restore_another_articles_version(
    request, kind, victim_fixture, own_draft, reporter_client
):
    victim, first = request.getfixturevalue(victim_fixture)
    version = foreign_version(victim, kind, first)
    if kind != "article":
        assert int(version.object_id) == own_draft.pk
    victim_before, own_before = state(victim), state(own_draft)
    victim_page = Client().get(victim.get_absolute_url()).status_code
    url = restore_url(own_draft.pk, version.pk)
    # What the reporter's browser would send: the draft's own form, saved.
    data = form_data(reporter_client.get(change_url(own_draft)).text)

    shown = reporter_client.get(url)
    compared_from = reporter_client.get(compare_url(own_draft.pk), {"from": version.pk})
    compared_to = reporter_client.get(compare_url(own_draft.pk), {"to": version.pk})
    restored = reporter_client.post(url, data | {"workflow_action": "save"})

    assert shown.status_code == 404
    assert compared_from.status_code == 404
    assert compared_to.status_code == 404
    assert restored.status_code == 404
    assert state(victim) == victim_before
    assert state(own_draft) == own_before
    assert Client().get(victim.get_absolute_url()).status_code == victim_page


def test_a_version_elsewhere_answers_as_one_that_does_not_exist(
    live_victim, own_draft, reporter_client
):
    victim, first = live_victim
    elsewhere = foreign_version(victim, "byline", first).pk
    missing = Version.objects.aggregate(highest=Max("pk"))["highest"] + 1

    answers = [
        (
            reporter_client.get(restore_url(own_draft.pk, version_id)).status_code,
            reporter_client.get(
                compare_url(own_draft.pk), {"from": version_id}
            ).status_code,
        )
        for version_id in (elsewhere, missing)
    ]

    assert answers == [(404, 404), (404, 404)]


def test_the_reporters_own_versions_still_show_and_restore(
    own_draft, reporter_client, live_victim
):
    url = change_url(own_draft)
    assert press(reporter_client, url, "save", headline="First go").status_code == 302
    assert press(reporter_client, url, "save", headline="Second go").status_code == 302
    first = Version.objects.get_for_object(own_draft).order_by("pk")[0]
    victim, _revision = live_victim
    victim_before = state(victim)

    page = reporter_client.get(restore_url(own_draft.pk, first.pk))
    compared = reporter_client.get(compare_url(own_draft.pk), {"from": first.pk})
    restored = reporter_client.post(
        restore_url(own_draft.pk, first.pk),
        form_data(page.text) | {"workflow_action": "save"},
    )

    assert page.status_code == 200
    assert compared.status_code == 200
    assert restored.status_code == 302, errors_of(restored)
    own_draft.refresh_from_db()
    assert own_draft.headline == "First go"
    assert own_draft.status == Article.Status.DRAFT
    assert state(victim) == victim_before


def test_a_revision_shared_with_another_article_is_not_restored(
    own_draft, reporter_client
):
    """Restoring reverts the version's whole revision, so it must hold one article.

    No admin path saves two articles in one revision today; this keeps it so.
    """
    victim = ArticleFactory(published=True, headline="Victim before")
    with reversion.create_revision():
        own_draft.headline = "Shared revision"
        own_draft.save()
        victim.save()
    victim.headline = "Victim now"
    victim.status = Article.Status.DRAFT
    victim.save()
    shared = Version.objects.get_for_object(own_draft).get()
    data = form_data(reporter_client.get(change_url(own_draft)).text)

    page = reporter_client.get(restore_url(own_draft.pk, shared.pk))
    restored = reporter_client.post(
        restore_url(own_draft.pk, shared.pk), data | {"workflow_action": "save"}
    )

    assert page.status_code == 404
    assert restored.status_code == 404
    victim.refresh_from_db()
    assert victim.headline == "Victim now"
    assert victim.status == Article.Status.DRAFT


def test_recover_takes_only_versions_of_deleted_articles(editor_client, live_victim):
    """The editors' "recover deleted article" view takes a version id too."""
    victim, first = live_victim
    before = state(victim)
    url = reverse(
        "admin:articles_article_recover",
        args=(foreign_version(victim, "byline", first).pk,),
    )

    page = editor_client.get(url)
    posted = editor_client.post(url, {"workflow_action": "save"})

    assert page.status_code == 404
    assert posted.status_code == 404
    assert state(victim) == before


def test_a_deleted_article_is_still_recovered(editor_client):
    article = ArticleFactory(draft=True, headline="Deleted by mistake")
    assert press(editor_client, change_url(article), "save").status_code == 302
    version = Version.objects.get_for_object(article).get()
    article_id = article.pk
    article.delete()
    url = reverse("admin:articles_article_recover", args=(version.pk,))

    page = editor_client.get(url)
    posted = editor_client.post(url, form_data(page.text) | {"workflow_action": "save"})

    assert page.status_code == 200
    assert 'class="deletelink"' not in page.text
    assert posted.status_code == 302, errors_of(posted)
    assert Article.objects.get(pk=article_id).headline == "Deleted by mistake"


@pytest.mark.parametrize("version_id", ["99999999999999999999", "-1", "1e3", "x"])
def test_odd_version_ids_to_compare_answer_404(own_draft, reporter_client, version_id):
    compared = reporter_client.get(compare_url(own_draft.pk), {"from": version_id})

    assert compared.status_code == 404


def test_a_version_id_too_large_for_the_database_answers_404(
    own_draft, reporter_client
):
    response = reporter_client.get(restore_url(own_draft.pk, 10**20))

    assert response.status_code == 404


def test_a_version_whose_stored_byline_no_longer_reads_answers_404(
    own_draft, reporter_client
):
    assert press(reporter_client, change_url(own_draft), "save").status_code == 302
    version = Version.objects.get_for_object(own_draft).get()
    version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(Byline)
    ).update(serialized_data="not what a serializer wrote")

    response = reporter_client.get(restore_url(own_draft.pk, version.pk))

    assert response.status_code == 404
