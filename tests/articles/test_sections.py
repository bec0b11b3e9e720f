"""The article page's sections (articles/sections.py): blocks other apps add.

The comments reach the article page only through this registry, and the public
page and the admin's preview build their context through the same function
(articles.views.article_page_context), so a registered section shows on both.
"""

import re
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.http import HttpResponse, HttpResponseRedirect
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles import sections
from articles.sections import ArticleSection, PageContext
from tests.articles.factories import ArticleFactory, LiveEntryFactory

pytestmark = pytest.mark.django_db


def preview_url(article) -> str:
    return reverse("admin:articles_article_preview", args=(article.pk,))


@pytest.fixture
def editor_client(editor, password) -> Client:
    client = Client()
    assert client.login(username=editor.username, password=password) is True
    return client


@pytest.fixture
def register(monkeypatch):
    """Register a section for one test only."""

    def add(name: str, context, database_unavailable=None) -> None:
        section = ArticleSection(name, context, database_unavailable)
        monkeypatch.setitem(sections._sections, name, section)

    return add


def test_the_comments_app_registers_the_comment_block():
    names = [section.name for section in sections.registered()]

    assert "comments" in names


def test_a_registered_section_shows_on_the_public_page_and_the_preview(
    client, editor_client, register
):
    register("extra", lambda request, article: PageContext({"extra": article.pk}))
    article = ArticleFactory(published=True)

    public = client.get(article.get_absolute_url())
    preview = editor_client.get(preview_url(article))

    assert public.context["extra"] == article.pk
    assert preview.context["extra"] == article.pk
    # The comments' part is there on both, from the same function.
    assert public.context["comment_count"] == preview.context["comment_count"] == 0


def test_a_sections_redirect_answers_the_request(client, register):
    register(
        "extra",
        lambda request, article: PageContext(
            {}, redirect=HttpResponseRedirect("/elsewhere/")
        ),
    )
    article = ArticleFactory(published=True)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == "/elsewhere/"


def test_the_first_status_other_than_200_and_every_header_reach_the_response(
    client, register
):
    register(
        "first",
        lambda request, article: PageContext(
            {"first": True}, status=429, headers={"Retry-After": "60"}
        ),
    )
    register(
        "second",
        lambda request, article: PageContext(
            {"second": True}, status=400, headers={"X-Second": "yes"}
        ),
    )
    article = ArticleFactory(published=True)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response["X-Second"] == "yes"
    assert response.context["first"] and response.context["second"]


def failing_view(request):
    raise OperationalError("the database is away")


def test_a_post_the_database_fails_on_is_answered_by_a_section(monkeypatch, register):
    monkeypatch.setattr(sections, "_sections", {})
    register("extra", lambda request, article: PageContext({}))
    register(
        "kept",
        lambda request, article: PageContext({}),
        lambda request: HttpResponse("kept", status=503),
    )
    view = sections.answer_database_failures(failing_view)

    response = view(RequestFactory().post("/2025/06/18/a-story/", {"body": "Hi"}))

    assert response.status_code == 503
    assert response.content == b"kept"


def test_a_failure_no_section_answers_goes_on_to_the_error_page(monkeypatch):
    monkeypatch.setattr(sections, "_sections", {})
    view = sections.answer_database_failures(failing_view)

    with pytest.raises(OperationalError):
        view(RequestFactory().post("/2025/06/18/a-story/"))


def test_a_get_the_database_fails_on_is_left_to_the_error_page():
    view = sections.answer_database_failures(failing_view)

    with pytest.raises(OperationalError):
        view(RequestFactory().get("/2025/06/18/a-story/"))


def test_the_preview_shows_live_coverage_as_the_public_page_does(client, editor_client):
    article = ArticleFactory(
        published=True, coverage_started_at=timezone.now() - timedelta(hours=2)
    )
    entries = [
        LiveEntryFactory(article=article, body=f"<p>Update {n}.</p>") for n in range(3)
    ]
    newest_first = [entry.pk for entry in reversed(entries)]

    public = client.get(article.get_absolute_url()).content.decode()
    preview = editor_client.get(preview_url(article)).content.decode()

    assert [int(pk) for pk in re.findall(r'id="entry-(\d+)"', public)] == newest_first
    assert [int(pk) for pk in re.findall(r'id="entry-(\d+)"', preview)] == newest_first
