"""Pages shared by every anonymous reader don't vary by cookie.

With Vary: Cookie, the nginx micro-cache (and any CDN) keeps one copy per
Cookie header, so a reader holding a csrftoken or consent cookie always
misses. Anonymous public pages are the same whatever those cookies are
(tests/newsroom/test_shareable_pages.py), so they are sent without it; anyone
with a session cookie keeps it (and caches bypass them).
"""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from newsroom.middleware import SharedPageVaryMiddleware
from tests.articles.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def varies_by(response) -> set[str]:
    return {
        part.strip().lower() for part in response.get("Vary", "").split(",") if part
    }


def test_anonymous_pages_do_not_vary_by_cookie_rendered_or_cached():
    article = ArticleFactory(published=True, tags=["ferries"])
    returning = Client()
    returning.cookies["csrftoken"] = "a" * 32
    for url in (
        reverse("home"),
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": "ferries"}),
    ):
        for reader in (Client(), returning):
            rendered = reader.get(url)
            served = reader.get(url)
            assert served["X-Page-Cache"] == "hit", url
            for response in (rendered, served):
                assert "public" in response["Cache-Control"], url
                assert "cookie" not in varies_by(response), url
                assert "accept-encoding" in varies_by(response), url


def test_a_reader_with_a_session_keeps_vary_cookie(admin_client):
    article = ArticleFactory(published=True)

    response = admin_client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "cookie" in varies_by(response) or "public" not in response.get(
        "Cache-Control", ""
    )


def respond(request, *, cache_control="public, max-age=60", cookie=False):
    def view(request):
        response = HttpResponse("page")
        response["Cache-Control"] = cache_control
        response["Vary"] = "Accept-Encoding, Cookie"
        if cookie:
            response.set_cookie("csrftoken", "b" * 32)
        return response

    return SharedPageVaryMiddleware(view)(request)


def test_only_public_cookieless_answers_to_sessionless_readers_lose_it(rf, settings):
    anonymous = rf.get("/", HTTP_COOKIE="csrftoken=" + "a" * 32)
    with_session = rf.get("/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    with_authorization = rf.get("/", HTTP_AUTHORIZATION="Basic eDp5")

    assert varies_by(respond(anonymous)) == {"accept-encoding"}
    assert "cookie" in varies_by(respond(with_session))
    assert "cookie" in varies_by(respond(with_authorization))
    assert "cookie" in varies_by(respond(anonymous, cookie=True))
    assert "cookie" in varies_by(respond(anonymous, cache_control="private, no-cache"))
