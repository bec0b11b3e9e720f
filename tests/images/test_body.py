"""Library figures, galleries and embeds in article bodies: storing and showing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from images import body as body_media
from images import embeds
from tests.articles.admin_forms import change_url, errors_of, press
from tests.articles.factories import ArticleFactory
from tests.images.factories import ImageFactory

pytestmark = pytest.mark.django_db


def body_field():
    return Article._meta.get_field("body")


# Storing: exactly the reference markup, nothing more -------------------------


def test_sanitiser_keeps_figure_references_and_nothing_else():
    stored = body_field().sanitize(
        '<p>Intro.</p><figure data-image-id="12" data-caption="The quay &amp; boats"'
        ' class="x" onclick="alert(1)" style="color:red">'
        '<img src="https://evil.example/x.jpg"><figcaption>Hi</figcaption></figure>'
        '<figure data-gallery="3, 4,5" data-caption="<b>Bold</b> <script>x()</script>">'
        "</figure>"
    )
    assert '<figure data-image-id="12" data-caption="The quay &amp; boats">' in stored
    assert '<figure data-gallery="3,4,5" data-caption="Bold x()">' in stored
    for forbidden in ("onclick", "style", "class=", "<img", "evil.example", "script"):
        assert forbidden not in stored


@pytest.mark.parametrize(
    "figure",
    [
        '<figure data-image-id="12abc"></figure>',
        '<figure data-image-id="-1"></figure>',
        '<figure data-gallery="1,two"></figure>',
        '<figure data-embed="https://evil.example/watch?v=1"></figure>',
        '<figure data-embed="javascript:alert(1)"></figure>',
    ],
)
def test_sanitiser_drops_forged_references(figure):
    stored = body_field().sanitize(f"<p>Text.</p>{figure}")
    assert stored == "<p>Text.</p>"


def test_a_provider_url_pasted_alone_becomes_an_embed_and_nothing_is_fetched(
    monkeypatch,
):
    def no_network(*args, **kwargs):
        raise AssertionError("nothing may be fetched at save time")

    monkeypatch.setattr("socket.socket.connect", no_network)
    stored = body_field().sanitize(
        "<p>Watch:</p><p>https://www.youtube.com/watch?v=aqz-KE-bpKQ</p>"
        '<p><a href="https://vimeo.com/76979871">https://vimeo.com/76979871</a></p>'
        "<p>https://example.com/video/1</p>"
    )
    assert (
        '<figure data-embed="https://www.youtube.com/watch?v=aqz-KE-bpKQ"></figure>'
        in stored
    )
    assert '<figure data-embed="https://vimeo.com/76979871"></figure>' in stored
    assert "<p>https://example.com/video/1</p>" in stored


@pytest.mark.parametrize(
    "url, provider, host",
    [
        ("https://www.youtube.com/watch?v=aqz-KE-bpKQ", "youtube", "youtube-nocookie"),
        ("https://youtu.be/aqz-KE-bpKQ", "youtube", "youtube-nocookie"),
        ("https://vimeo.com/76979871", "vimeo", "player.vimeo.com"),
        ("https://x.com/AEMET/status/1851234567890123456", "x", "platform.twitter"),
        ("https://twitter.com/AEMET/status/185123", "x", "platform.twitter"),
        ("https://www.instagram.com/p/C8xYz12AbCd/", "instagram", "instagram.com"),
        (
            "https://www.facebook.com/ayto.denia/posts/pfbid02abc",
            "facebook",
            "facebook.com",
        ),
        ("https://www.tiktok.com/@denia/video/7312345678901234567", "tiktok", "tiktok"),
    ],
)
def test_each_supported_provider_has_its_player(url, provider, host):
    embed = embeds.parse(url)
    assert embed.provider.key == provider
    assert host in embed.player_url
    assert embed.player_url.startswith(embed.provider.frame_host + "/")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/watch?v=aqz-KE-bpKQ",
        "https://youtube.com.evil.example/watch?v=aqz-KE-bpKQ",
        "https://www.dailymotion.com/video/x8abc",
        "javascript:alert(1)",
    ],
)
def test_other_sites_are_refused_with_a_clear_message(url):
    with pytest.raises(embeds.UnsupportedEmbed) as error:
        embeds.parse(url)
    assert "can't be embedded" in str(error.value)
    assert "YouTube, Vimeo, X, Instagram, Facebook, TikTok" in str(error.value)


def test_model_validation_names_forged_figures_and_unsupported_embeds():
    image = ImageFactory()
    article = ArticleFactory.build(
        body=(
            f'<figure data-image-id="{image.pk}"></figure>'
            '<figure data-image-id="999999"></figure>'
            '<figure data-image-id="x"></figure>'
            '<figure data-embed="https://www.dailymotion.com/video/x8abc"></figure>'
        )
    )
    with pytest.raises(ValidationError) as error:
        article.clean_fields(exclude=["section", "slug"])
    messages = " ".join(error.value.message_dict["body"])
    assert "There is no image 999999 in the library." in messages
    assert "“x” is not a library image." in messages
    assert "www.dailymotion.com can't be embedded" in messages


def test_article_form_refuses_a_forged_body_and_stores_nothing(client, editor):
    client.force_login(editor)
    article = ArticleFactory(body="<p>Original.</p>")
    url = change_url(article)

    response = press(
        client,
        url,
        "save",
        body=(
            '<p>New.</p><figure data-image-id="424242"></figure>'
            '<figure data-embed="https://evil.example/x"></figure>'
            '<figure data-image-id="1" data-caption="<script>alert(1)</script>">'
            "</figure>"
        ),
    )

    assert response.status_code == 200
    errors = " ".join(errors_of(response)["body"])
    assert "no image 424242" in errors
    assert "evil.example can't be embedded" in errors
    article.refresh_from_db()
    assert article.body == "<p>Original.</p>"


# Showing: current renditions, credits and rights, one query --------------------


def test_page_draws_figures_galleries_and_embeds_from_the_library(client):
    photos = [
        ImageFactory(
            width=1600,
            height=900,
            title=f"Photo {n}",
            caption=f"Library caption {n}",
            credit=f"Credit {n}",
            alt=f"Alt text {n}",
        )
        for n in range(4)
    ]
    photos[1].credit_url = "https://photographer.example/"
    photos[1].save()
    article = ArticleFactory(
        published=True,
        body=(
            f'<p>One.</p><figure data-image-id="{photos[0].pk}"></figure>'
            f'<figure data-image-id="{photos[1].pk}" data-caption="Our own caption">'
            "</figure>"
            f'<figure data-gallery="{photos[2].pk},{photos[3].pk}" '
            'data-caption="The day in pictures"></figure>'
            '<figure data-embed="https://www.youtube.com/watch?v=aqz-KE-bpKQ"></figure>'
        ),
    )

    response = client.get(article.get_absolute_url())
    page = response.content.decode()

    assert page.count('class="body-figure"') == 2
    assert "Library caption 0" in page and "Credit 0" in page
    assert "Our own caption" in page and "Library caption 1" not in page
    assert '<a href="https://photographer.example/"' in page
    assert 'alt="Alt text 2"' in page and 'alt="Alt text 3"' in page
    assert "The day in pictures" in page
    assert 'type="image/webp"' in page
    assert "data-image-id" not in page
    # The embed: a placeholder naming the provider, the link, a hidden button.
    assert "Content from YouTube" in page
    assert 'href="https://www.youtube.com/watch?v=aqz-KE-bpKQ"' in page
    assert '<button type="button" class="embed__load" hidden>' in page
    assert "<iframe" not in page
    assert "js/embeds.js" in page
    csp = response["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in csp
    assert "vimeo" not in csp
    assert embeds.FRAME_HOSTS_HEADER not in response


def test_page_without_embeds_allows_no_frames(client):
    article = ArticleFactory(published=True, body="<p>Plain.</p>")
    response = client.get(article.get_absolute_url())
    assert "frame-src" not in response["Content-Security-Policy"]
    assert "js/embeds.js" not in response.content.decode()


def test_one_query_loads_every_image_a_body_refers_to():
    photos = ImageFactory.create_batch(6)
    body = "".join(f'<figure data-image-id="{p.pk}"></figure>' for p in photos[:3])
    body += f'<figure data-gallery="{",".join(str(p.pk) for p in photos[3:])}">'
    body += "</figure>"
    with CaptureQueriesContext(connection) as queries:
        rendered = body_media.render(body)
    assert len(queries) == 1
    assert str(rendered.html).count("<picture>") == 6


def test_missing_and_expired_images_vanish_and_the_page_keeps_its_layout(client):
    shown = ImageFactory(credit="Still shown")
    expired = ImageFactory(
        credit="Expired credit",
        rights_expire_on=timezone.localdate() - timedelta(days=1),
    )
    article = ArticleFactory(
        published=True,
        body=(
            f'<p>Before.</p><figure data-image-id="{expired.pk}"></figure>'
            f'<figure data-gallery="{expired.pk},{shown.pk}"></figure>'
            '<figure data-image-id="987654"></figure><p>After.</p>'
        ),
    )
    page = client.get(article.get_absolute_url()).content.decode()
    body = page.split('<div class="article__body">')[1].split("\n  </div>")[0]
    assert "<p>Before.</p>" in body and "<p>After.</p>" in body
    assert "Expired credit" not in page
    assert "Still shown" in page
    assert body.count("<picture>") == 1


def test_feeds_carry_embeds_as_links_and_leave_library_figures_out(client):
    photo = ImageFactory()
    ArticleFactory(
        published=True,
        body=(
            f'<p>Text.</p><figure data-image-id="{photo.pk}"></figure>'
            '<figure data-embed="https://vimeo.com/76979871"></figure>'
        ),
    )
    feed = client.get("/feed/").content.decode()
    assert "data-image-id" not in feed
    assert "Vimeo: https://vimeo.com/76979871" in feed
