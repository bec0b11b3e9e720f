"""Corrections and "Updated" times for readers; the editors' overview in the admin."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction, ReviewNote
from tests.articles.admin_forms import change_url, errors_of, open_form
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

PUBLISHED_AT = datetime(2026, 2, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def editor_client(client, editor, password):
    assert client.login(username=editor.username, password=password) is True
    return client


@pytest.fixture
def live(time_machine):
    time_machine.move_to(PUBLISHED_AT + timedelta(hours=5), tick=False)
    return ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
        body="<p>The festival starts on 12 March.</p>",
    )


def test_editor_adds_a_correction_that_readers_see_with_its_date(live, editor_client):
    url = change_url(live)
    data = open_form(editor_client, url) | {
        "body": "<p>The festival starts on 13 March.</p>",
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-kind": Correction.Kind.CORRECTION,
        "corrections-0-text": "An earlier version gave the wrong start date.",
        "corrections-0-created_at_0": "03/02/2026",
        "corrections-0-created_at_1": "15:00:00",
        "workflow_action": "save",
    }

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    correction = live.corrections.get()
    assert correction.created_by.username == "editor"
    page = Client().get(live.get_absolute_url())
    assert "Corrections and updates" in page.text
    assert "An earlier version gave the wrong start date." in page.text
    assert "3 February 2026, 15:00" in page.text  # as typed, in Madrid time
    assert "Updated" in page.text


def test_updated_time_shows_only_after_a_content_change(live, editor_client):
    url = change_url(live)
    reader = Client()
    assert "Updated" not in reader.get(live.get_absolute_url()).text

    metadata = open_form(editor_client, url) | {
        "seo_headline": "Festival dates",
        "workflow_action": "save",
    }
    assert editor_client.post(url, metadata).status_code == 302
    assert "byline__updated" not in reader.get(live.get_absolute_url()).text

    content = open_form(editor_client, url) | {
        "headline": "Festival moves to 13 March",
        "workflow_action": "save",
    }
    assert editor_client.post(url, content).status_code == 302
    live.refresh_from_db()
    page = reader.get(live.get_absolute_url())
    assert "byline__updated" in page.text
    assert "3 February 2026, 15:00" in page.text.split("byline__updated", 1)[1]


def test_reporters_see_corrections_but_cannot_add_them(reporter, password, live):
    live.created_by = reporter
    live.save()
    Correction.objects.create(article=live, text="Fixed a name.")
    client = Client()
    client.login(username=reporter.username, password=password)

    page = client.get(change_url(live))

    assert "Fixed a name." in page.text
    formset = next(
        inline
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.prefix == "corrections"
    )
    assert formset.has_add_permission is False


# The editors' overview


def test_admin_front_page_shows_what_needs_attention(editor_client, time_machine):
    now = timezone.now()
    for minutes, headline in [(30, "Newer submission"), (10, "Older submission")]:
        time_machine.move_to(now - timedelta(minutes=60 - minutes), tick=False)
        ArticleFactory(in_review=True, headline=headline, submitted_at=timezone.now())
    time_machine.move_to(now, tick=False)
    ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=datetime(2030, 1, 2, 8, 0, 0, 123456, tzinfo=UTC),
        headline="Scheduled story",
    )
    ArticleFactory(draft=True, headline="Quiet draft")
    CommentFactory.create_batch(3, pending=True)
    CommentFactory(approved=True)

    page = editor_client.get(reverse("admin:index"))

    assert page.status_code == 200
    text = page.text
    assert text.index("Older submission") < text.index("Newer submission")
    assert "Scheduled story" in text
    assert '<time datetime="2030-01-02T09:00:00+01:00">2 Jan 2030, 09:00</time>' in text
    assert "Quiet draft" not in text
    assert '<td class="pending-comments">3</td>' in text


def test_reporter_overview_lists_only_their_own_work(reporter, password):
    mine = ArticleFactory(
        in_review=True, headline="My story", authors=[AuthorFactory(user=reporter)]
    )
    ArticleFactory(in_review=True, headline="Colleague's story")
    sent_back = ArticleFactory(
        draft=True,
        headline="Needs work",
        created_by=reporter,
        submitted_at=timezone.now() - timedelta(hours=1),
    )
    ReviewNote.objects.create(article=sent_back, text="Add a source.")
    client = Client()
    client.login(username=reporter.username, password=password)

    text = client.get(reverse("admin:index")).text

    assert mine.headline in text
    assert "Colleague&#x27;s story" not in text
    assert "Sent back with a note" in text
    assert "Needs work" in text
    assert "pending-comments" not in text


def test_moderator_overview_shows_pending_comments_only(moderator, password):
    ArticleFactory(in_review=True, headline="In review")
    CommentFactory(pending=True)
    client = Client()
    client.login(username=moderator.username, password=password)

    text = client.get(reverse("admin:index")).text

    assert '<td class="pending-comments">1</td>' in text
    assert "In review" not in text
