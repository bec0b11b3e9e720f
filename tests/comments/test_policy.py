"""The site's comment policy: moderation mode, closing, trust, banned words, links."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from comments.models import BannedPhrase, Comment
from comments.sections import comment_form_url
from newsroom.models import SiteSettings
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_form_data

pytestmark = pytest.mark.django_db

AWAITING = "Your comment is awaiting moderation"
PUBLISHED = "Your comment is published"


@pytest.fixture
def article():
    return ArticleFactory(published=True)


def post(client, article, **fields):
    return client.post(article.get_absolute_url(), comment_form_data(article, **fields))


def stored() -> Comment:
    return Comment.objects.get()


def stored_last() -> Comment:
    return Comment.objects.order_by("-id").first()


def test_pre_moderation_is_the_default(client, article):
    response = post(client, article, body="First!")

    assert SiteSettings.load().comment_moderation == "pre"
    assert stored().status == Comment.Status.PENDING
    assert response["Location"].endswith("#content")
    page = client.get(article.get_absolute_url())
    assert AWAITING in page.text
    assert "First!" not in page.text


def test_post_moderation_publishes_at_once_and_a_moderator_can_remove_it(
    client, article, site_settings
):
    site_settings(comment_moderation=SiteSettings.CommentModeration.POST)

    response = post(client, article, body="Visible straight away")

    comment = stored()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_at is None
    assert list(Comment.objects.unreviewed()) == [comment]
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    page = client.get(response["Location"])
    assert PUBLISHED in page.text
    assert "Visible straight away" in page.text
    assert "appear at once" in page.text

    comment.status = Comment.Status.REJECTED
    comment.save()
    assert "Visible straight away" not in client.get(article.get_absolute_url()).text


def test_post_moderation_hides_the_approval_email_checkbox(
    client, article, site_settings
):
    assert 'name="notify"' in client.get(comment_form_url(article)).text

    site_settings(comment_moderation=SiteSettings.CommentModeration.POST)

    assert 'name="notify"' not in client.get(comment_form_url(article)).text


def test_comments_close_automatically_n_days_after_publication(
    client, site_settings, time_machine
):
    site_settings(comments_close_after_days=7)
    published = timezone.now() - timedelta(days=6, hours=23)
    article = ArticleFactory(published=True, published_at=published)

    page = client.get(article.get_absolute_url())
    assert 'id="comment-form"' in page.text
    assert "Comments close on" in page.text
    time_machine.move_to(published + timedelta(days=7, seconds=1))
    page = client.get(article.get_absolute_url())
    response = post(client, article)

    assert "Comments are closed on this article." in page.text
    assert 'id="comment-form"' not in page.text
    assert response.status_code == 400
    assert "Comments are closed on this article." in response.text
    assert Comment.objects.exists() is False


def test_comments_stay_open_without_an_auto_close_setting(client, time_machine):
    article = ArticleFactory(published=True)
    time_machine.move_to(timezone.now() + timedelta(days=3650))

    response = post(client, article)

    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_comments_closed_on_one_article_stay_open_on_others(client):
    closed = ArticleFactory(published=True, comments_open=False)
    open_ = ArticleFactory(published=True)

    assert post(client, closed).status_code == 400
    assert post(client, open_).status_code == 302
    assert list(Comment.objects.values_list("article", flat=True)) == [open_.pk]


@pytest.mark.parametrize("approved", [0, 2])
def test_trusted_commenters_are_off_by_default(client, article, approved):
    CommentFactory.create_batch(approved, email="regular@example.org", approved=True)

    post(client, article, email="regular@example.org")

    assert SiteSettings.load().trusted_commenter_threshold is None
    assert stored_last().status == Comment.Status.PENDING


def test_commenter_with_enough_approved_comments_is_published_at_once(
    client, article, site_settings
):
    site_settings(trusted_commenter_threshold=3)
    CommentFactory.create_batch(2, email="Regular@Example.org", approved=True)
    CommentFactory(email="regular@example.org", pending=True)

    post(client, article, email="regular@example.org", body="Second")
    assert stored_last().status == Comment.Status.PENDING

    CommentFactory(email="REGULAR@example.org", approved=True)
    response = post(client, article, email="regular@example.org", body="Third")
    comment = stored_last()

    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_at is None
    assert response["Location"].endswith(f"#comment-{comment.pk}")


@pytest.mark.parametrize("refused", ["rejected", "spam"])
def test_a_rejected_or_spam_comment_loses_the_commenters_trust(
    client, article, site_settings, refused
):
    site_settings(trusted_commenter_threshold=2)
    CommentFactory.create_batch(5, email="mixed@example.org", approved=True)
    CommentFactory(email="mixed@example.org", **{refused: True})

    post(client, article, email="mixed@example.org")

    assert stored_last().status == Comment.Status.PENDING


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Buy CHEAP  pills here", "body"),
        ("cheap pills", "name"),
        ("Great news. Cheap\npills!", "body"),
    ],
)
def test_banned_phrase_marked_spam_sends_the_comment_to_spam(
    client, article, text, field
):
    BannedPhrase.objects.create(phrase="cheap pills", action=BannedPhrase.Action.SPAM)

    response = post(client, article, **{field: text})

    assert stored().status == Comment.Status.SPAM
    # The robot hears what everyone hears.
    assert response.status_code == 302
    assert AWAITING in client.get(response["Location"]).text


def test_banned_phrase_marked_hold_waits_even_under_post_moderation(
    client, article, site_settings
):
    site_settings(comment_moderation=SiteSettings.CommentModeration.POST)
    BannedPhrase.objects.create(phrase="idiot", action=BannedPhrase.Action.HOLD)

    post(client, article, body="What an Idiot.")

    assert stored().status == Comment.Status.PENDING


def test_banned_phrases_match_whole_words_only(client, article, site_settings):
    site_settings(comment_moderation=SiteSettings.CommentModeration.POST)
    BannedPhrase.objects.create(phrase="ass", action=BannedPhrase.Action.SPAM)

    post(client, article, body="The town assembly passed the budget.")

    assert stored().status == Comment.Status.APPROVED


def test_banned_phrase_in_the_email_address_counts(client, article):
    BannedPhrase.objects.create(phrase="casino", action=BannedPhrase.Action.SPAM)

    post(client, article, email="win@casino-bonus.example")

    assert stored().status == Comment.Status.SPAM


def test_spam_beats_hold_when_both_match(client, article):
    BannedPhrase.objects.create(phrase="idiot", action=BannedPhrase.Action.HOLD)
    BannedPhrase.objects.create(phrase="casino", action=BannedPhrase.Action.SPAM)

    post(client, article, body="idiot casino")

    assert stored().status == Comment.Status.SPAM


def test_editing_the_banned_list_applies_to_the_next_comment(client, article):
    post(client, article, body="Cheap pills")
    assert stored_last().status == Comment.Status.PENDING
    phrase = BannedPhrase.objects.create(
        phrase="cheap pills", action=BannedPhrase.Action.SPAM
    )

    post(client, article, body="Cheap pills again")
    assert stored_last().status == Comment.Status.SPAM

    phrase.delete()
    post(client, article, body="Cheap pills once more")
    assert stored_last().status == Comment.Status.PENDING


def test_banned_phrase_is_unique_ignoring_case():
    BannedPhrase.objects.create(phrase="Casino")

    with pytest.raises(ValidationError, match="already listed"):
        BannedPhrase(phrase="casino").full_clean()


@pytest.mark.parametrize(
    ("body", "held"),
    [
        ("See https://a.example and http://b.example", False),
        ("https://a.example http://b.example www.c.example", True),
        ('<a href="x">one</a> [url=y]two[/url] https://z.example', True),
    ],
)
def test_comments_with_more_links_than_allowed_are_held(
    client, article, site_settings, body, held
):
    site = site_settings(comment_moderation=SiteSettings.CommentModeration.POST)
    assert site.comment_max_links == 2

    post(client, article, body=body)

    expected = Comment.Status.PENDING if held else Comment.Status.APPROVED
    assert stored().status == expected


def test_links_limit_holds_trusted_commenters_too(client, article, site_settings):
    site_settings(trusted_commenter_threshold=1, comment_max_links=0)
    CommentFactory(email="regular@example.org", approved=True)

    post(client, article, email="regular@example.org", body="www.example.org")

    assert stored_last().status == Comment.Status.PENDING
