"""The moderation desk's queue: filters that stay in the queue, exact counts, bulk
actions that say what they will change, decisions in place with undo (issue 16)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from comments.models import Comment, ModerationAction
from comments.services import UNDO_SECONDS
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")
AUTOCOMPLETE = reverse("admin:comments_comment_article_autocomplete")
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def rows(response) -> list[Comment]:
    return list(response.context["cl"].result_list)


def counts(html: str) -> dict[str, int]:
    return {
        status: int(count)
        for status, count in re.findall(r'data-status-count="([a-z]+)">(\d+)<', html)
    }


def moderate(client, comment, status, **headers):
    return client.post(
        reverse("admin:comments_comment_moderate", args=(comment.pk,)),
        {"status": status},
        **headers,
    )


def test_article_autocomplete_finds_published_headlines_only(moderator_client):
    published = ArticleFactory(published=True, headline="Altea water cuts")
    ArticleFactory(draft=True, headline="Altea mayor resigns (embargoed)")
    ArticleFactory(scheduled=True, headline="Altea festival programme")

    data = moderator_client.get(AUTOCOMPLETE, {"term": "altea"}).json()

    assert data["results"] == [{"id": str(published.pk), "text": "Altea water cuts"}]


def test_article_autocomplete_needs_the_moderation_permission(client, reporter):
    ArticleFactory(published=True, headline="Altea water cuts")
    client.force_login(reporter)

    assert client.get(AUTOCOMPLETE, {"term": "altea"}).status_code == 403


def test_the_article_filter_takes_a_typed_headline_without_javascript(
    moderator_client,
):
    article = ArticleFactory(published=True, headline="Beach flags in Dénia")
    on_article = CommentFactory(article=article)
    CommentFactory()
    hidden = CommentFactory(article=ArticleFactory(draft=True, headline="Beach plan"))

    listed = rows(
        moderator_client.get(QUEUE, {"status__exact": "all", "article": "beach"})
    )

    assert listed == [on_article]
    assert hidden not in listed


def test_an_article_link_in_a_row_filters_the_queue_it_is_in(moderator_client):
    article = ArticleFactory(published=True, headline="Water cuts")
    pending = CommentFactory(article=article)
    CommentFactory(article=article, rejected=True)
    CommentFactory()

    html = moderator_client.get(QUEUE, {"status__exact": "pending"}).text
    link = re.search(r'href="\?([^"]*article=\d+)"', html)[1].replace("&amp;", "&")
    filtered = moderator_client.get(f"{QUEUE}?{link}")

    assert link == f"status__exact=pending&article={article.pk}"
    assert rows(filtered) == [pending]
    assert "Water cuts" in filtered.text


def test_one_way_back_to_all_pending(moderator_client):
    CommentFactory()
    pending = moderator_client.get(QUEUE, {"status__exact": "pending"}).text
    filtered = moderator_client.get(
        QUEUE, {"status__exact": "rejected", "commenter": "a@example.org"}
    ).text

    back = f'href="{QUEUE}?status__exact=pending"'
    assert back not in pending
    assert filtered.count("All pending comments") == 1
    assert back in filtered
    assert "Clear all filters" not in filtered
    assert "Show all" not in filtered


def test_the_status_filter_has_an_all_statuses_view_with_the_status_per_row(
    moderator_client,
):
    article = ArticleFactory(published=True)
    CommentFactory(article=article)
    CommentFactory(article=article, rejected=True)
    CommentFactory(article=article, spam=True)

    html = moderator_client.get(
        QUEUE, {"status__exact": "all", "article": article.pk}
    ).text

    statuses = re.findall(r'<span class="comment-status">([^<]+)<', html)
    assert sorted(statuses) == ["Pending", "Rejected", "Spam"]


def test_counts_are_exact_after_every_decision(moderator_client):
    comments = CommentFactory.create_batch(3)
    CommentFactory(rejected=True)

    before = counts(moderator_client.get(QUEUE, {"status__exact": "pending"}).text)
    answer = moderate(moderator_client, comments[0], "rejected", **JSON).json()
    moderate(moderator_client, comments[1], "spam")
    after = counts(moderator_client.get(QUEUE, {"status__exact": "pending"}).text)

    assert before["pending"] == 3 and before["rejected"] == 1
    assert answer["counts"]["pending"] == 2 and answer["counts"]["rejected"] == 2
    assert after["pending"] == 1
    assert after["rejected"] == 2
    assert after["spam"] == 1
    assert after["all"] == 4


def test_a_bulk_action_over_mixed_statuses_asks_first_with_the_counts(
    moderator_client, moderator
):
    article = ArticleFactory(published=True)
    pending = CommentFactory.create_batch(2, article=article)
    rejected = CommentFactory.create_batch(3, article=article, rejected=True)
    spam = CommentFactory(article=article, spam=True)
    approved = CommentFactory(article=article, approved=True)
    chosen = [c.pk for c in [*pending, *rejected, spam, approved]]
    url = f"{QUEUE}?status__exact=all&article={article.pk}"

    asked = moderator_client.post(
        url, {"action": "mark_approved", "_selected_action": chosen}
    )

    assert asked.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", asked.text))
    assert "This will change 6 comments to approved" in text
    assert "2 pending" in text and "3 rejected" in text and "1 spam" in text
    assert "1 selected comment is already approved" in text
    assert Comment.objects.filter(status="approved").count() == 1
    confirm = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', asked.text)
    )
    assert confirm["expect"] == "pending=2;rejected=3;spam=1"

    done = moderator_client.post(
        url,
        {
            "action": "mark_approved",
            "_selected_action": chosen,
            "expect": confirm["expect"],
            "confirmed": "yes",
        },
    )

    assert done.status_code == 302
    assert Comment.objects.filter(status="approved").count() == 7
    assert ModerationAction.objects.filter(actor=moderator).count() == 6


def test_a_bulk_action_asks_again_when_the_comments_changed_since(
    moderator_client,
):
    comments = CommentFactory.create_batch(3)
    Comment.objects.filter(pk=comments[0].pk).update(status="rejected")

    response = moderator_client.post(
        f"{QUEUE}?status__exact=pending",
        {
            "action": "mark_approved",
            "_selected_action": [c.pk for c in comments],
            "expect": "pending=3",
        },
    )

    assert response.status_code == 200
    assert "changed since the page was loaded" in response.text
    assert Comment.objects.filter(status="approved").count() == 0


def test_select_across_pages_always_asks_first(moderator_client):
    comments = CommentFactory.create_batch(3)

    response = moderator_client.post(
        f"{QUEUE}?status__exact=pending",
        {
            "action": "mark_spam",
            "_selected_action": [comments[0].pk],
            "select_across": "1",
            "expect": "pending=3",
        },
    )

    assert response.status_code == 200
    assert Comment.objects.filter(status="spam").count() == 0


def test_a_decision_answers_in_json_for_the_page_and_can_be_undone(
    moderator_client, moderator
):
    comment = CommentFactory()

    answer = moderate(moderator_client, comment, "spam", **JSON).json()
    comment.refresh_from_db()
    assert comment.status == "spam"
    assert "Spam" in answer["status_html"]
    undone = moderator_client.post(
        answer["undo_url"], {"action": answer["action"]}, **JSON
    )

    assert undone.status_code == 200
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert comment.moderated_at is None
    assert undone.json()["counts"]["pending"] == 1
    kinds = list(
        comment.actions.order_by("created_at", "id").values_list("kind", flat=True)
    )
    assert kinds == ["spam", "undo"]


def test_undo_after_the_window_is_refused_and_changes_nothing(
    moderator_client, time_machine
):
    comment = CommentFactory()
    answer = moderate(moderator_client, comment, "approved", **JSON).json()
    time_machine.move_to(
        ModerationAction.objects.get(pk=answer["action"]).created_at
        + timedelta(seconds=UNDO_SECONDS + 1)
    )

    response = moderator_client.post(
        answer["undo_url"], {"action": answer["action"]}, **JSON
    )

    assert response.status_code == 409
    assert "Too late to undo" in response.json()["error"]
    comment.refresh_from_db()
    assert comment.status == "approved"


def test_undo_of_another_moderators_decision_is_refused(moderator_client, superuser):
    comment = CommentFactory()
    from comments.services import comments_moderate

    [action] = comments_moderate(
        comments=Comment.objects.filter(pk=comment.pk),
        status="rejected",
        moderator=superuser,
    )

    response = moderator_client.post(
        reverse("admin:comments_comment_undo", args=(comment.pk,)),
        {"action": action.pk},
        **JSON,
    )

    assert response.status_code == 409
    comment.refresh_from_db()
    assert comment.status == "rejected"


def test_undo_after_someone_decided_since_is_refused(moderator_client, superuser):
    comment = CommentFactory()
    answer = moderate(moderator_client, comment, "approved", **JSON).json()
    from comments.services import comments_moderate

    comments_moderate(
        comments=Comment.objects.filter(pk=comment.pk),
        status="spam",
        moderator=superuser,
    )

    response = moderator_client.post(
        answer["undo_url"], {"action": answer["action"]}, **JSON
    )

    assert response.status_code == 409
    comment.refresh_from_db()
    assert comment.status == "spam"


def test_a_forged_decision_on_a_comment_the_moderator_cannot_see_changes_nothing(
    moderator_client,
):
    article = ArticleFactory(draft=True, headline="Embargoed")
    comment = CommentFactory(article=article)

    for url, data in (
        (reverse("admin:comments_comment_moderate", args=(comment.pk,)), {}),
        (reverse("admin:comments_comment_undo", args=(comment.pk,)), {}),
        (reverse("admin:comments_comment_reply", args=(comment.pk,)), {}),
        (reverse("admin:comments_comment_commenter", args=(comment.pk,)), {}),
    ):
        response = moderator_client.post(
            url, {"status": "approved", "approve_all": "yes"} | data, **JSON
        )
        assert response.status_code == 404
        assert "Embargoed" not in response.text
    bulk = moderator_client.post(
        f"{QUEUE}?status__exact=all",
        {
            "action": "mark_approved",
            "_selected_action": [comment.pk],
            "expect": "pending=1",
        },
    )

    assert bulk.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert not ModerationAction.objects.exists()


def test_a_moderator_replies_in_the_comments_thread(moderator_client, moderator):
    moderator.first_name, moderator.last_name = "Ana", "Moderator"
    moderator.save()
    comment = CommentFactory(approved=True)

    response = moderator_client.post(
        reverse("admin:comments_comment_reply", args=(comment.pk,)),
        {f"reply-{comment.pk}": "Thanks, we have corrected the date."},
        **JSON,
    )

    assert response.status_code == 200
    reply = Comment.objects.get(pk=response.json()["comment"])
    assert reply.parent == comment
    assert reply.status == "approved"
    assert reply.name == "Ana Moderator"


def test_an_empty_reply_is_refused(moderator_client):
    comment = CommentFactory(approved=True)

    response = moderator_client.post(
        reverse("admin:comments_comment_reply", args=(comment.pk,)),
        {f"reply-{comment.pk}": "  "},
        **JSON,
    )

    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_the_keyboard_shortcuts_are_shown_on_the_page(moderator_client):
    CommentFactory()

    html = moderator_client.get(QUEUE, {"status__exact": "pending"}).text

    keys = re.search(r'<p class="comment-keys".*?</p>', html, re.S)[0]
    for key in "jkarsux":
        assert f"<kbd>{key}</kbd>" in keys


def test_editors_read_the_queue_and_history_without_deciding(client, editor):
    comment = CommentFactory(email="pepe@example.org")
    client.force_login(editor)

    queue = client.get(QUEUE, {"status__exact": "pending"})
    history = client.get(
        reverse("admin:comments_comment_commenter", args=(comment.pk,))
    )
    decided = moderate(client, comment, "approved")
    approve_all = client.post(
        reverse("admin:comments_comment_commenter", args=(comment.pk,)),
        {"approve_all": "yes"},
    )

    assert queue.status_code == history.status_code == 200
    assert "comment-decision" not in queue.text
    assert "Approve all" not in history.text
    assert decided.status_code == approve_all.status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_the_status_counters_follow_every_insert_update_and_delete(db):
    from comments.models import CommentStatusCount

    comments = CommentFactory.create_batch(3)
    CommentFactory(spam=True)
    Comment.objects.filter(pk=comments[0].pk).update(status="approved")
    Comment.objects.filter(pk__in=[c.pk for c in comments[1:]]).update(name="Renamed")
    comments[2].delete()

    assert CommentStatusCount.totals() == {
        status: Comment.objects.filter(status=status).count()
        for status in Comment.Status.values
    }
    assert CommentStatusCount.totals()["pending"] == 1


def test_a_moderators_counts_leave_out_comments_on_unpublished_articles(
    moderator_client, superuser
):
    CommentFactory.create_batch(2)
    draft = ArticleFactory(published=True)
    CommentFactory(article=draft)
    draft.status = "draft"
    draft.save()

    mine = counts(moderator_client.get(QUEUE, {"status__exact": "pending"}).text)
    moderator_client.force_login(superuser)
    all_of_them = counts(moderator_client.get(QUEUE, {"status__exact": "pending"}).text)

    assert mine["pending"] == 2
    assert all_of_them["pending"] == 3
