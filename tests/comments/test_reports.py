"""Readers report comments: no account, rate-limited per IP, a queue of their
own, and under post-moderation hidden after N different readers (issue 16)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from comments.models import Comment, ModerationAction, Report
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def report_url(comment) -> str:
    return reverse("comments:report", args=(comment.pk,))


def report(client, comment, reason="abuse", ip="192.0.2.1"):
    return client.post(report_url(comment), {"reason": reason}, REMOTE_ADDR=ip)


def test_a_reader_reports_a_comment_from_the_article_page(client):
    comment = CommentFactory(approved=True, body="You are all idiots.")

    page = client.get(comment.article.get_absolute_url())
    form = client.get(report_url(comment))
    response = report(client, comment, "abuse")

    assert f'href="{report_url(comment)}"' in page.text
    assert form.status_code == 200
    assert "You are all idiots." in form.text
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert Report.objects.get().reason == "abuse"
    assert "A moderator will look" in client.get(response["Location"]).text


def test_a_report_needs_a_reason(client):
    comment = CommentFactory(approved=True)

    response = client.post(report_url(comment), {"reason": "because"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not Report.objects.exists()


@pytest.mark.parametrize("state", ["pending", "rejected", "spam"])
def test_only_published_comments_can_be_reported(client, state):
    comment = CommentFactory(**{state: True})

    assert client.get(report_url(comment)).status_code == 404
    assert report(client, comment).status_code == 404
    assert not Report.objects.exists()


def test_one_reader_counts_once_however_often_they_report(client, site_settings):
    site_settings(comment_moderation="post", comment_report_threshold=2)
    comment = CommentFactory(approved=True)

    for reason in ("abuse", "spam", "other"):
        report(client, comment, reason, ip="2001:db8:1:2::1")
    # Another address of the same household (IPv6 /64) is the same reader.
    report(client, comment, "abuse", ip="2001:db8:1:2::99")

    assert Report.objects.count() == 1
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_a_report_flood_from_one_ip_is_refused(client, settings):
    settings.NEWSROOM_COMMENT_REPORT_RATE = "3/h"
    comments = CommentFactory.create_batch(5, approved=True)

    answers = [report(client, comment).status_code for comment in comments]

    assert answers == [302, 302, 302, 429, 429]
    assert Report.objects.count() == 3
    refused = report(client, comments[4])
    assert "many reports in a short time" in refused.text
    assert refused["Retry-After"]


def test_post_moderation_hides_a_comment_reported_by_n_readers(client, site_settings):
    site_settings(comment_moderation="post", comment_report_threshold=3)
    comment = CommentFactory(approved=True, body="Buy cheap watches here.")
    article_url = comment.article.get_absolute_url()

    report(client, comment, "spam", ip="192.0.2.1")
    report(client, comment, "spam", ip="192.0.2.2")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    report(client, comment, "off-topic", ip="192.0.2.3")

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.status_reason == "Hidden after reports from 3 readers"
    assert "Buy cheap watches" not in client.get(article_url).text
    hide = ModerationAction.objects.get(comment=comment)
    assert (hide.kind, hide.actor, hide.from_status) == ("hide", None, "approved")


def test_pre_moderation_keeps_reported_comments_until_a_moderator_decides(
    client, site_settings
):
    site_settings(comment_moderation="pre", comment_report_threshold=1)
    comment = CommentFactory(approved=True)

    report(client, comment, "abuse", ip="192.0.2.1")
    report(client, comment, "abuse", ip="192.0.2.2")

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert Report.objects.filter(comment=comment).count() == 2


def test_the_reported_queue_shows_reasons_and_counts_until_decided(client, moderator):
    reported = CommentFactory(approved=True)
    CommentFactory(approved=True)
    report(client, reported, "abuse", ip="192.0.2.1")
    report(client, reported, "abuse", ip="192.0.2.2")
    report(client, reported, "spam", ip="192.0.2.3")
    client.force_login(moderator)

    queue = client.get(QUEUE, {"status__exact": "reported"})
    text = re.sub(r"<[^>]+>", "", queue.text)

    assert list(queue.context["cl"].result_list) == [reported]
    assert "Reported by 3 readers: Abusive or hateful (2), Spam (1)" in text
    assert "Reported by readers (1)" in text
    # Keeping it (approve) answers the reports: it leaves the reported queue.
    client.post(
        reverse("admin:comments_comment_moderate", args=(reported.pk,)),
        {"status": "approved"},
    )
    assert (
        list(client.get(QUEUE, {"status__exact": "reported"}).context["cl"].result_list)
        == []
    )
