"""Emails: the moderators' digest and the commenter's opt-in approval notice."""

import io
import logging
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments.models import BannedPhrase, Comment
from comments.notifications import wait_for_mail
from newsroom.models import SiteSettings
from tests.articles.factories import ArticleFactory
from tests.authors.factories import UserFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_form_data
from tests.comments.mail_backends import SlowEmailBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(published=True, headline="Market moves to the port")


@pytest.fixture
def moderators(moderator):
    """Two moderators with email addresses, one without, one inactive."""
    group = Group.objects.get(name="Moderator")
    second = UserFactory(username="second-moderator")
    silent = UserFactory(username="no-email", email="")
    gone = UserFactory(username="gone", is_active=False)
    group.user_set.add(second, silent, gone)
    return [moderator, second]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run after-commit work (emails) as a real transaction would, then wait."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        wait_for_mail()
        return result

    return run


def post(client, article, **fields):
    return client.post(article.get_absolute_url(), comment_form_data(article, **fields))


def test_moderators_get_one_digest_when_a_comment_waits(
    client, article, moderators, commit
):
    response = commit(lambda: post(client, article, name="Marta", body="Hello port"))

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert sorted(digest.to) == [
        "moderator@example.org",
        "second-moderator@example.org",
    ]
    assert "1 comment waits for moderation" in digest.subject
    assert "Marta on “Market moves to the port”" in digest.body
    assert "Hello port" in digest.body
    assert (
        "http://127.0.0.1:8000/admin/comments/comment/?status__exact=pending"
        in digest.body
    )
    # Moderators see names, never what readers are told is private.
    assert "marta@example.org" not in digest.body


def test_digest_goes_out_at_most_once_per_interval(
    client, article, moderators, commit, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    commit(lambda: post(client, article, body="One", email="a@example.org"))
    time_machine.move_to(timezone.now() + timedelta(minutes=10), tick=False)
    commit(lambda: post(client, article, body="Two", email="b@example.org"))
    assert len(mail.outbox) == 1

    time_machine.move_to(timezone.now() + timedelta(minutes=6), tick=False)
    commit(lambda: post(client, article, body="Three", email="c@example.org"))

    assert len(mail.outbox) == 2
    assert "3 comments wait for moderation" in mail.outbox[1].subject
    assert "Two" in mail.outbox[1].body
    assert "Three" in mail.outbox[1].body


def test_digest_interval_follows_the_site_setting(
    client, article, moderators, commit, time_machine, site_settings
):
    site_settings(moderation_digest_minutes=60)
    time_machine.move_to(timezone.now(), tick=False)
    commit(lambda: post(client, article, body="One", email="a@example.org"))
    time_machine.move_to(timezone.now() + timedelta(minutes=30), tick=False)

    commit(lambda: post(client, article, body="Two", email="b@example.org"))

    assert len(mail.outbox) == 1


def test_scheduled_command_sends_what_arrived_in_the_quiet_interval(
    client, article, moderators, commit, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    commit(lambda: post(client, article, body="One", email="a@example.org"))
    time_machine.move_to(timezone.now() + timedelta(minutes=5), tick=False)
    commit(lambda: post(client, article, body="Two", email="b@example.org"))
    call_command("send_moderation_digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1

    time_machine.move_to(timezone.now() + timedelta(minutes=11), tick=False)
    call_command("send_moderation_digest", stdout=io.StringIO())
    call_command("send_moderation_digest", stdout=io.StringIO())

    assert len(mail.outbox) == 2
    assert "Two" in mail.outbox[1].body


def test_digest_also_goes_to_the_address_in_the_site_settings(
    client, article, commit, site_settings
):
    site_settings(moderation_email="desk@example.org")

    commit(lambda: post(client, article))

    assert mail.outbox[0].to == ["desk@example.org"]


def test_no_digest_for_spam_or_trusted_commenters(
    client, article, moderators, commit, site_settings
):
    BannedPhrase.objects.create(phrase="casino", action=BannedPhrase.Action.SPAM)
    site_settings(trusted_commenter_threshold=1)
    CommentFactory(email="regular@example.org", approved=True)

    commit(lambda: post(client, article, body="Best casino"))
    commit(lambda: post(client, article, email="regular@example.org", body="Hi"))

    assert mail.outbox == []


def test_post_moderated_comments_are_announced_for_review(
    client, article, moderators, commit, site_settings
):
    site_settings(comment_moderation=SiteSettings.CommentModeration.POST)

    commit(lambda: post(client, article))

    assert "1 published comment has not been reviewed yet" in mail.outbox[0].body
    assert "?status__exact=unreviewed" in mail.outbox[0].body


def test_failing_mail_server_loses_no_comment_and_shows_no_error(
    client, article, moderators, commit, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.comments.mail_backends.FailingEmailBackend"

    with caplog.at_level(logging.ERROR, logger="comments.notifications"):
        response = commit(lambda: post(client, article, body="Kept safe"))

    assert response.status_code == 302
    assert Comment.objects.get().body == "Kept safe"
    assert "Could not send 1 comment email(s)" in caplog.text
    page = client.get(response["Location"])
    assert "Your comment is awaiting moderation" in page.text

    # The next comment tries again rather than waiting out the interval.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    commit(lambda: post(client, article, body="Next", email="next@example.org"))
    assert len(mail.outbox) == 1


def test_slow_mail_server_does_not_slow_the_readers_page(
    client, article, moderators, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.comments.mail_backends.SlowEmailBackend"

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article)
    elapsed = time.monotonic() - started
    wait_for_mail()

    assert response.status_code == 302
    assert elapsed < SlowEmailBackend.delay
    assert len(mail.outbox) == 1


def test_commenter_who_opted_in_is_emailed_once_when_approved(
    client, article, moderator, commit
):
    post(client, article, notify="on", body="Please tell me", email="ana@example.org")
    comment = Comment.objects.get()
    assert comment.notify_on_approval is True
    mail.outbox.clear()
    client.force_login(moderator)
    url = reverse("admin:comments_comment_moderate", args=(comment.pk,))

    commit(lambda: client.post(url, {"status": "approved"}))
    commit(lambda: client.post(url, {"status": "approved"}))

    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["ana@example.org"]
    assert "“Market moves to the port” is published" in notice.subject
    assert f"http://127.0.0.1:8000{comment.get_absolute_url()}" in notice.body


def test_commenter_who_did_not_opt_in_gets_no_email(client, article, moderator, commit):
    post(client, article)
    mail.outbox.clear()
    comment = Comment.objects.get()
    client.force_login(moderator)

    commit(
        lambda: client.post(
            reverse("admin:comments_comment_moderate", args=(comment.pk,)),
            {"status": "approved"},
        )
    )

    assert mail.outbox == []


def test_bulk_approval_emails_each_commenter_who_opted_in(client, moderator, commit):
    wanted = CommentFactory.create_batch(3, notify_on_approval=True)
    CommentFactory(notify_on_approval=False)
    CommentFactory(notify_on_approval=True, spam=True)
    client.force_login(moderator)

    commit(
        lambda: client.post(
            reverse("admin:comments_comment_changelist") + "?status__exact=pending",
            {
                "action": "mark_approved",
                "_selected_action": list(
                    Comment.objects.pending().values_list("pk", flat=True)
                ),
                "expect": "pending=4",
            },
        )
    )

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        comment.email for comment in wanted
    )


def test_approval_in_the_change_form_emails_the_commenter(client, superuser, commit):
    comment = CommentFactory(notify_on_approval=True, email="ana@example.org")
    client.force_login(superuser)

    response = commit(
        lambda: client.post(
            reverse("admin:comments_comment_change", args=(comment.pk,)),
            {
                "name": comment.name,
                "email": comment.email,
                "body": comment.body,
                "status": "approved",
            },
        )
    )

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
