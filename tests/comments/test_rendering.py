"""The comments and the form render as the template filters and widgets would."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from pytest_django.asserts import assertInHTML

from comments.sections import comment_form_url, paragraphs, shown_comments
from newsroom.models import SiteSettings
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_form_data

pytestmark = pytest.mark.django_db

# What each comment showed before the values were formatted in Python.
FILTERS = Template(
    "{{ comment.created_at|date:'j M Y, H:i' }}|{{ comment.body|linebreaks }}"
)


@pytest.fixture
def article():
    return ArticleFactory(published=True)


@pytest.mark.parametrize(
    "text",
    [
        "One line",
        "Two\nlines",
        "Two\n\nparagraphs",
        "Windows\r\nline\r\n\r\nends",
        "Old Mac\rline\r\rends",
        "Many\n\n\n\nblank lines\n",
        "\n\nLeading and trailing\n\n",
        "<b>Tags</b> & \"quotes\" 'too'",
        "",
    ],
)
def test_paragraphs_are_those_of_the_linebreaks_filter(text):
    rendered = Template("{{ text|linebreaks }}").render(Context({"text": text}))

    assert paragraphs(text) == rendered


@pytest.mark.parametrize("language", ["en-gb", "es"])
@pytest.mark.parametrize("zone", ["Europe/Madrid", "America/New_York"])
def test_shown_comments_match_the_date_and_linebreaks_filters(
    article, time_machine, language, zone
):
    comments = []
    # Midnight in Madrid, a summer afternoon, New Year's Eve in UTC.
    for moment in ("2026-01-05 23:30", "2026-07-14 15:05", "2026-12-31 23:59"):
        time_machine.move_to(
            datetime.fromisoformat(f"{moment}:12.345678").replace(tzinfo=UTC)
        )
        comments.append(
            CommentFactory(article=article, approved=True, body="A\r\n\r\n<b>B</b>")
        )

    with translation.override(language), timezone.override(zone):
        shown = shown_comments([comment.pk for comment in comments])
        for comment in comments:
            expected = FILTERS.render(Context({"comment": comment}))
            item = shown[comment.pk]
            assert f"{item.posted}|{item.body}" == expected
            local = timezone.localtime(comment.created_at).replace(microsecond=0)
            assert item.posted_iso == local.isoformat()


def test_comment_and_its_replies_show_name_time_body_and_reply_link(
    client, time_machine
):
    time_machine.move_to(datetime(2026, 1, 5, 23, 30, 1, 234567, UTC), tick=False)
    article = ArticleFactory(published=True)
    parent = CommentFactory(
        article=article, approved=True, name="Ana <b>", body="Hola\ny\n\nadiós"
    )
    reply = CommentFactory(parent=parent, approved=True, name="Luis", body="Sí")

    page = client.get(article.get_absolute_url())

    assertInHTML(
        f'<article class="comment" id="comment-{parent.pk}">'
        '<header class="comment__header"><span class="comment__name">Ana &lt;b&gt;'
        '</span> <time datetime="2026-01-06T00:30:01+01:00">6 Jan 2026, 00:30</time>'
        '</header><div class="comment__body"><p>Hola<br>y</p><p>adiós</p></div>'
        '<p class="comment__actions"><a class="comment__reply" '
        f'href="?reply_to={parent.pk}#comment-form" rel="nofollow">Reply'
        '<span class="visually-hidden"> to Ana &lt;b&gt;</span></a> '
        f'<a class="comment__report" href="/comments/{parent.pk}/report/" '
        'rel="nofollow">Report<span class="visually-hidden"> the comment by '
        "Ana &lt;b&gt;</span></a></p></article>",
        page.text,
    )
    assertInHTML(
        '<ol class="comment-list comment-list--replies" '
        'aria-label="Replies to Ana &lt;b&gt;">'
        f'<li><article class="comment" id="comment-{reply.pk}">'
        '<header class="comment__header"><span class="comment__name">Luis</span> '
        '<time datetime="2026-01-06T00:30:01+01:00">6 Jan 2026, 00:30</time>'
        '</header><div class="comment__body"><p>Sí</p></div>'
        '<p class="comment__actions"><a class="comment__report" '
        f'href="/comments/{reply.pk}/report/" rel="nofollow">Report'
        '<span class="visually-hidden"> the comment by Luis</span></a></p>'
        "</article></li></ol>",
        page.text,
    )


def assert_fields_are_those_of_the_widgets(response) -> None:
    form = response.context["comment_form"]
    for name in ("name", "email", "body", "notify"):
        if name in form.fields:
            assertInHTML(str(form[name]), response.text)
            assertInHTML(
                f'<label for="id_{name}">{form[name].label}</label>', (response.text)
            )
            if form[name].errors:
                assertInHTML(str(form[name].errors), response.text)
    assertInHTML(
        '<p class="field__help" id="id_email_helptext">Never shown publicly.</p>',
        response.text,
    )


def test_form_fields_are_those_the_widgets_render(client, article):
    response = client.get(comment_form_url(article))

    assert_fields_are_those_of_the_widgets(response)


@pytest.mark.parametrize(
    "data",
    [
        {"name": " ", "email": "bad", "body": "x" * 5001, "notify": "on"},
        {"name": "Ana <b>&\"'", "email": "ana@example.org", "body": "Hi\n\nthere"},
    ],
)
def test_refused_form_fields_are_those_the_widgets_render(client, article, data):
    response = client.post(
        article.get_absolute_url(), comment_form_data(article, website="x") | data
    )

    assert response.status_code == 400
    assert_fields_are_those_of_the_widgets(response)


def test_form_fields_under_post_moderation_are_those_the_widgets_render(
    client, article, site_settings
):
    site_settings(comment_moderation=SiteSettings.CommentModeration.POST)

    response = client.get(comment_form_url(article))

    assert "notify" not in response.context["comment_form"].fields
    assert 'name="notify"' not in response.text
    assert_fields_are_those_of_the_widgets(response)
