"""Post content becomes an article body the current sanitiser keeps."""

from articles.models import Article
from wordpress.content import convert

sanitize = Article._meta.get_field("body").sanitize


def body(content: str, **kwargs) -> str:
    return sanitize(convert(content, **kwargs).body)


def test_classic_editor_paragraphs():
    assert body("One\nline.\n\nTwo.") == "<p>One<br>\nline.</p>\n<p>Two.</p>"


def test_block_editor_comments_are_removed():
    content = "<!-- wp:paragraph -->\n<p>Hi</p>\n<!-- /wp:paragraph -->"
    assert body(content) == "<p>Hi</p>"


def test_caption_becomes_a_figure_with_caption_and_credit():
    content = (
        '[caption id="attachment_7" align="alignleft" width="300"]<a href="/x">'
        '<img src="https://old.example.org/wp-content/uploads/a.jpg" alt="Boats" />'
        "</a> Dawn over the harbour[/caption]"
    )
    result = convert(content, credits={"7": "Ana"}, image_url=lambda src: "/m/a.jpg")
    assert sanitize(result.body) == (
        '<p><a href="/m/a.jpg">Boats</a><br><em>Dawn over the harbour (Ana)</em></p>'
    )
    assert result.figures[0].caption == "Dawn over the harbour"


def test_other_images_are_kept_as_links():
    content = 'Text <a href="x"><img class="wp-image-3" src="https://o/b.jpg"></a>'
    assert '<a href="https://o/b.jpg">Image</a>' in body(content)


def test_embeds_are_links_and_other_shortcodes_text():
    content = (
        "Watch:\n\nhttps://www.youtube.com/watch?v=abc\n\n"
        '[embed]https://vimeo.com/1[/embed]\n\n[gallery ids="1,2"]'
    )
    result = convert(content)
    assert sorted(result.embeds) == [
        "https://vimeo.com/1",
        "https://www.youtube.com/watch?v=abc",
    ]
    assert result.shortcodes == ["gallery"]
    cleaned = sanitize(result.body)
    assert '<a href="https://vimeo.com/1">https://vimeo.com/1</a>' in cleaned
    assert '[gallery ids="1,2"]' in cleaned
