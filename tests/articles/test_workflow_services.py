"""The workflow services: transitions, their rules, and who may call them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Correction, ReviewNote
from articles.services import (
    Transition,
    article_corrections_save,
    article_publish,
    article_save,
    article_schedule,
    article_send_back,
    article_submit_for_review,
    article_transitions,
    article_unpublish,
)
from tests.articles.factories import ArticleFactory
from tests.images.factories import ImageFactory

pytestmark = pytest.mark.django_db


def test_submit_moves_a_draft_into_review(reporter):
    article = ArticleFactory(draft=True, created_by=reporter)

    article_submit_for_review(article=article, user=reporter)

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert article.submitted_at is not None


def test_only_a_draft_can_be_submitted(editor):
    article = ArticleFactory(published=True)

    with pytest.raises(ValidationError):
        article_submit_for_review(article=article, user=editor)


@pytest.mark.parametrize(
    "call",
    [
        lambda article, user: article_publish(article=article, user=user),
        lambda article, user: article_schedule(
            article=article,
            user=user,
            published_at=timezone.now() + timedelta(days=1),
        ),
        lambda article, user: article_unpublish(article=article, user=user),
        lambda article, user: article_send_back(article=article, user=user, note="x"),
    ],
    ids=["publish", "schedule", "unpublish", "send_back"],
)
@pytest.mark.parametrize("role", ["reporter", "moderator"])
def test_editor_transitions_refuse_users_without_the_publish_permission(
    request, call, role
):
    user = request.getfixturevalue(role)
    article = ArticleFactory(in_review=True, created_by=user)

    with pytest.raises(PermissionDenied):
        call(article, user)

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_article_save_refuses_a_reporter_storing_published_work(reporter):
    article = ArticleFactory(draft=True, created_by=reporter)
    article.status = Article.Status.PUBLISHED

    with pytest.raises(PermissionDenied):
        article_save(article=article, user=reporter)

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_publish_now_stamps_the_current_time(editor, time_machine):
    time_machine.move_to("2026-03-01 09:30:00+01:00", tick=False)
    article = ArticleFactory(in_review=True)

    article_publish(article=article, user=editor)

    assert article.published_at == timezone.now()
    assert article.is_published is True


def test_publish_now_replaces_a_future_time_but_keeps_a_past_one(editor):
    future = ArticleFactory(draft=True, published_at=timezone.now() + timedelta(days=3))
    past_time = timezone.now() - timedelta(days=3)
    republished = ArticleFactory(draft=True, published_at=past_time)

    article_publish(article=future, user=editor)
    article_publish(article=republished, user=editor)

    assert future.published_at <= timezone.now()
    assert republished.published_at == past_time


def test_schedule_needs_a_future_time(editor):
    article = ArticleFactory(draft=True)

    with pytest.raises(ValidationError):
        article_schedule(
            article=article,
            user=editor,
            published_at=timezone.now() - timedelta(minutes=1),
        )


def test_schedule_refuses_a_live_article(editor):
    article = ArticleFactory(published=True)

    with pytest.raises(ValidationError):
        article_schedule(
            article=article, user=editor, published_at=timezone.now() + timedelta(1)
        )


def test_unpublish_keeps_a_live_articles_date_and_forgets_a_cancelled_schedule(
    editor,
):
    live = ArticleFactory(published=True)
    live_time = live.published_at
    scheduled = ArticleFactory(scheduled=True)

    article_unpublish(article=live, user=editor)
    article_unpublish(article=scheduled, user=editor)

    assert (live.status, live.published_at) == (Article.Status.DRAFT, live_time)
    assert (scheduled.status, scheduled.published_at) == (Article.Status.DRAFT, None)


def test_send_back_stores_the_note_and_returns_to_draft(editor):
    article = ArticleFactory(in_review=True)

    article_send_back(article=article, user=editor, note="  Check the figures.  ")

    assert article.status == Article.Status.DRAFT
    note = ReviewNote.objects.get(article=article)
    assert (note.text, note.created_by) == ("Check the figures.", editor)


def test_send_back_needs_a_note(editor):
    article = ArticleFactory(in_review=True)

    with pytest.raises(ValidationError):
        article_send_back(article=article, user=editor, note=" ")

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


@pytest.mark.parametrize(
    ("trait", "role", "expected"),
    [
        ("draft", "reporter", ["save", "submit"]),
        ("in_review", "reporter", ["save"]),
        ("published", "reporter", []),
        ("draft", "editor", ["save", "submit", "publish", "schedule"]),
        ("in_review", "editor", ["save", "publish", "schedule", "send_back"]),
        ("scheduled", "editor", ["save", "publish", "schedule", "unpublish"]),
        ("published", "editor", ["save", "unpublish"]),
        ("draft", "moderator", []),
    ],
)
def test_transitions_offered_per_role_and_state(request, trait, role, expected):
    user = request.getfixturevalue(role)
    article = ArticleFactory(**{trait: True}, created_by=user)

    transitions = article_transitions(article=article, user=user)

    assert [Transition(t).value for t in transitions] == expected


def test_every_save_keeps_a_version_with_its_author(editor):
    article = ArticleFactory(draft=True)

    article_save(article=article, user=editor)
    article_publish(article=article, user=editor)

    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert {version.revision.user for version in versions} == {editor}
    assert versions.first().revision.comment == "Published."


# "Updated": content changes of live articles only


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("headline", "A new headline"),
        ("standfirst", "A new standfirst."),
        ("body", "<p>New text.</p>"),
    ],
)
def test_content_change_on_a_live_article_sets_the_updated_time(editor, field, value):
    article = ArticleFactory(published=True)

    setattr(article, field, value)
    article_save(article=article, user=editor)

    assert article.content_updated_at is not None
    assert article.updated_for_readers == article.content_updated_at


def test_new_lead_image_on_a_live_article_is_an_update(editor, jpeg):
    article = ArticleFactory(published=True)

    article.lead_image = ImageFactory(alt="A new photo")
    article_save(article=article, user=editor)

    assert article.updated_for_readers is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seo_headline", "Search headline"),
        ("comments_open", False),
        ("lead_image_caption", "A caption"),
    ],
)
def test_metadata_change_does_not_set_the_updated_time(editor, field, value):
    article = ArticleFactory(published=True)

    setattr(article, field, value)
    article_save(article=article, user=editor)

    article.refresh_from_db()
    assert article.content_updated_at is None
    assert article.updated_for_readers is None


@pytest.mark.parametrize("trait", ["draft", "in_review", "scheduled"])
def test_content_change_before_publication_is_not_an_update(editor, trait):
    article = ArticleFactory(**{trait: True})

    article.body = "<p>Rewritten.</p>"
    article_save(article=article, user=editor)

    assert article.content_updated_at is None


def test_new_correction_on_a_live_article_updates_it(editor):
    article = ArticleFactory(published=True)

    article_corrections_save(
        article=article,
        corrections=[Correction(kind="correction", text="The date was wrong.")],
        user=editor,
    )

    article.refresh_from_db()
    assert article.updated_for_readers is not None
    assert article.corrections.get().created_by == editor


def test_only_editors_add_corrections(reporter):
    article = ArticleFactory(published=True, created_by=reporter)

    with pytest.raises(PermissionDenied):
        article_corrections_save(
            article=article, corrections=[Correction(text="x")], user=reporter
        )

    assert article.corrections.exists() is False
