"""Post content becomes an article body the current sanitiser keeps."""

from articles.models import Article
from wordpress.content import convert
from wordpress.wxr import Attachment

sanitize = Article._meta.get_field("body").sanitize


def body(content: str, **kwargs) -> str:
    return sanitize(convert(content, **kwargs).body)


def test_classic_editor_paragraphs():
    assert body("One\nline.\n\nTwo.") == "<p>One<br>\nline.</p>\n<p>Two.</p>"


def test_block_editor_comments_are_removed():
    content = "<!-- wp:paragraph -->\n<p>Hi</p>\n<!-- /wp:paragraph -->"
    assert body(content) == "<p>Hi</p>"


def test_caption_becomes_a_library_figure_with_its_caption():
    content = (
        '[caption id="attachment_7" align="alignleft" width="300"]<a href="/x">'
        '<img src="https://old.example.org/wp-content/uploads/a.jpg" alt="Boats" />'
        "</a> Dawn over the harbour[/caption]"
    )
    seen = []

    def library(figure):
        seen.append(figure)
        return 41

    attachments = {"7": Attachment("7", "https://o/a.jpg", credit="Ana")}
    result = convert(content, attachments, library=library)
    assert sanitize(result.body) == (
        '<figure data-image-id="41" data-caption="Dawn over the harbour"></figure>'
    )
    assert seen[0].attachment == "7" and seen[0].credit == "Ana"
    assert seen[0].alt == "Boats"


def test_an_image_the_library_could_not_take_stays_a_link():
    content = (
        '[caption id="attachment_7"]<img src="https://o/a.jpg" alt="Boats" /> '
        "Dawn[/caption]"
    )
    attachments = {"7": Attachment("7", "https://o/a.jpg", credit="Ana")}
    result = convert(content, attachments, library=lambda figure: None)
    assert sanitize(result.body) == (
        '<p><a href="https://o/a.jpg">Boats</a><br><em>Dawn (Ana)</em></p>'
    )


def test_other_images_are_kept_as_links():
    content = 'Text <a href="x"><img class="wp-image-3" src="https://o/b.jpg"></a>'
    assert '<a href="https://o/b.jpg">Image</a>' in body(content)


def test_galleries_become_library_galleries():
    attachments = {
        str(n): Attachment(str(n), f"https://o/{n}.jpg", parent="9") for n in (1, 2, 3)
    }
    result = convert(
        '[gallery ids="3,1"]\n\n[gallery]',
        attachments,
        library=lambda figure: int(figure.attachment) + 100,
        post_id="9",
    )
    assert sanitize(result.body) == (
        '<figure data-gallery="103,101"></figure>\n'
        '<figure data-gallery="101,102,103"></figure>'
    )
    assert result.galleries == 2 and not result.shortcodes
    # Without its photos a [gallery] stays as it was, and is reported.
    assert convert('[gallery ids="5"]').shortcodes == ["gallery"]


def test_provider_links_become_embeds_and_others_stay_links():
    content = (
        "Watch:\n\nhttps://www.youtube.com/watch?v=abcdefghijk\n\n"
        "[embed]https://vimeo.com/1[/embed]\n\n"
        "https://www.youtube.com/channel/news\n\n"
        '<!-- wp:embed {"url":"https://x.com/a/status/5"} --><figure class="'
        'wp-block-embed is-provider-twitter"><div>https://x.com/a/status/5</div>'
        "</figure><!-- /wp:embed -->\n\n"
        '<figure class="wp-block-embed"><div>https://open.spotify.com/t/1</div>'
        "</figure>\n\n"
        "https://www.instagram.com/p/ABCDEF/\n\n"
        '[gallery ids="1,2"]'
    )
    result = convert(content)
    assert sorted(result.embeds) == [
        "https://vimeo.com/1",
        "https://www.instagram.com/p/ABCDEF/",
        "https://www.youtube.com/watch?v=abcdefghijk",
        "https://x.com/a/status/5",
    ]
    assert sorted(result.links) == [
        "https://open.spotify.com/t/1",
        "https://www.youtube.com/channel/news",
    ]
    assert result.shortcodes == ["gallery"]
    cleaned = sanitize(result.body)
    for url in result.embeds:
        assert f'<figure data-embed="{url}"></figure>' in cleaned
    assert (
        '<a href="https://open.spotify.com/t/1">https://open.spotify.com/t/1</a>'
        in cleaned
    )
    assert '[gallery ids="1,2"]' in cleaned
