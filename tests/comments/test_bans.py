"""Bans: by email or IP network, with a reason and an expiry; a banned commenter's
comments are kept as rejected, with nothing different on their side (issue 16)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Ban, Comment, ModerationAction
from tests.articles.admin_forms import form_data
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_form_data

pytestmark = pytest.mark.django_db

AWAITING_MODERATION = "Your comment is awaiting moderation"
BODY = "Everything the council does is a scandal, as usual."


@pytest.fixture
def article():
    return ArticleFactory(published=True)


def post(client, article, *, ip="192.0.2.10", email="troll@example.org"):
    return client.post(
        article.get_absolute_url(),
        comment_form_data(article, email=email, body=BODY),
        REMOTE_ADDR=ip,
    )


@pytest.mark.parametrize(
    ("ban", "ip", "email"),
    [
        ({"email": "Troll@Example.org"}, "192.0.2.10", "troll@example.org"),
        ({"network": "192.0.2.10"}, "192.0.2.10", "new-address@example.org"),
        ({"network": "192.0.2.0/24"}, "192.0.2.200", "new-address@example.org"),
        ({"network": "2001:db8:1:2::/64"}, "2001:db8:1:2:aaaa::9", "other@example.org"),
        # A single IPv6 address bans its /64: the household's other addresses too.
        ({"network": "2001:db8:1:2::7"}, "2001:db8:1:2:ffff::1", "other@example.org"),
    ],
)
def test_a_banned_commenters_comment_is_kept_as_rejected_without_a_sign(
    client, article, ban, ip, email
):
    ban = Ban(reason="Insults other readers", **ban)
    ban.full_clean()
    ban.save()

    response = post(client, article, ip=ip, email=email)

    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#content"
    assert AWAITING_MODERATION in client.get(response["Location"]).text
    comment = Comment.objects.get()
    assert comment.body == BODY
    assert comment.status == Comment.Status.REJECTED
    assert comment.status_reason == "Banned: Insults other readers"
    assert ModerationAction.objects.get(comment=comment).kind == "ban"


@pytest.mark.parametrize(
    ("ban", "ip", "email"),
    [
        ({"network": "192.0.2.0/24"}, "192.0.3.1", "troll@example.org"),
        ({"network": "2001:db8:1:2::/64"}, "2001:db8:1:3::1", "troll@example.org"),
        ({"network": "2001:db8:1:2::/64"}, "192.0.2.10", "troll@example.org"),
        ({"email": "troll@example.org"}, "192.0.2.10", "troll2@example.org"),
    ],
)
def test_a_ban_covers_only_its_email_or_network(client, article, ban, ip, email):
    ban = Ban(reason="Spam", **ban)
    ban.full_clean()
    ban.save()

    post(client, article, ip=ip, email=email)

    assert Comment.objects.get().status == Comment.Status.PENDING


def test_an_expired_ban_no_longer_applies(client, article, time_machine):
    Ban.objects.create(
        email="troll@example.org",
        reason="A week off",
        expires_at=timezone.now() + timedelta(days=7),
    )

    post(client, article)
    time_machine.move_to(timezone.now() + timedelta(days=7, seconds=1))
    post(client, article, ip="192.0.2.11")

    first, second = Comment.objects.order_by("pk")
    assert first.status == Comment.Status.REJECTED
    assert second.status == Comment.Status.PENDING


def test_a_permanent_ban_has_no_expiry(client, article, time_machine):
    Ban.objects.create(email="troll@example.org", reason="For good")
    time_machine.move_to(timezone.now() + timedelta(days=3650))

    post(client, article)

    assert Comment.objects.get().status == Comment.Status.REJECTED


def test_moderators_see_why_a_comment_was_rejected(client, article, moderator):
    Ban.objects.create(network="192.0.2.0/24", reason="Sock puppets")
    post(client, article)
    client.force_login(moderator)

    html = client.get(
        reverse("admin:comments_comment_changelist"), {"status__exact": "rejected"}
    ).text

    assert "Banned: Sock puppets" in html


def ban_form(client, **fields):
    url = reverse("admin:comments_ban_add")
    data = form_data(client.get(url).text, form_id="ban_form")
    return client.post(url, data | fields)


@pytest.mark.parametrize(
    "network", ["192.0.2.300", "2001:db8::g", "not a network", "10.0.0.0/33"]
)
def test_a_ban_with_an_invalid_network_gets_a_clear_error(client, moderator, network):
    client.force_login(moderator)

    response = ban_form(client, network=network, reason="Flooding")

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "is not an IP address or network" in errors["network"][0]
    assert network in errors["network"][0]
    assert not Ban.objects.exists()


def test_a_ban_needs_an_email_or_a_network_not_both(client, moderator):
    client.force_login(moderator)

    neither = ban_form(client, reason="Who?")
    both = ban_form(client, email="a@example.org", network="192.0.2.1", reason="Both")

    assert neither.status_code == both.status_code == 200
    assert "Ban either an email address or an IP network" in neither.text
    assert "Ban either an email address or an IP network" in both.text
    assert not Ban.objects.exists()


def test_moderators_ban_from_the_commenter_history(client, moderator):
    comment = CommentFactory(email="pepe@example.org", ip_address="2001:db8:5:6::9")
    client.force_login(moderator)

    history = client.get(
        reverse("admin:comments_comment_commenter", args=(comment.pk,))
    ).text
    link = re.search(r'href="([^"]*network=[^"]*)"', history)[1].replace("&amp;", "&")
    form = client.get(link)
    response = ban_form(
        client,
        network=form.context["adminform"].form.initial["network"],
        reason="Abuse",
    )

    assert response.status_code == 302
    ban = Ban.objects.get()
    assert ban.network == "2001:db8:5:6::/64"
    assert ban.created_by == moderator
    assert ban.expires_at is None
