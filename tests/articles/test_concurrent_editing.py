"""Two people edit the same article: the stale save is refused, nothing is lost."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from articles.models import Article
from articles.services import article_save
from tests.articles.admin_forms import change_url, errors_of, form_data, open_form
from tests.articles.factories import ArticleFactory
from tests.authors.factories import UserFactory

pytestmark = pytest.mark.django_db

MINE = "<p>The council approved the budget after a four-hour debate.</p>"


def with_history(article: Article) -> Article:
    """Give a factory-made article its first version, as every admin save does."""
    return article_save(article=article, user=None)


@pytest.fixture
def two_editors(editor, password):
    second = UserFactory(
        username="second-editor", is_staff=True, first_name="Ana", last_name="Ruiz"
    )
    second.groups.add(Group.objects.get(name="Editor"))
    first_client, second_client = Client(), Client()
    assert first_client.login(username=editor.username, password=password) is True
    assert second_client.login(username=second.username, password="password") is True
    return first_client, second_client


def test_stale_save_is_refused_and_keeps_the_second_persons_text(two_editors):
    first, second = two_editors
    article = with_history(
        ArticleFactory(
            draft=True,
            headline="Council approves budget",
            body="<p>The council approved the budget.</p>",
        )
    )
    url = change_url(article)
    first_form = open_form(first, url)
    second_form = open_form(second, url)

    saved = second.post(
        url,
        second_form
        | {"headline": "Council approves 2027 budget", "workflow_action": "save"},
    )
    refused = first.post(url, first_form | {"body": MINE, "workflow_action": "save"})

    assert saved.status_code == 302, errors_of(saved)
    assert refused.status_code == 200
    assert "Someone else saved this article" in refused.text
    # The first editor's text is still in the form.
    assert refused.context["adminform"].form["body"].value() == MINE
    assert "four-hour debate" in refused.text
    # What changed meanwhile, field by field, and who changed it.
    conflict = refused.context["conflict"]
    assert [change.key for change in conflict.changes] == ["headline"]
    assert "<ins>2027 </ins>" in conflict.changes[0].diff
    assert conflict.saves[0][0].username == "second-editor"
    assert "Ana Ruiz" in refused.text
    # Nothing was overwritten.
    article.refresh_from_db()
    assert article.headline == "Council approves 2027 budget"
    assert article.body == "<p>The council approved the budget.</p>"


def test_saving_again_after_seeing_the_changes_is_deliberate_and_works(two_editors):
    first, second = two_editors
    article = ArticleFactory(draft=True, headline="Council approves budget")
    url = change_url(article)
    first_form = open_form(first, url)
    assert (
        second.post(
            url,
            open_form(second, url) | {"standfirst": "New.", "workflow_action": "save"},
        ).status_code
        == 302
    )
    refused = first.post(url, first_form | {"body": MINE, "workflow_action": "save"})
    assert refused.status_code == 200

    # The refused page carries the new lock: pressing save again keeps my version.
    again = first.post(url, form_data(refused.text) | {"workflow_action": "save"})

    assert again.status_code == 302, errors_of(again)
    article.refresh_from_db()
    assert article.body == MINE


def test_stale_publish_is_refused_too(two_editors):
    first, second = two_editors
    article = with_history(ArticleFactory(in_review=True))
    url = change_url(article)
    first_form = open_form(first, url)
    assert (
        second.post(
            url,
            open_form(second, url)
            | {"workflow_action": "send_back", "review_note": "Needs sources."},
        ).status_code
        == 302
    )

    refused = first.post(url, first_form | {"workflow_action": "publish"})

    assert refused.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert "status" in [change.key for change in refused.context["conflict"].changes]


def test_form_without_a_lock_token_is_treated_as_stale(two_editors):
    first, _second = two_editors
    article = ArticleFactory(draft=True, headline="Original")
    url = change_url(article)
    data = open_form(first, url)
    del data["lock_token"]

    response = first.post(url, data | {"headline": "Blind", "workflow_action": "save"})

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline == "Original"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_the_same_form_save_exactly_once(editor, password):
    """Both requests pass the token check only one at a time (row lock)."""
    article = ArticleFactory(draft=True, headline="Original")
    url = change_url(article)
    opener = Client()
    opener.login(username=editor.username, password=password)
    form = open_form(opener, url)
    barrier = threading.Barrier(2)
    results = {}

    def save(name: str):
        client = Client()
        client.login(username=editor.username, password=password)
        barrier.wait()
        try:
            response = client.post(
                url, form | {"headline": name, "workflow_action": "save"}
            )
            results[name] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == [200, 302]
    winner = next(name for name, status in results.items() if status == 302)
    article.refresh_from_db()
    assert article.headline == winner


def test_conflict_on_an_article_without_history_compares_with_your_version(
    two_editors,
):
    first, second = two_editors
    article = ArticleFactory(draft=True, headline="Imported", body="<p>Old.</p>")
    url = change_url(article)
    first_form = open_form(first, url)
    assert (
        second.post(
            url,
            open_form(second, url) | {"headline": "Theirs", "workflow_action": "save"},
        ).status_code
        == 302
    )

    refused = first.post(url, first_form | {"body": MINE, "workflow_action": "save"})

    assert refused.status_code == 200
    conflict = refused.context["conflict"]
    assert conflict.base_found is False
    assert {change.key for change in conflict.changes} == {"headline", "body"}
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Theirs", "<p>Old.</p>")
