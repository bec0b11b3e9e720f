"""Two app servers, one PostgreSQL and one Redis: nothing depends on which answers."""

import itertools

import pytest
from django.urls import reverse

from comments.sections import comment_form_url
from tests.articles.admin_forms import form_data
from tests.articles.factories import ArticleFactory
from tests.authors.factories import UserFactory
from tests.comments.helpers import form_token, rendered_form_fields
from tests.newsroom.appservers import Browser, log_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def two_servers(start_app_servers, redis_available):
    return tuple(
        start_app_servers(
            2,
            REDIS_URL=redis_available,
            NEWSROOM_COMMENT_RATE_PER_IP="2/10m",
            AXES_FAILURE_LIMIT="3",
        )
    )


@pytest.fixture(autouse=True)
def real_password_hashing(settings, redis_url):
    """Hash with a hasher the servers know (not the tests' fast one); empty Redis."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def test_an_edit_through_one_server_shows_through_the_other_at_once(two_servers):
    first, second = two_servers
    UserFactory(username="chief", is_staff=True, is_superuser=True, password=PASSWORD)
    article = ArticleFactory(
        published=True,
        headline="Ferry strike called off",
        body="<p>The ferries sail again.</p>",
    )
    reader = Browser()
    for server in (first, second):
        page = reader.get(server.url + article.get_absolute_url())
        assert page.status == 200
        assert "Ferry strike called off" in page.text

    editor = Browser()
    assert log_in(editor, first.url, "chief", PASSWORD).status == 302
    change_url = second.url + reverse(
        "admin:articles_article_change", args=(article.pk,)
    )
    form = editor.get(change_url)
    assert form.status == 200, "the session made on one server holds on the other"
    fields = form_data(form.text) | {
        "headline": "Ferry strike goes ahead",
        "workflow_action": "save",
        "csrfmiddlewaretoken": editor.cookie("csrftoken"),
    }
    saved = editor.post(change_url, fields)
    assert saved.status == 302, saved.text[-2000:]

    for server in (first, second):
        page = reader.get(server.url + article.get_absolute_url())
        assert "Ferry strike goes ahead" in page.text
        assert "Ferry strike called off" not in page.text
        home = reader.get(server.url + reverse("home"))
        assert "Ferry strike goes ahead" in home.text


def test_logging_out_on_one_server_ends_the_session_on_both(two_servers):
    first, second = two_servers
    UserFactory(username="chief", is_staff=True, is_superuser=True, password=PASSWORD)
    editor = Browser()
    log_in(editor, second.url, "chief", PASSWORD)
    index = reverse("admin:index")
    assert editor.get(first.url + index).status == 200

    logout = editor.post(
        second.url + reverse("admin:logout"),
        {"csrfmiddlewaretoken": editor.cookie("csrftoken")},
    )
    assert logout.status == 200

    page = editor.get(first.url + index)
    assert page.status == 302
    assert reverse("admin:login") in page.headers["Location"]


def test_comment_rate_limit_counts_across_servers(two_servers):
    first, second = two_servers
    article = ArticleFactory(published=True)
    reader = Browser()
    statuses = []
    for number, server in zip(range(3), itertools.cycle(two_servers), strict=False):
        url = server.url + article.get_absolute_url()
        form_page = reader.get(server.url + comment_form_url(article))
        fields = rendered_form_fields(form_page.text) | {
            "name": f"Reader {number}",
            "email": f"reader{number}@example.org",
            "body": f"Comment number {number} on the ferry strike.",
            "form_token": form_token(article),
        }
        statuses.append(reader.post(url, fields).status)

    # Two per IP address are allowed (NEWSROOM_COMMENT_RATE_PER_IP=2/10m); the
    # third, sent to the first server again, is refused whoever counted the two.
    assert statuses == [302, 302, 429]
    assert article.comments.count() == 2


def test_admin_login_lockout_counts_across_servers(two_servers):
    first, second = two_servers
    UserFactory(username="desk", is_staff=True, password=PASSWORD)
    guesser = Browser()
    servers = itertools.cycle(two_servers)
    for _attempt in range(2):
        failed = log_in(guesser, next(servers).url, "desk", "wrong-password")
        assert failed.status == 200  # the form again, with an error
    third = log_in(guesser, next(servers).url, "desk", "wrong-password")
    assert third.status == 429

    # AXES_FAILURE_LIMIT=3: now even the right password is refused, on both.
    for server in two_servers:
        locked = log_in(Browser(), server.url, "desk", PASSWORD)
        assert locked.status == 429
        assert "Signing in is paused" in locked.text
