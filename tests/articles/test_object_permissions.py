"""Every admin view of one article decides on that article, and every second id
(a version, a byline, a correction, a selected row) must belong to it.

Logged in for real; the POSTs are what an attacker would craft.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Byline, Correction
from tests.articles.admin_forms import change_url, errors_of, form_data, press
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db


def logged_in(user, password) -> Client:
    client = Client()
    assert client.login(username=user.username, password=password) is True
    return client


@pytest.fixture
def other_reporter(db, password):
    user = UserFactory(username="other-reporter", is_staff=True, password=password)
    user.groups.add(Group.objects.get(name="Reporter"))
    return user


@pytest.fixture
def editor_client(editor, password):
    return logged_in(editor, password)


@pytest.fixture
def reporter_client(reporter, password):
    return logged_in(reporter, password)


def with_history(article: Article, client: Client) -> Version:
    """Save the article twice in the admin; return its first version."""
    for headline in ("First headline", "Second headline"):
        response = press(client, change_url(article), "save", headline=headline)
        assert response.status_code == 302, errors_of(response)
    return Version.objects.get_for_object(article).order_by("pk").first()


def state(article: Article) -> dict:
    return {
        "row": Article.objects.filter(pk=article.pk).values().first(),
        "bylines": sorted(
            Byline.objects.filter(article_id=article.pk).values_list(
                "pk", "author_id", "position"
            )
        ),
        "corrections": sorted(
            Correction.objects.filter(article_id=article.pk).values_list("pk", "text")
        ),
        "versions": Version.objects.get_for_object_reference(
            Article, article.pk
        ).count(),
    }


def object_requests(article: Article, version: Version) -> list[tuple[str, str]]:
    """Return (method, url) for every admin view of the article."""
    pk = article.pk
    return [
        ("get", change_url(article)),
        ("post", change_url(article)),
        ("get", reverse("admin:articles_article_history", args=(pk,))),
        ("get", reverse("admin:articles_article_revision", args=(pk, version.pk))),
        ("post", reverse("admin:articles_article_revision", args=(pk, version.pk))),
        ("get", reverse("admin:articles_article_compare", args=(pk,))),
        ("get", reverse("admin:articles_article_delete", args=(pk,))),
        ("post", reverse("admin:articles_article_delete", args=(pk,))),
    ]


def attack(client: Client, method: str, url: str, article: Article):
    if method == "get":
        return client.get(url)
    return client.post(
        url,
        {
            "headline": "Taken over",
            "slug": article.slug,
            "body": "<p>Taken over.</p>",
            "section": str(article.section_id),
            "workflow_action": "save",
            "post": "yes",
        },
    )


@pytest.fixture
def others_draft(other_reporter, password):
    article = ArticleFactory(
        draft=True,
        headline="Someone else's draft",
        created_by=other_reporter,
        authors=[AuthorFactory(user=other_reporter)],
    )
    Correction.objects.create(article=article, text="An earlier note.")
    version = with_history(article, logged_in(other_reporter, password))
    return article, version


@pytest.mark.parametrize("role", ["reporter", "moderator"])
def test_every_object_view_refuses_whom_the_article_is_not_for(
    request, password, role, others_draft
):
    article, version = others_draft
    client = logged_in(request.getfixturevalue(role), password)
    before = state(article)

    answers = {
        (method, url): attack(client, method, url, article).status_code
        for method, url in object_requests(article, version)
    }
    preview = client.get(reverse("admin:articles_article_preview", args=(article.pk,)))

    assert set(answers.values()) == {403}, answers
    assert preview.status_code == 404
    assert "Someone else" not in preview.text
    assert state(article) == before


def test_a_reporter_reads_own_published_work_but_changes_nothing(
    reporter, reporter_client, editor_client
):
    article = ArticleFactory(draft=True, authors=[AuthorFactory(user=reporter)])
    version = with_history(article, reporter_client)
    assert press(editor_client, change_url(article), "publish").status_code == 302
    before = state(article)

    answers = {
        (method, url): attack(reporter_client, method, url, article).status_code
        for method, url in object_requests(article, version)
    }
    preview = reporter_client.get(
        reverse("admin:articles_article_preview", args=(article.pk,))
    )

    # Reading: the form (read only), the history, the diff; nothing else.
    assert list(answers.values()) == [200, 403, 200, 403, 403, 200, 403, 403]
    assert preview.status_code == 200
    assert state(article) == before


def test_a_byline_of_another_article_cannot_be_changed_or_removed_through_a_draft(
    reporter, reporter_client, others_draft
):
    own = ArticleFactory(draft=True, authors=[AuthorFactory(user=reporter)])
    victim, _version = others_draft
    foreign = Byline.objects.get(article=victim)
    data = form_data(reporter_client.get(change_url(own)).text)
    before = state(victim), state(own)["bylines"]

    moved = reporter_client.post(
        change_url(own),
        data
        | {
            "bylines-0-id": str(foreign.pk),
            "bylines-0-author": str(AuthorFactory().pk),
            "workflow_action": "save",
        },
    )
    deleted = reporter_client.post(
        change_url(own),
        data
        | {
            "bylines-0-id": str(foreign.pk),
            "bylines-0-DELETE": "on",
            "workflow_action": "save",
        },
    )

    # Django's inline formset finds rows in the draft's own bylines only: a
    # foreign id matches nothing there and its form is skipped.
    assert moved.status_code in (200, 302)
    assert deleted.status_code in (200, 302)
    assert (state(victim), state(own)["bylines"]) == before


def test_a_correction_of_another_article_cannot_be_edited_or_moved(
    editor_client, others_draft
):
    live = ArticleFactory(published=True)
    Correction.objects.create(article=live, text="Our own note.")
    victim, _version = others_draft
    foreign = Correction.objects.get(article=victim)
    page = editor_client.get(change_url(live))
    data = form_data(page.text)
    before = state(victim)

    response = editor_client.post(
        change_url(live),
        data
        | {
            "corrections-0-id": str(foreign.pk),
            "corrections-0-text": "Rewritten by someone else.",
            "workflow_action": "save",
        },
    )
    deleted = editor_client.post(
        change_url(live),
        data
        | {
            "corrections-0-id": str(foreign.pk),
            "corrections-0-DELETE": "on",
            "workflow_action": "save",
        },
    )

    assert response.status_code in (200, 302)
    assert deleted.status_code in (200, 302)
    assert state(victim) == before
    assert list(live.corrections.values_list("text", flat=True)) == ["Our own note."]


def test_a_reporter_cannot_add_or_change_corrections(reporter, reporter_client):
    own = ArticleFactory(draft=True, authors=[AuthorFactory(user=reporter)])
    note = Correction.objects.create(article=own, text="The editor's note.")
    data = form_data(reporter_client.get(change_url(own)).text)

    response = reporter_client.post(
        change_url(own),
        data
        | {
            "corrections-TOTAL_FORMS": "2",
            "corrections-0-id": str(note.pk),
            "corrections-0-text": "Changed by the reporter.",
            "corrections-0-DELETE": "",
            "corrections-1-kind": "correction",
            "corrections-1-text": "Added by the reporter.",
            "workflow_action": "save",
        },
    )

    assert response.status_code in (200, 302)
    assert list(own.corrections.values_list("text", flat=True)) == [
        "The editor's note."
    ]


def test_the_delete_action_takes_only_the_users_own_deletable_articles(
    reporter, reporter_client, others_draft
):
    victim, _version = others_draft
    own_live = ArticleFactory(published=True, authors=[AuthorFactory(user=reporter)])
    before = state(victim), state(own_live)

    response = reporter_client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: [str(victim.pk), str(own_live.pk)],
            "post": "yes",
        },
    )

    assert response.status_code in (200, 302, 403)
    assert (state(victim), state(own_live)) == before


@pytest.mark.parametrize("role", ["reporter", "moderator"])
def test_the_admins_view_on_site_shortcut_does_not_reveal_a_draft_address(
    request, password, role, others_draft
):
    """/admin/r/<type>/<id>/ redirects to an object's page: its URL has the slug."""
    article, _version = others_draft
    client = logged_in(request.getfixturevalue(role), password)
    article_type = ContentType.objects.get_for_model(Article)
    shortcut = reverse("admin:view_on_site", args=(article_type.pk, article.pk))
    missing = reverse("admin:view_on_site", args=(article_type.pk, article.pk + 1000))

    response = client.get(shortcut)

    assert response.status_code == 404
    assert article.slug not in response.get("Location", "")
    assert client.get(missing).status_code == 404


def test_the_shortcut_still_leads_those_who_may_see_the_article(
    editor_client, others_draft
):
    article, _version = others_draft
    article_type = ContentType.objects.get_for_model(Article)

    response = editor_client.get(
        reverse("admin:view_on_site", args=(article_type.pk, article.pk))
    )

    assert response.status_code == 302
    assert response["Location"].endswith(article.get_absolute_url())
