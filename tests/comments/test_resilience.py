"""Nothing lost: concurrent submissions on PostgreSQL, and a database outage."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import InterfaceError, OperationalError, connection, connections
from django.test import Client

from comments.models import Comment
from comments.sections import comment_form_url
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import comment_form_data, rendered_form_fields

SUBMISSIONS = 200
# Real connections at once; PostgreSQL's default limit (100) is shared with others.
WORKERS = 24
BODY = "The new promenade needs more shade, and a fountain or two."


@pytest.fixture
def generous_limits(settings):
    settings.NEWSROOM_COMMENT_RATE_PER_IP = "1000/10m"
    settings.NEWSROOM_COMMENT_RATE_PER_EMAIL = "1000/10m"


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_are_all_stored_exactly_once(generous_limits):
    """200 readers post at once, each form twice (a double click): 200 comments."""
    article = ArticleFactory(published=True)
    url = article.get_absolute_url()
    forms = [
        comment_form_data(
            article,
            name=f"Reader {number}",
            email=f"reader{number}@example.org",
            body=f"{BODY} ({number})",
        )
        for number in range(SUBMISSIONS)
    ]
    start = threading.Barrier(WORKERS)

    def submit(job: int) -> int:
        number = job // 2
        try:
            if job < WORKERS:
                start.wait(timeout=30)
            response = Client().post(
                url, forms[number], REMOTE_ADDR=f"10.{number // 250}.{number % 250}.9"
            )
            return response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = list(pool.map(submit, range(SUBMISSIONS * 2)))

    assert statuses == [302] * (SUBMISSIONS * 2)
    assert Comment.objects.count() == SUBMISSIONS
    bodies = sorted(Comment.objects.values_list("body", flat=True))
    assert bodies == sorted(form["body"] for form in forms)
    assert Comment.objects.values("submission_key").distinct().count() == SUBMISSIONS


def page_fields(client: Client, article) -> dict[str, str]:
    fields = rendered_form_fields(client.get(comment_form_url(article)).text)
    return fields | comment_form_data(
        article, name="Marta Gil", email="marta@example.org", body=BODY, parent=""
    )


@pytest.mark.django_db(transaction=True)
def test_database_down_when_posting_answers_503_with_the_text_kept():
    article = ArticleFactory(published=True)
    client = Client(enforce_csrf_checks=True)
    data = page_fields(client, article)
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]
    connection.close()
    # Nothing listens on port 1: connecting fails as during a failover.
    settings_dict["PORT"] = "1"
    try:
        response = client.post(article.get_absolute_url(), data)
    finally:
        settings_dict["PORT"] = port
        connection.close()

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Your comment could not be saved yet" in response.text
    fields = rendered_form_fields(response.text)
    assert fields["body"] == BODY
    assert fields["name"] == "Marta Gil"
    assert fields["email"] == "marta@example.org"
    assert fields["form_token"] == data["form_token"]
    assert fields["csrfmiddlewaretoken"]
    assert Comment.objects.exists() is False

    # Once the database is back, sending the same form again stores it once.
    again = client.post(article.get_absolute_url(), fields)
    assert again.status_code == 302
    assert Comment.objects.get().body == BODY


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_error_while_saving_answers_503_not_500(client, monkeypatch, error):
    article = ArticleFactory(published=True)

    def fail(*args, **kwargs):
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr(Comment, "save", fail)
    response = client.post(
        article.get_absolute_url(),
        comment_form_data(article, body=BODY, parent="", notify="on"),
    )

    assert response.status_code == 503
    assert BODY in response.text
    assert 'name="notify" value="on"' in response.text


@pytest.mark.django_db
def test_database_errors_on_reading_pages_are_not_swallowed(client, monkeypatch):
    article = ArticleFactory(published=True)

    def fail(*args, **kwargs):
        raise OperationalError("down")

    monkeypatch.setattr("comments.sections.comment_threads", fail)
    with pytest.raises(OperationalError):
        client.get(article.get_absolute_url())
