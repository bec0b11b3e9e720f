"""Every moderation action is recorded, shown to editors on the comment and
filterable; the admin's front page shows the queue's numbers (issue 16)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, ModerationAction
from comments.services import comments_moderate
from tests.articles.admin_forms import form_data
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
LOG = reverse("admin:comments_moderationaction_changelist")


def test_each_way_of_deciding_is_recorded_with_who_what_when_and_from_what(
    client, moderator, superuser
):
    comment = CommentFactory()
    client.force_login(moderator)
    answer = client.post(
        reverse("admin:comments_comment_moderate", args=(comment.pk,)),
        {"status": "rejected"},
        **JSON,
    ).json()
    client.post(answer["undo_url"], {"action": answer["action"]}, **JSON)
    client.post(
        reverse("admin:comments_comment_changelist") + "?status__exact=pending",
        {
            "action": "mark_spam",
            "_selected_action": [comment.pk],
            "expect": "pending=1",
        },
    )
    client.force_login(superuser)
    url = reverse("admin:comments_comment_change", args=(comment.pk,))
    data = form_data(client.get(url).text, form_id="comment_form")
    client.post(url, data | {"status": "approved"})

    trail = list(
        comment.actions.order_by("created_at", "id").values_list(
            "kind", "actor__username", "from_status", "to_status"
        )
    )
    assert trail == [
        ("reject", "moderator", "pending", "rejected"),
        ("undo", "moderator", "rejected", "pending"),
        ("spam", "moderator", "pending", "spam"),
        ("edit", "admin", "spam", "approved"),
    ]
    assert all(action.created_at <= timezone.now() for action in comment.actions.all())


def test_editors_see_the_trail_on_the_comment(client, editor, moderator):
    comment = CommentFactory()
    comments_moderate(
        comments=Comment.objects.filter(pk=comment.pk),
        status="spam",
        moderator=moderator,
    )
    client.force_login(editor)

    response = client.get(reverse("admin:comments_comment_change", args=(comment.pk,)))

    assert response.status_code == 200
    table = re.search(r'<table class="comment-audit">.*?</table>', response.text, re.S)
    assert "Marked as spam" in table[0]
    assert "moderator" in table[0]
    assert "Pending → Spam" in table[0]


def test_the_log_is_filterable_by_action_and_moderator(client, editor, moderator):
    first, second = CommentFactory.create_batch(2)
    comments_moderate(
        comments=Comment.objects.filter(pk=first.pk),
        status="spam",
        moderator=moderator,
    )
    comments_moderate(
        comments=Comment.objects.filter(pk=second.pk),
        status="approved",
        moderator=editor,
    )
    client.force_login(editor)

    spam = client.get(LOG, {"kind__exact": "spam"})
    by_editor = client.get(LOG, {"actor__id__exact": editor.pk})
    on_comment = client.get(LOG, {"comment__id__exact": second.pk})

    assert [a.comment_id for a in spam.context["cl"].result_list] == [first.pk]
    assert [a.comment_id for a in by_editor.context["cl"].result_list] == [second.pk]
    assert [a.comment_id for a in on_comment.context["cl"].result_list] == [second.pk]


def test_the_log_cannot_be_changed(client, superuser, moderator):
    comment = CommentFactory()
    [action] = comments_moderate(
        comments=Comment.objects.filter(pk=comment.pk),
        status="spam",
        moderator=moderator,
    )
    client.force_login(superuser)

    delete = client.post(
        reverse("admin:comments_moderationaction_delete", args=(action.pk,)),
        {"post": "yes"},
    )

    assert delete.status_code == 403
    assert ModerationAction.objects.filter(pk=action.pk).exists()


def test_the_front_page_shows_pending_oldest_age_and_median_time_to_decide(
    client, moderator, time_machine
):
    now = timezone.now()
    time_machine.move_to(now - timedelta(days=10), tick=False)
    old = CommentFactory()
    comments_moderate(  # decided 10 days ago: outside the median's week
        comments=Comment.objects.filter(pk=old.pk),
        status="approved",
        moderator=moderator,
    )
    time_machine.move_to(now - timedelta(hours=3), tick=False)
    waiting = CommentFactory()
    decided = [CommentFactory() for _ in range(3)]
    for minutes, comment in zip((10, 30, 90), decided, strict=True):
        time_machine.move_to(now - timedelta(hours=3) + timedelta(minutes=minutes))
        comments_moderate(
            comments=Comment.objects.filter(pk=comment.pk),
            status="approved",
            moderator=moderator,
        )
    time_machine.move_to(now, tick=False)
    client.force_login(moderator)

    html = client.get(reverse("admin:index")).text

    assert waiting.status == "pending"
    assert re.search(r'moderation-overview__pending">1<', html)
    assert re.search(r'moderation-overview__oldest">3 h 0 min<', html)
    assert re.search(r'moderation-overview__median">30 min<', html)
