"""Spam and abuse defences: trap field, signed timestamp, rate limits, size, repeats."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from comments.forms import make_form_token
from comments.models import Comment
from comments.sections import comment_form_url
from newsroom.redis_cache import RedisCache
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import (
    comment_form_data,
    form_token,
    rendered_form_fields,
)
from tests.newsroom.appservers import free_port

pytestmark = pytest.mark.django_db

TEXT = "A long and thoughtful comment about the new bus timetable."


@pytest.fixture
def article():
    return ArticleFactory(published=True)


def post(client, article, headers=None, **fields):
    return client.post(
        article.get_absolute_url(),
        comment_form_data(article, body=TEXT) | fields,
        **(headers or {}),
    )


def assert_refused_keeping_the_text(response, status=400):
    assert response.status_code == status
    assert Comment.objects.exists() is False
    assert TEXT in response.text
    assert "Marta Gil" in response.text
    assert "marta@example.org" in response.text


def test_the_rendered_form_carries_a_token_and_an_empty_trap(client, article):
    fields = rendered_form_fields(client.get(comment_form_url(article)).text)

    assert fields["website"] == ""
    assert fields["parent"] == ""
    assert fields["form_token"]
    assert (
        'class="comment-form__trap" aria-hidden="true"'
        in client.get(comment_form_url(article)).text
    )


def test_filled_trap_field_is_refused_with_a_clear_message(client, article):
    response = post(client, article, website="https://spam.example")

    assert_refused_keeping_the_text(response)
    assert "hidden anti-spam field was filled in" in response.text
    # The reader can send again: the trap comes back empty.
    assert rendered_form_fields(response.text)["website"] == ""


def test_form_sent_within_seconds_of_loading_is_refused(client, article):
    response = post(client, article, form_token=form_token(article, seconds_ago=1))

    assert_refused_keeping_the_text(response)
    assert "That was very quick!" in response.text


def test_reader_who_was_too_fast_can_send_again_a_moment_later(
    client, article, time_machine
):
    page = client.get(comment_form_url(article))
    fields = rendered_form_fields(page.text) | comment_form_data(article, body=TEXT)
    fields["form_token"] = rendered_form_fields(page.text)["form_token"]

    refused = client.post(article.get_absolute_url(), fields)
    assert refused.status_code == 400
    time_machine.move_to(timezone.now() + timedelta(seconds=10))
    again = client.post(
        article.get_absolute_url(),
        rendered_form_fields(refused.text) | {"body": TEXT},
    )

    assert again.status_code == 302
    assert Comment.objects.get().body == TEXT


def test_form_older_than_a_day_is_refused_and_renewed(client, article):
    old = form_token(article, seconds_ago=25 * 3600)

    response = post(client, article, form_token=old)

    assert_refused_keeping_the_text(response)
    assert "open for more than a day" in response.text
    renewed = rendered_form_fields(response.text)["form_token"]
    assert renewed != old


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-token",
        # A token signed with another key (a forged timestamp).
        "eyJ0IjoxLCJrIjoiMDAifQ:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_missing_or_forged_token_is_refused(client, article, token):
    response = post(client, article, form_token=token)

    assert_refused_keeping_the_text(response)
    assert "This form could not be checked" in response.text


def test_token_with_a_tampered_timestamp_is_refused(client, article):
    token = form_token(article)
    value, signature = token.rsplit(":", 1)

    response = post(client, article, form_token=f"{value}x:{signature}")

    assert_refused_keeping_the_text(response)


def test_double_submit_stores_one_comment_and_answers_the_same(client, article):
    data = comment_form_data(article, body=TEXT)

    first = client.post(article.get_absolute_url(), data)
    second = client.post(article.get_absolute_url(), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1


def test_reused_form_with_another_text_is_refused_with_a_fresh_token(client, article):
    data = comment_form_data(article, body="The first comment.")
    client.post(article.get_absolute_url(), data)

    response = client.post(article.get_absolute_url(), data | {"body": TEXT})

    assert response.status_code == 400
    assert "already used to send a comment" in response.text
    assert TEXT in response.text
    assert rendered_form_fields(response.text)["form_token"] != data["form_token"]
    assert list(Comment.objects.values_list("body", flat=True)) == [
        "The first comment."
    ]


def test_each_form_token_is_stored_with_its_comment(client, article):
    key = uuid.uuid4()

    post(
        client,
        article,
        form_token=make_form_token(article_id=article.pk, issued_at=0, key=key),
    )
    post(client, article, form_token=form_token(article, key=key))

    assert list(Comment.objects.values_list("submission_key", flat=True)) == [key]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "n" * 81),
        ("email", "a" * 250 + "@example.org"),
        ("body", "b" * 5001),
        ("website", "w" * 201),
        ("form_token", "t" * 301),
        ("parent", "9" * 21),
        ("parent", str(2**63)),
    ],
)
def test_every_field_has_a_size_limit(client, article, field, value):
    response = post(client, article, **{field: value})

    assert response.status_code == 400
    assert Comment.objects.exists() is False


def test_nul_characters_are_dropped_not_a_server_error(client, article):
    """A reader can't see a NUL to remove it, so it is dropped like any control."""
    response = post(client, article, body="Hello\x00 world", name="Mar\x00ta")

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.name, comment.body) == ("Marta", "Hello world")


@pytest.fixture
def low_limits(settings, time_machine):
    settings.NEWSROOM_COMMENT_RATE_PER_IP = "3/10m"
    settings.NEWSROOM_COMMENT_RATE_PER_EMAIL = "2/10m"
    # Limits count in fixed windows: keep the test inside one.
    time_machine.move_to(timezone.now(), tick=False)


def test_rate_limit_per_ip_answers_429_keeping_the_text(client, article, low_limits):
    for number in range(3):
        response = post(client, article, email=f"reader{number}@example.org")
        assert response.status_code == 302

    response = post(client, article, body=TEXT, email="marta@example.org")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "sent several comments in a short time" in response.text
    assert TEXT in response.text
    assert "marta@example.org" in response.text
    assert Comment.objects.count() == 3


def test_rate_limit_per_email_holds_across_ip_addresses(client, article, low_limits):
    for number in range(2):
        response = client.post(
            article.get_absolute_url(),
            comment_form_data(article, body=f"Comment {number}"),
            REMOTE_ADDR=f"192.0.2.{number + 1}",
        )
        assert response.status_code == 302

    response = client.post(
        article.get_absolute_url(),
        comment_form_data(article, email="MARTA@example.org", body=TEXT),
        REMOTE_ADDR="198.51.100.7",
    )

    assert response.status_code == 429
    assert TEXT in response.text
    assert Comment.objects.count() == 2


def test_rate_limits_lift_after_the_period(client, article, low_limits, time_machine):
    for number in range(3):
        post(client, article, email=f"reader{number}@example.org")
    assert post(client, article, email="late@example.org").status_code == 429

    time_machine.move_to(timezone.now() + timedelta(minutes=21))

    response = post(
        client, article, email="late@example.org", form_token=form_token(article)
    )
    assert response.status_code == 302


def test_ipv6_clients_are_limited_per_64_network(client, article, low_limits):
    for number in range(3):
        client.post(
            article.get_absolute_url(),
            comment_form_data(article, email=f"r{number}@example.org"),
            REMOTE_ADDR=f"2001:db8:1:2::{number + 1}",
        )

    response = client.post(
        article.get_absolute_url(),
        comment_form_data(article, email="other@example.org"),
        REMOTE_ADDR="2001:db8:1:2:ffff::9",
    )

    assert response.status_code == 429


def test_invalid_submissions_do_not_use_up_the_rate_limit(client, article, low_limits):
    for _ in range(5):
        assert post(client, article, email="not-an-email").status_code == 400

    assert post(client, article).status_code == 302


def test_a_repeated_submission_is_not_counted_against_the_limit(
    client, article, low_limits
):
    data = comment_form_data(article, body=TEXT)
    for _ in range(5):
        response = client.post(article.get_absolute_url(), data)
        assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("cache_down", ["redis on a closed port", "raising backend"])
def test_comments_are_accepted_when_the_cache_is_down(
    client, article, settings, cache_down
):
    if cache_down == "redis on a closed port":
        # The production backend, as a site sees it when Redis stops.
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.redis_cache.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
    else:
        # A backend that raises, as other cache backends do.
        settings.CACHES = {
            "default": {"BACKEND": "tests.comments.broken_cache.BrokenCache"}
        }

    try:
        response = post(client, article)
    finally:
        RedisCache.failed_at = float("-inf")

    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_client_ip_comes_from_the_trusted_proxy_header(client, article, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.2"]

    post(
        client,
        article,
        headers={
            "REMOTE_ADDR": "10.0.0.2",
            "HTTP_X_FORWARDED_FOR": "203.0.113.66, 198.51.100.23",
        },
    )

    assert Comment.objects.get().ip_address == "198.51.100.23"


def test_forwarded_header_is_ignored_without_trusted_proxies(client, article):
    client.post(
        article.get_absolute_url(),
        comment_form_data(article),
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )

    assert Comment.objects.get().ip_address == "127.0.0.1"


def test_csrf_token_and_form_token_are_in_the_page_only_once(client, article):
    html = client.get(comment_form_url(article)).text

    assert len(re.findall(r'name="form_token"', html)) == 1
