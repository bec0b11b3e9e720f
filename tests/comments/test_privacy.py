"""Privacy: emails never public, IP addresses kept N days, anonymisation on request."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.services import comment_ips_purge
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_form_data

pytestmark = pytest.mark.django_db

EMAIL = "secret.reader.4471@example.org"
IP = "203.0.113.77"


def public_urls(article, author) -> list[str]:
    day = timezone.localtime(article.published_at)
    return [
        "/",
        article.get_absolute_url(),
        f"/{day:%Y}/",
        f"/{day:%Y}/{day:%m}/",
        f"/{day:%Y}/{day:%m}/{day:%d}/",
        article.section.get_absolute_url(),
        "/tag/harbour/",
        author.get_absolute_url(),
        "/search/?q=harbour",
        "/feed/",
        "/feed/atom/",
        f"{article.section.get_absolute_url()}feed/",
        "/tag/harbour/feed/",
        f"{author.get_absolute_url()}feed/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/robots.txt",
    ]


def test_commenters_email_and_ip_appear_in_no_public_output(client):
    author = AuthorFactory()
    article = ArticleFactory(
        published=True,
        headline="Harbour works begin",
        section=SectionFactory(),
        authors=[author],
        tags=["Harbour"],
    )
    parent = CommentFactory(
        article=article, approved=True, email=EMAIL, ip_address=IP, name="Rosa"
    )
    CommentFactory(parent=parent, approved=True, email=EMAIL, ip_address=IP)
    CommentFactory(article=article, email=EMAIL, ip_address=IP)

    for url in public_urls(article, author):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert EMAIL not in text, url
        assert "secret.reader" not in text, url
        assert IP not in text, url
    assert "Rosa" in client.get(article.get_absolute_url()).text


def test_rejected_form_shows_the_email_only_back_to_its_writer(client):
    article = ArticleFactory(published=True)

    response = client.post(
        article.get_absolute_url(), comment_form_data(article, email=EMAIL, body="")
    )

    assert response.status_code == 400
    assert EMAIL in response.text
    assert EMAIL not in client.get(article.get_absolute_url()).text


def test_ip_purge_clears_addresses_older_than_the_setting(time_machine):
    now = timezone.now()
    time_machine.move_to(now - timedelta(days=31), tick=False)
    old = CommentFactory(ip_address=IP, user_agent="Firefox")
    time_machine.move_to(now - timedelta(days=29), tick=False)
    recent = CommentFactory(ip_address=IP, user_agent="Firefox")
    time_machine.move_to(now, tick=False)
    out = io.StringIO()

    call_command("purge_comment_ips", stdout=out)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == (IP, "Firefox")
    assert "Cleared the IP address of 1 comment(s) older than 30 day(s)." in (
        out.getvalue()
    )
    assert old.body and old.email


def test_ip_purge_follows_the_setting_and_the_option(settings, time_machine):
    now = timezone.now()
    time_machine.move_to(now - timedelta(days=8), tick=False)
    comment = CommentFactory(ip_address=IP)
    time_machine.move_to(now, tick=False)
    settings.NEWSROOM_COMMENT_IP_RETENTION_DAYS = 10

    call_command("purge_comment_ips", stdout=io.StringIO())
    comment.refresh_from_db()
    assert comment.ip_address == IP

    call_command("purge_comment_ips", "--days", "7", stdout=io.StringIO())
    comment.refresh_from_db()
    assert comment.ip_address is None


def test_ip_purge_works_in_batches_over_many_comments(time_machine):
    time_machine.move_to(timezone.now() - timedelta(days=40), tick=False)
    CommentFactory.create_batch(7, ip_address=IP)
    time_machine.move_to(timezone.now() + timedelta(days=40), tick=False)

    assert comment_ips_purge(older_than_days=30, batch_size=3) == 7
    assert Comment.objects.filter(ip_address__isnull=False).exists() is False


def test_retention_setting_defaults_to_thirty_days(settings):
    assert settings.NEWSROOM_COMMENT_IP_RETENTION_DAYS == 30


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def anonymise(client, comments, confirm: bool):
    data = {
        "action": "anonymise_commenters",
        "_selected_action": [comment.pk for comment in comments],
    }
    if confirm:
        data["confirm"] = "yes"
    return client.post(
        reverse("admin:comments_comment_changelist") + "?status__exact=approved", data
    )


def test_anonymising_asks_first_then_erases_the_commenter_everywhere(
    moderator_client,
):
    chosen = CommentFactory(
        approved=True, name="Rosa", email=EMAIL, ip_address=IP, user_agent="Safari"
    )
    other_case = CommentFactory(
        spam=True, name="Rosa M.", email=EMAIL.upper(), ip_address="198.51.100.1"
    )
    other_reader = CommentFactory(approved=True, name="Luis", ip_address=IP)

    confirmation = anonymise(moderator_client, [chosen], confirm=False)

    assert confirmation.status_code == 200
    assert "2 comments will keep their text" in confirmation.text
    assert EMAIL in confirmation.text
    chosen.refresh_from_db()
    assert chosen.email == EMAIL

    response = anonymise(moderator_client, [chosen], confirm=True)

    assert response.status_code == 302
    for comment in (chosen, other_case):
        body = comment.body
        comment.refresh_from_db()
        assert comment.name == "Anonymous"
        assert comment.email == ""
        assert comment.ip_address is None
        assert comment.user_agent == ""
        assert comment.body == body
    other_reader.refresh_from_db()
    assert (other_reader.name, other_reader.ip_address) == ("Luis", IP)
    assert "2 comments anonymised." in moderator_client.get(response["Location"]).text


def test_anonymised_comment_still_shows_its_text_signed_anonymous(
    client, moderator_client
):
    comment = CommentFactory(approved=True, name="Rosa", body="Still here")
    anonymise(moderator_client, [comment], confirm=True)

    page = client.get(comment.article.get_absolute_url())

    assert "Still here" in page.text
    assert "Anonymous" in page.text
    assert "Rosa" not in page.text


def test_anonymised_comment_can_still_be_moderated_and_edited(
    client, superuser, moderator_client
):
    comment = CommentFactory(approved=True)
    anonymise(moderator_client, [comment], confirm=True)
    client.force_login(superuser)

    page = client.get(reverse("admin:comments_comment_change", args=(comment.pk,)))
    response = client.post(
        reverse("admin:comments_comment_change", args=(comment.pk,)),
        {"name": "Anonymous", "email": "", "body": comment.body, "status": "rejected"},
    )

    assert page.status_code == 200
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED


def test_readers_who_cannot_moderate_cannot_anonymise(client, reporter):
    comment = CommentFactory(approved=True, email=EMAIL)
    client.force_login(reporter)

    response = anonymise(client, [comment], confirm=True)

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.email == EMAIL
