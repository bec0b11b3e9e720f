"""The moderator's queue in the admin: rows, one-click decisions, counts, filters."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import BannedPhrase, Comment
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")
XSS_NAME = '<script>alert("name")</script>'
XSS_BODY = '<img src=x onerror="alert(1)"><script>alert("body")</script>'


def moderate_url(comment) -> str:
    return reverse("admin:comments_comment_moderate", args=(comment.pk,))


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def rows(response) -> list[Comment]:
    return list(response.context["cl"].result_list)


def test_each_row_says_under_the_comment_where_and_when_it_was_posted(
    moderator_client, settings
):
    settings.TIME_ZONE = "Europe/Madrid"
    article = ArticleFactory(published=True, headline="Water cuts in Altea")
    comment = CommentFactory(article=article, body="Friday, says the council.")
    Comment.objects.filter(pk=comment.pk).update(
        created_at="2026-03-04T09:15:42.5+00:00"
    )

    html = moderator_client.get(QUEUE, {"status__exact": "pending"}).text

    cell = re.search(r'<td class="field-comment_column">(.*?)</td>', html, re.S)[1]
    # The comment opens it; the article and the page are links of their own,
    # not nested in that one.
    change = reverse("admin:comments_comment_change", args=(comment.pk,))
    assert re.match(rf'<a href="{change}"[^>]*>.*Friday, says the council.*?</a>', cell)
    # The article's link keeps the queue's other filters.
    assert f'href="?status__exact=pending&amp;article={article.pk}"' in cell
    assert "Water cuts in Altea" in cell
    assert f'href="{comment.get_absolute_url()}"' in cell
    assert '<time datetime="2026-03-04T10:15:42+01:00">' in cell
    assert cell.count("<a ") == cell.count("</a>") == 3
    # Four columns besides the checkbox: the queue fits beside the sidebars.
    head = re.search(r'<table id="result_list">.*?</thead>', html, re.S)[0]
    assert head.count("<th ") == 5


def test_queue_rows_show_headline_parent_name_comment_and_commenter(
    moderator_client,
):
    article = ArticleFactory(published=True, headline="Water cuts in Altea")
    parent = CommentFactory(
        article=article, approved=True, name="Pepe", body="When does it end?"
    )
    CommentFactory(
        parent=parent,
        name="Lucía",
        email="lucia@example.org",
        ip_address="198.51.100.4",
        body="Friday, says the council.",
    )

    response = moderator_client.get(QUEUE, {"status__exact": "pending"})

    assert response.status_code == 200
    html = response.text
    assert "Water cuts in Altea" in html
    assert "In reply to Pepe:" in html
    assert "When does it end?" in html
    assert "Lucía" in html
    assert "Friday, says the council." in html
    assert "&amp;commenter=lucia%40example.org" in html
    assert "&amp;commenter=198.51.100.4" in html
    assert f"&amp;article={article.pk}" in html


def test_queue_has_one_click_decision_buttons_posting_with_csrf(moderator_client):
    comment = CommentFactory()

    html = moderator_client.get(QUEUE, {"status__exact": "pending"}).text

    for status in ("approved", "rejected", "spam"):
        assert (
            f'form="comment-moderation" formaction="{moderate_url(comment)}" '
            f'name="status" value="{status}"'
        ) in html
    form = re.search(
        r'<form id="comment-moderation" method="post".*?</form>', html, re.S
    )
    assert form is not None
    assert 'name="csrfmiddlewaretoken"' in form[0]
    # The row buttons' form is not nested inside the changelist's form.
    assert html.index('id="changelist-form"') < html.index('id="comment-moderation"')
    assert html.index("</form>", html.index('id="changelist-form"')) < html.index(
        'id="comment-moderation"'
    )


@pytest.mark.parametrize("status", ["approved", "rejected", "spam"])
def test_one_click_decision_is_recorded_with_moderator_and_time(
    moderator_client, moderator, status
):
    comment = CommentFactory()
    back = f"{QUEUE}?status__exact=pending"

    response = moderator_client.post(
        moderate_url(comment), {"status": status, "next": back}
    )

    assert response.status_code == 302
    assert response["Location"] == back
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == moderator
    assert comment.moderated_at is not None
    assert "Comment by" in moderator_client.get(back).text


def test_decision_buttons_never_act_on_get(moderator_client):
    comment = CommentFactory()

    response = moderator_client.get(moderate_url(comment), {"status": "approved"})

    assert response.status_code == 405
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_decision_without_csrf_token_is_refused(moderator):
    comment = CommentFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)

    response = client.post(moderate_url(comment), {"status": "approved"})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_decision_needs_the_permission_to_moderate(client, reporter):
    comment = CommentFactory()
    client.force_login(reporter)

    response = client.post(moderate_url(comment), {"status": "approved"})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("status", ["", "pending", "deleted"])
def test_unknown_decision_changes_nothing(moderator_client, status):
    comment = CommentFactory()

    response = moderator_client.post(moderate_url(comment), {"status": status})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.moderated_at is None


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/"])
def test_decision_never_redirects_off_site(moderator_client, next_url):
    comment = CommentFactory()

    response = moderator_client.post(
        moderate_url(comment), {"status": "approved", "next": next_url}
    )

    assert response["Location"] == QUEUE


# A comment id that could exist is not found; one that never could (a stale or
# tampered form) sends the moderator back to the queue.
@pytest.mark.parametrize("object_id, status", [("999999", 404), ("abc", 302)])
def test_decision_on_a_missing_comment(moderator_client, object_id, status):
    response = moderator_client.post(
        reverse("admin:comments_comment_moderate", args=(object_id,)),
        {"status": "approved"},
    )

    assert response.status_code == status
    if status == 302:
        assert response["Location"] == QUEUE


def test_bulk_actions_record_the_decision(moderator_client, moderator):
    comments = CommentFactory.create_batch(3)
    selected = {"action": "mark_spam", "_selected_action": [c.pk for c in comments]}

    asked = moderator_client.post(f"{QUEUE}?status__exact=pending", selected)
    assert asked.status_code == 200
    assert Comment.objects.filter(status="spam").count() == 0
    response = moderator_client.post(
        f"{QUEUE}?status__exact=pending",
        selected | {"expect": "pending=3", "confirmed": "yes"},
    )

    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", "moderated_by")) == {
        ("spam", moderator.pk)
    }


def test_status_filter_shows_the_count_of_each_status(moderator_client):
    CommentFactory.create_batch(3, pending=True)
    CommentFactory.create_batch(2, approved=True)
    CommentFactory(spam=True)
    CommentFactory(approved=True, moderated_at=None)

    html = moderator_client.get(QUEUE, {"status__exact": "pending"}).text
    text = re.sub(r"<[^>]+>", "", html)

    assert "Pending (3)" in text
    assert "Approved (3)" in text
    assert "Published, not reviewed (1)" in text
    assert "Rejected (0)" in text
    assert "Spam (1)" in text
    assert "All statuses (7)" in text


def test_filters_by_article_commenter_email_and_ip(moderator_client):
    article = ArticleFactory(published=True, headline="Beach flags")
    on_article = CommentFactory(article=article)
    by_email = CommentFactory(email="Rosa@Example.org")
    by_ip = CommentFactory(ip_address="2001:db8::7")
    CommentFactory()

    def listed(**params):
        return set(rows(moderator_client.get(QUEUE, params)))

    assert listed(article=article.pk) == {on_article}
    assert "Beach flags" in moderator_client.get(QUEUE, {"article": article.pk}).text
    assert listed(commenter="rosa@example.org") == {by_email}
    assert listed(commenter="2001:db8:0::7") == {by_ip}
    assert listed(commenter="nobody@example.org") == set()
    assert listed(article="abc") == set()
    assert listed(article="9" * 30) == set()


def test_unreviewed_filter_lists_comments_published_without_a_look(
    moderator_client,
):
    unreviewed = CommentFactory(approved=True, moderated_at=None)
    CommentFactory(approved=True)
    CommentFactory()

    response = moderator_client.get(QUEUE, {"status__exact": "unreviewed"})

    assert rows(response) == [unreviewed]


def test_queue_query_count_does_not_grow_with_the_number_of_comments(
    moderator_client,
):
    def queue_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = moderator_client.get(QUEUE, {"status__exact": "pending"})
        assert response.status_code == 200
        return len(queries.captured_queries), len(rows(response))

    for _ in range(5):
        parent = CommentFactory(approved=True, article=ArticleFactory(published=True))
        CommentFactory.create_batch(2, parent=parent)
    moderator_client.get(QUEUE, {"status__exact": "pending"})
    ten = queue_queries()
    for _ in range(55):
        parent = CommentFactory(approved=True, article=ArticleFactory(published=True))
        CommentFactory.create_batch(2, parent=parent)
    hundred = queue_queries()

    assert ten[1] == 10
    assert hundred[1] == 100  # one page
    assert hundred[0] == ten[0]


def test_name_and_body_are_shown_as_text_in_the_admin(moderator_client, superuser):
    parent = CommentFactory(approved=True, name=XSS_NAME, body=XSS_BODY)
    comment = CommentFactory(parent=parent, name=XSS_NAME, body=XSS_BODY)

    queue = moderator_client.get(QUEUE, {"status__exact": "pending"}).text
    moderator_client.force_login(superuser)
    change = moderator_client.get(
        reverse("admin:comments_comment_change", args=(comment.pk,))
    ).text

    for html in (queue, change):
        assert "<script>alert(" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html
        assert "&lt;img src=x onerror=" in html


def test_moderators_keep_the_banned_phrase_list(moderator_client):
    url = reverse("admin:comments_bannedphrase_add")

    response = moderator_client.post(url, {"phrase": "cheap pills", "action": "spam"})

    assert response.status_code == 302
    assert BannedPhrase.objects.get().phrase == "cheap pills"
    assert (
        moderator_client.get(
            reverse("admin:comments_bannedphrase_changelist")
        ).status_code
        == 200
    )


def test_queue_keeps_working_through_the_all_statuses_view(moderator_client):
    CommentFactory(approved=True)
    CommentFactory()

    response = moderator_client.get(QUEUE, {"q": ""})

    assert response.status_code == 200
    assert len(rows(response)) == 2
