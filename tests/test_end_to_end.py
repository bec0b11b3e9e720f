"""The newsroom's whole loop, through the test client with real logins and CSRF."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.sections import comment_form_url
from tests.articles.factories import SectionFactory
from tests.authors.factories import AuthorFactory
from tests.comments.helpers import rendered_form_fields

pytestmark = pytest.mark.django_db

HEADLINE = "Benidorm opens its new seafront promenade"
COMMENT = "Walked it this morning: lovely, but it needs more shade."


def csrf_token(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert match, "the page has no CSRF token in a form"
    return match[1]


def log_in(user, password: str) -> Client:
    """Log in through the admin's login form, as a person would."""
    client = Client(enforce_csrf_checks=True)
    login_url = reverse("admin:login")
    page = client.get(login_url)
    response = client.post(
        login_url,
        {
            "username": user.username,
            "password": password,
            "next": reverse("admin:index"),
            "csrfmiddlewaretoken": csrf_token(page),
        },
    )
    assert response.status_code == 302, "login failed"
    assert response["Location"] == reverse("admin:index")
    return client


def submit(client: Client, url: str, data: dict, page_url: str | None = None):
    """Post data with the CSRF token (and any edit-lock token) of the form's page."""
    page = client.get(page_url or url, follow=True)
    assert page.status_code == 200
    tokens = {"csrfmiddlewaretoken": csrf_token(page)}
    lock = re.search(r'name="lock_token" value="([^"]*)"', page.text)
    if lock:
        tokens["lock_token"] = lock[1]
    return client.post(url, data | tokens)


def article_form_data(article_fields: dict, bylines: list[dict], initial: int):
    """Return the admin's article form data with its byline inline formset."""
    data = {
        "headline": "",
        "seo_headline": "",
        "slug": "",
        "standfirst": "",
        "body": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "lead_image_alt": "",
        "lead_image_focal_x": "50",
        "lead_image_focal_y": "50",
        "section": "",
        "tags": "",
        "published_at_0": "",
        "published_at_1": "",
        "comments_open": "on",
        "bylines-TOTAL_FORMS": str(len(bylines)),
        "bylines-INITIAL_FORMS": str(initial),
        "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000",
        # Corrections and updates (an inline on existing articles).
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    } | article_fields
    for index, byline in enumerate(bylines):
        for name, value in byline.items():
            data[f"bylines-{index}-{name}"] = str(value)
    return data


def assert_admin_saved(response):
    if response.status_code != 302:
        errors = [response.context["adminform"].form.errors] + [
            formset.formset.errors
            for formset in response.context["inline_admin_formsets"]
        ]
        pytest.fail(f"the admin did not save: {errors}")


def public_urls(article: Article, author) -> dict[str, str]:
    return {
        "home": reverse("home"),
        "section": article.section.get_absolute_url(),
        "parent section": article.section.parent.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "benidorm"}),
        "author": author.get_absolute_url(),
    }


def test_article_goes_from_reporter_to_reader_and_a_comment_through_moderation(
    reporter, editor, moderator, password, jpeg, time_machine
):
    spain = SectionFactory(name="Spain", slug="spain")
    costa_blanca = SectionFactory(
        name="Costa Blanca North", slug="costa-blanca-north", parent=spain
    )
    author = AuthorFactory(name="Laura Sánchez", slug="laura-sanchez")
    reader = Client(enforce_csrf_checks=True)

    # A reporter writes a draft in the admin.
    newsroom = log_in(reporter, password)
    add_url = reverse("admin:articles_article_add")
    response = submit(
        newsroom,
        add_url,
        article_form_data(
            {
                "headline": HEADLINE,
                "slug": "benidorm-seafront-promenade",
                "standfirst": "Two kilometres of new paving and palm trees.",
                "body": (
                    "<p>The promenade <strong>reopened</strong> today.</p>"
                    "<script>alert('xss')</script>"
                ),
                "section": costa_blanca.pk,
                "tags": "Benidorm, Tourism",
                "lead_image": jpeg("promenade.jpg", size=(160, 90)),
                "lead_image_alt": "Palm trees along the new promenade",
                "lead_image_credit": "Town hall of Dénia",
            },
            bylines=[{"position": 0, "author": author.pk, "id": "", "article": ""}],
            initial=0,
        ),
    )
    assert_admin_saved(response)

    article = Article.objects.get(slug="benidorm-seafront-promenade")
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.created_by == reporter
    assert article.section == costa_blanca
    assert list(article.authors.all()) == [author]
    assert sorted(article.tags.names()) == ["Benidorm", "Tourism"]
    assert "<script" not in article.body
    assert "alert(" not in article.body
    assert "<p>The promenade <strong>reopened</strong> today.</p>" in article.body
    assert (article.lead_image.width, article.lead_image.height) == (160, 90)
    assert "promenade" not in article.lead_image.file.name
    assert article.lead_image.file.storage.exists(article.lead_image.file.name) is True

    # The draft is invisible to readers everywhere; so is a tag only it has.
    for name, url in public_urls(article, author).items():
        page = reader.get(url)
        assert page.status_code == (404 if name == "tag" else 200), name
        assert HEADLINE not in page.text, name
    assert reader.get(article.get_absolute_url()).status_code == 404

    # An editor publishes it.
    editorial = log_in(editor, password)
    byline = article.bylines.get()
    change_url = reverse("admin:articles_article_change", args=(article.pk,))
    response = submit(
        editorial,
        change_url,
        article_form_data(
            {
                "headline": HEADLINE,
                "slug": article.slug,
                "standfirst": article.standfirst,
                "body": article.body,
                "section": costa_blanca.pk,
                "tags": "Benidorm, Tourism",
                "lead_image_alt": article.lead_image.alt,
                "workflow_action": "publish",
            },
            bylines=[
                {
                    "position": 0,
                    "author": author.pk,
                    "id": byline.pk,
                    "article": article.pk,
                }
            ],
            initial=1,
        ),
    )
    assert_admin_saved(response)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert article.is_published is True
    assert article.created_by == reporter

    # Readers find it on every list and at its dated URL.
    for name, url in public_urls(article, author).items():
        page = reader.get(url)
        assert page.status_code == 200, name
        assert HEADLINE in page.text, name
        assert article.get_absolute_url() in page.text, name
    article_url = article.get_absolute_url()
    assert re.fullmatch(r"/\d{4}/\d{2}/\d{2}/benidorm-seafront-promenade/", article_url)
    page = reader.get(article_url)
    assert page.status_code == 200
    assert HEADLINE in page.text
    stem = article.lead_image.file.name.rsplit(".", 1)[0]
    assert f'src="/media/renditions/{stem}/' in page.text
    assert 'alt="Palm trees along the new promenade"' in page.text
    body = page.text.split('class="article__body"', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body

    # A reader takes a minute to write a comment in the page's form (with its
    # signed timestamp, one-time key and empty robot trap); it waits for moderation.
    # The article page only links to the form, which holds the reader's tokens.
    form_url = comment_form_url(article)
    assert f'href="{form_url}"' in page.text
    fields = rendered_form_fields(reader.get(form_url).text)
    time_machine.move_to(timezone.now() + timedelta(minutes=1))
    assert {"csrfmiddlewaretoken", "form_token", "parent", "website"} <= set(fields)
    response = reader.post(
        article_url,
        fields | {"name": "Marta Gil", "email": "marta@example.org", "body": COMMENT},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{article_url}#content"
    page = reader.get(response["Location"])
    assert "Your comment is awaiting moderation" in page.text
    assert COMMENT not in page.text
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.article == article

    # A moderator approves it with the bulk action.
    moderation = log_in(moderator, password)
    changelist_url = reverse("admin:comments_comment_changelist")
    queue = moderation.get(changelist_url, follow=True)
    assert list(queue.context["cl"].result_list) == [comment]
    selected = {
        "action": "mark_approved",
        "_selected_action": [comment.pk],
        "csrfmiddlewaretoken": csrf_token(queue),
    }
    # Without the page's script, it first says what it will change.
    asked = moderation.post(changelist_url, selected)
    assert asked.status_code == 200
    assert "This will change 1 comment to approved" in asked.text
    response = moderation.post(
        changelist_url,
        selected | {"expect": "pending=1", "confirmed": "yes"},
    )
    assert response.status_code == 302
    assert (
        "1 comment marked as approved."
        in moderation.get(response["Location"], follow=True).text
    )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by == moderator
    assert comment.moderated_at is not None

    # The comment now shows under the article, without the reader's email.
    page = reader.get(article_url)
    assert COMMENT in page.text
    assert "Marta Gil" in page.text
    assert "marta@example.org" not in page.text


def test_admin_post_with_a_forged_csrf_token_is_refused(reporter, password):
    client = log_in(reporter, password)

    response = client.post(
        reverse("admin:articles_article_add"), {"csrfmiddlewaretoken": "x" * 64}
    )

    assert response.status_code == 403
    assert Article.objects.exists() is False


@pytest.mark.parametrize(
    ("posted", "forbidden"),
    [
        ("<p>Hi</p><script>alert(1)</script>", "<script"),
        ('<p onclick="alert(1)">Hi</p>', "onclick"),
        ('<p><a href="javascript:alert(1)">Hi</a></p>', "javascript:"),
        ('<iframe src="https://evil.example"></iframe><p>Hi</p>', "<iframe"),
        ('<p><img src="x" onerror="alert(1)">Hi</p>', "onerror"),
    ],
)
def test_admin_body_html_is_sanitised_before_it_is_stored(
    editor, password, posted, forbidden
):
    section = SectionFactory()
    author = AuthorFactory()
    client = log_in(editor, password)

    response = submit(
        client,
        reverse("admin:articles_article_add"),
        article_form_data(
            {
                "headline": "Sanitised",
                "slug": "sanitised",
                "body": posted,
                "section": section.pk,
                "workflow_action": "publish",
            },
            bylines=[{"position": 0, "author": author.pk}],
            initial=0,
        ),
    )
    assert_admin_saved(response)

    article = Article.objects.get(slug="sanitised")
    assert forbidden not in article.body
    assert "Hi" in article.body
    page = Client().get(article.get_absolute_url())
    body = page.text.split('class="article__body"', 1)[1].split("</div>", 1)[0]
    assert "Hi" in body
    assert forbidden not in body
