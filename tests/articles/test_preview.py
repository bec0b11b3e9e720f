"""Previews: the real article page, for those who may edit it, never indexed."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db


def preview_url(article) -> str:
    return reverse("admin:articles_article_preview", args=(article.pk,))


@pytest.fixture
def draft(reporter):
    return ArticleFactory(
        draft=True,
        headline="Port of Dénia dredging starts",
        standfirst="Work will last six weeks.",
        body="<p>Dredging began at dawn.</p>",
        authors=[AuthorFactory(name="Laura Sánchez", user=reporter)],
        tags=["Ports"],
    )


def client_for(request, role: str | None, password: str) -> Client:
    client = Client()
    if role is not None:
        user = request.getfixturevalue(role)
        assert client.login(username=user.username, password=password) is True
    return client


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 404),
        ("moderator", 404),
        ("other_reporter", 404),
        ("reporter", 200),
        ("editor", 200),
        ("superuser", 200),
    ],
)
def test_preview_access_by_role(request, password, draft, role, status):
    if role == "other_reporter":
        other = UserFactory(username="other", is_staff=True, password=password)
        other.groups.add(Group.objects.get(name="Reporter"))
        client = Client()
        client.login(username="other", password=password)
    else:
        client = client_for(request, role, password)

    response = client.get(preview_url(draft))

    assert response.status_code == status
    if status == 404:
        assert "Port of Dénia dredging starts" not in response.content.decode()


def test_non_staff_user_gets_404(password, draft):
    UserFactory(username="reader", password=password)
    client = Client()
    client.login(username="reader", password=password)

    assert client.get(preview_url(draft)).status_code == 404


def test_preview_renders_the_public_article_template(request, password, draft):
    client = client_for(request, "editor", password)

    response = client.get(preview_url(draft))

    assert "articles/article_detail.html" in [t.name for t in response.templates]
    text = response.content.decode()
    assert "Port of Dénia dredging starts" in text
    assert "Work will last six weeks." in text
    assert "<p>Dredging began at dawn.</p>" in text
    assert "Laura Sánchez" in text
    assert "Ports" in text
    assert "Not published (Draft)" in text
    assert "The comment form appears here once the article is published." in text
    assert "Comments are closed" not in text


def test_preview_is_never_indexed_or_cached(request, password, draft):
    client = client_for(request, "editor", password)

    response = client.get(preview_url(draft))

    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_article_page_is_indexable(client):
    article = ArticleFactory(published=True)

    response = client.get(article.get_absolute_url())

    assert 'content="noindex' not in response.text
    assert "X-Robots-Tag" not in response


def test_scheduled_article_preview_says_when_it_goes_out(request, password):
    article = ArticleFactory(scheduled=True)
    client = client_for(request, "editor", password)

    response = client.get(preview_url(article))

    assert response.status_code == 200
    assert "Scheduled: readers will see this page from" in response.text


def test_preview_link_is_in_the_change_form(request, password, draft):
    client = client_for(request, "reporter", password)

    page = client.get(reverse("admin:articles_article_change", args=(draft.pk,)))

    assert f'href="{preview_url(draft)}"' in page.text


def test_preview_refuses_post(request, password, draft):
    client = client_for(request, "editor", password)

    assert client.post(preview_url(draft)).status_code == 405


def test_preview_of_an_unknown_article_is_404(request, password):
    client = client_for(request, "editor", password)

    for pk in ("999999", "nope"):
        url = reverse("admin:articles_article_preview", args=(pk,))
        assert client.get(url).status_code == 404
