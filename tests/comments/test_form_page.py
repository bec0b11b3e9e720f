"""The comment form page: the reader's own tokens, fetched apart from the article.

Article pages carry no token (caches share them); "Write a comment" opens this
page (or its script fetches it), and the form on it posts to the article.
"""

import base64
import json
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from comments.forms import FORM_TOKEN_SALT, read_form_token
from comments.models import Comment
from comments.sections import comment_form_url
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import (
    WRITING_SECONDS,
    comment_form_data,
    form_token,
    rendered_form_fields,
)

pytestmark = pytest.mark.django_db

TEXT = "Will the ferry run on Sundays as well?"


@pytest.fixture
def article():
    return ArticleFactory(published=True)


def fetched_form(client: Client, article) -> dict[str, str]:
    page = client.get(comment_form_url(article))
    assert page.status_code == 200
    return rendered_form_fields(page.text)


def send(client: Client, article, fields: dict, time_machine) -> object:
    time_machine.move_to(timezone.now() + timedelta(seconds=WRITING_SECONDS))
    return client.post(
        article.get_absolute_url(),
        fields | {"name": "Marta Gil", "email": "marta@example.org", "body": TEXT},
    )


def test_article_page_links_to_the_form_and_holds_no_token(client, article):
    page = client.get(article.get_absolute_url())

    assert f'href="{comment_form_url(article)}"' in page.text
    assert "Write a comment" in page.text
    assert "js/comments.js" in page.text
    assert 'name="form_token"' not in page.text
    assert "csrfmiddlewaretoken" not in page.text
    assert not page.cookies


def test_form_page_gives_each_reader_a_token_for_this_article_only(client, article):
    page = client.get(comment_form_url(article))

    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "private" in page["Cache-Control"]
    assert page.cookies["csrftoken"].value
    assert '<meta name="robots" content="noindex">' in page.text
    fields = rendered_form_fields(page.text)
    article_id, _issued_at, _key = read_form_token(fields["form_token"])
    assert article_id == article.pk
    assert fields["form_token"] != fetched_form(Client(), article)["form_token"]


def test_comment_from_the_form_page_is_stored_with_csrf_enforced(article, time_machine):
    reader = Client(enforce_csrf_checks=True)
    fields = fetched_form(reader, article)

    response = send(reader, article, fields, time_machine)

    assert response.status_code == 302
    assert Comment.objects.get().body == TEXT


def test_post_without_the_csrf_token_is_refused(article, time_machine):
    reader = Client(enforce_csrf_checks=True)
    fields = fetched_form(reader, article)
    del fields["csrfmiddlewaretoken"]

    response = send(reader, article, fields, time_machine)

    assert response.status_code == 403
    assert Comment.objects.exists() is False


def test_token_fetched_for_one_article_is_refused_on_another(
    client, article, time_machine
):
    other = ArticleFactory(published=True)
    fields = fetched_form(client, other)

    response = send(client, article, fields, time_machine)

    assert response.status_code == 400
    assert "opened for another article" in response.text
    assert TEXT in response.text  # The reader's words are kept...
    assert Comment.objects.exists() is False
    # ...with a token for this article, so sending again works.
    again = client.post(
        article.get_absolute_url(),
        rendered_form_fields(response.text) | {"body": TEXT},
    )
    assert again.status_code == 400  # Too quick: the renewed token is new.
    time_machine.move_to(timezone.now() + timedelta(seconds=WRITING_SECONDS))
    again = client.post(
        article.get_absolute_url(),
        rendered_form_fields(again.text) | {"body": TEXT},
    )
    assert again.status_code == 302
    assert Comment.objects.get().article == article


def test_token_rewritten_to_name_another_article_is_refused(client, article):
    other = ArticleFactory(published=True)
    token = form_token(other)
    value, signature = token.rsplit(":", 1)
    payload = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    payload["a"] = article.pk
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()

    response = client.post(
        article.get_absolute_url(),
        comment_form_data(article, body=TEXT, form_token=f"{forged}:{signature}"),
    )

    assert response.status_code == 400
    assert "This form could not be checked" in response.text
    assert Comment.objects.exists() is False


def test_token_without_an_article_is_refused(client, article):
    signer = signing.Signer(salt=FORM_TOKEN_SALT)
    token = signer.sign_object({"t": 0, "k": "0" * 32})

    response = client.post(
        article.get_absolute_url(),
        comment_form_data(article, body=TEXT, form_token=token),
    )

    assert response.status_code == 400
    assert Comment.objects.exists() is False


def test_replayed_token_stores_no_second_comment(client, article, time_machine):
    fields = fetched_form(client, article)
    first = send(client, article, fields, time_machine)
    assert first.status_code == 302

    replay = client.post(
        article.get_absolute_url(),
        fields
        | {"name": "Bot", "email": "bot@example.org", "body": "Buy cheap things."},
    )

    assert replay.status_code == 400
    assert "already used" in replay.text
    assert list(Comment.objects.values_list("body", flat=True)) == [TEXT]


def test_flood_of_form_requests_from_one_ip_is_refused_clearly(
    client, article, settings, time_machine
):
    settings.NEWSROOM_COMMENT_FORM_RATE_PER_IP = "3/m"
    kept = CommentFactory(article=article, approved=True)
    # A reader who fetched a form before the flood can still send it.
    reader = Client()
    fields = fetched_form(reader, article)

    answers = [client.get(comment_form_url(article)) for _number in range(4)]

    assert [answer.status_code for answer in answers[:2]] == [200, 200]
    refused = answers[-1]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "no-store" in refused["Cache-Control"]
    assert "Too many comment forms" in refused.text
    assert 'name="form_token"' not in refused.text
    assert send(reader, article, fields, time_machine).status_code == 302
    assert set(Comment.objects.values_list("pk", flat=True)) >= {kept.pk}
    assert Comment.objects.filter(body=TEXT).count() == 1


def test_flood_limit_counts_each_address_apart(client, article, settings):
    settings.NEWSROOM_COMMENT_FORM_RATE_PER_IP = "1/m"

    first = client.get(comment_form_url(article), REMOTE_ADDR="192.0.2.1")
    other = client.get(comment_form_url(article), REMOTE_ADDR="192.0.2.2")
    again = client.get(comment_form_url(article), REMOTE_ADDR="192.0.2.1")

    assert (first.status_code, other.status_code, again.status_code) == (
        200,
        200,
        429,
    )


def test_form_page_of_a_closed_article_holds_no_form(client):
    article = ArticleFactory(published=True, comments_open=False)

    page = client.get(comment_form_url(article))

    assert page.status_code == 200
    assert "Comments are closed on this article." in page.text
    assert 'name="form_token"' not in page.text


def test_form_page_reply_names_the_comment_answered(client, article):
    parent = CommentFactory(article=article, approved=True, name="Pepe Ruiz")

    page = client.get(
        comment_form_url(article, reply_to=parent.pk),
    )

    assert rendered_form_fields(page.text)["parent"] == str(parent.pk)
    assert "Replying to Pepe Ruiz" in page.text
    article_page = client.get(article.get_absolute_url(), {"reply_to": parent.pk})
    assert f'href="{comment_form_url(article, reply_to=parent.pk)}"' in (
        article_page.text.replace("&amp;", "&")
    )


def test_form_page_of_a_draft_is_not_found(client):
    draft = ArticleFactory()

    assert client.get(comment_form_url(draft)).status_code == 404


def test_form_page_at_a_wrong_date_redirects_to_its_own_address(client, article):
    wrong = comment_form_url(article).replace(
        f"/{article.published_at:%Y}/", f"/{article.published_at.year - 1}/"
    )

    response = client.get(wrong)

    assert response.status_code == 301
    assert response["Location"] == comment_form_url(article)


def test_form_page_refuses_a_post(client, article):
    response = client.post(comment_form_url(article), comment_form_data(article))

    assert response.status_code == 405
    assert Comment.objects.exists() is False
