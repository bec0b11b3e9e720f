"""Turn a WordPress post's content into a Newsroom article body.

The body is then sanitised exactly as every article save sanitises it (the
body field's own nh3 sanitiser), so nothing here has to be trusted.
"""

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.utils.html import escape, strip_tags

from images import embeds
from images.sanitiser import MAX_CAPTION, MAX_GALLERY

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
CAPTION = re.compile(
    r"\[(caption|wp_caption)(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/\1\]", re.S | re.I
)
IMAGE_BLOCK = re.compile(
    r"<figure\b[^>]*\bclass=\"[^\"]*wp-block-image[^\"]*\"[^>]*>(?P<inner>.*?)</figure>",
    re.S | re.I,
)
EMBED_BLOCK = re.compile(
    r"<figure\b[^>]*\bclass=\"[^\"]*wp-block-embed[^\"]*\"[^>]*>(?P<inner>.*?)</figure>",
    re.S | re.I,
)
GALLERY_BLOCK = re.compile(
    r"<!--\s*wp:gallery\b.*?-->(?P<inner>.*?)<!--\s*/wp:gallery\s*-->", re.S
)
GALLERY_CAPTION = re.compile(
    r"<figcaption\b[^>]*\bclass=\"[^\"]*blocks-gallery-caption[^\"]*\"[^>]*>(.*?)"
    r"</figcaption>",
    re.S | re.I,
)
GALLERY_SHORTCODE = re.compile(r"\[gallery\b(?P<attrs>[^\]]*)\]", re.I)
EMBED_SHORTCODE = re.compile(r"\[embed[^\]]*\](?P<url>.*?)\[/embed\]", re.S | re.I)
IMG = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.S | re.I)
ATTRIBUTE = re.compile(r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))")
# Any other image (the classic editor's <a><img class="wp-image-12"></a>).
LINKED_IMAGE = re.compile(
    r"(?:<a\b[^>]*>\s*)?<img\b(?P<attrs>[^>]*)>(?:\s*</a>)?", re.S | re.I
)
FIGCAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.S | re.I)
SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)(?=[\s\]/])[^\]]*\]")
# A URL alone on its line: WordPress turns these into embeds.
BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)
EMBED_HOSTS = (
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "twitter.com",
    "x.com",
    "instagram.com",
)
BLOCK_TAGS = (
    "p|div|h[1-6]|ul|ol|li|blockquote|pre|table|thead|tbody|tr|td|th|hr|figure|"
    "figcaption|dl|dt|dd|address|section|article|aside|header|footer|form|iframe|"
    "script|style"
)
STARTS_WITH_BLOCK = re.compile(rf"^\s*</?(?:{BLOCK_TAGS})\b", re.I)
ENDS_WITH_BLOCK = re.compile(rf"</?(?:{BLOCK_TAGS})\b[^>]*>\s*$", re.I)


@dataclass
class Figure:
    src: str
    alt: str = ""
    caption: str = ""
    credit: str = ""
    attachment: str = ""
    # The media library image it became (set by convert()'s `library`).
    image_id: int | None = None


@dataclass
class Converted:
    body: str
    # Provider URLs that became embeds, and embed URLs kept as links.
    embeds: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    shortcodes: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    galleries: int = 0


def _caption_attribute(caption: str) -> str:
    caption = " ".join(caption.split())[:MAX_CAPTION]
    return f' data-caption="{escape(caption)}"' if caption else ""


def render_figure(figure: Figure) -> str:
    """Return the body markup of an image with its caption and credit.

    The one place figures are written. An image in the media library becomes
    the body's library figure (images/body.py): the page draws the picture,
    its credit and alt text from the library, and the post's caption, when it
    has one, is this story's caption. An image that could not be brought into
    the library stays a link to its old address, with caption and credit
    beneath, so nothing is lost.
    """
    if figure.image_id is not None:
        return (
            f'<figure data-image-id="{figure.image_id}"'
            f"{_caption_attribute(figure.caption)}></figure>"
        )
    label = figure.alt or figure.caption or "Image"
    parts = [f'<a href="{escape(figure.src)}">{escape(label)}</a>']
    below = " ".join(
        part
        for part in (
            escape(figure.caption),
            f"({escape(figure.credit)})" if figure.credit else "",
        )
        if part
    )
    if below:
        parts.append(f"<br><em>{below}</em>")
    return f"<p>{''.join(parts)}</p>"


def render_gallery(figures: list[Figure], caption: str = "") -> str:
    """Return a gallery's markup: library galleries of at most MAX_GALLERY
    images, then the images the library could not take, as links."""
    ids = list(dict.fromkeys(f.image_id for f in figures if f.image_id is not None))
    parts = [
        f'<figure data-gallery="{",".join(map(str, ids[start : start + MAX_GALLERY]))}"'
        f"{_caption_attribute(caption)}></figure>"
        for start in range(0, len(ids), MAX_GALLERY)
    ]
    parts.extend(render_figure(f) for f in figures if f.image_id is None)
    return "\n".join(parts)


def render_embed(url: str) -> str:
    """Return an embed's markup: the library's embed (images/embeds.py) for a
    supported provider's URL, else a plain link."""
    try:
        embed = embeds.parse(url)
    except embeds.UnsupportedEmbed:
        return f'<p><a href="{escape(url)}">{escape(url)}</a></p>'
    return f'<figure data-embed="{escape(embed.url)}"></figure>'


def attributes(markup: str) -> dict[str, str]:
    return {
        match.group(1).lower(): html.unescape(
            next(value for value in match.groups()[1:] if value is not None)
        )
        for match in ATTRIBUTE.finditer(markup)
    }


def plain(markup: str) -> str:
    """Return text without tags or entities, on one line."""
    return " ".join(html.unescape(strip_tags(markup)).split())


def _first_image(markup: str) -> dict[str, str] | None:
    match = IMG.search(markup)
    return attributes(match.group("attrs")) if match else None


def is_embed_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == name or host.endswith("." + name) for name in EMBED_HOSTS)


def convert(
    content: str,
    attachments: Mapping[str, Any] | None = None,
    library: Callable[[Figure], int | None] | None = None,
    post_id: str = "",
) -> Converted:
    """Convert post content.

    attachments maps the export's attachment ids to its attachments (for
    credits and galleries); library, given an image of the text, returns the
    id of its media library copy (or None: the image stays a link); post_id
    names the post, whose attachments a [gallery] without ids shows.
    """
    attachments = attachments or {}
    result = Converted(body="")
    placeholders: list[str] = []

    def keep(markup: str) -> str:
        placeholders.append(markup)
        return f"\n\n\x00{len(placeholders) - 1}\x00\n\n"

    def make_figure(image: dict[str, str], caption: str, attachment: str) -> Figure:
        record = attachments.get(attachment) if attachment else None
        item = Figure(
            src=image.get("src", ""),
            alt=image.get("alt", ""),
            caption=caption,
            credit=plain(record.credit) if record is not None else "",
            attachment=attachment if record is not None else "",
        )
        if library is not None:
            item.image_id = library(item)
        result.figures.append(item)
        return item

    def figure(image: dict[str, str], caption: str, attachment: str = "") -> str:
        return keep(render_figure(make_figure(image, caption, attachment)))

    def gallery(images: list[tuple[dict[str, str], str]], caption: str) -> str:
        items = [make_figure(image, "", attachment) for image, attachment in images]
        result.galleries += 1
        return keep(render_gallery(items, caption))

    def gallery_shortcode(match: re.Match) -> str:
        attrs = attributes(match.group("attrs"))
        wanted = re.findall(r"\d+", attrs.get("ids") or attrs.get("include") or "")
        if not wanted and post_id:
            wanted = sorted(
                (
                    key
                    for key, record in attachments.items()
                    if getattr(record, "parent", "") == post_id
                ),
                key=lambda key: int(key) if key.isdigit() else 0,
            )
        found = [
            ({"src": record.url, "alt": record.alt}, key)
            for key in dict.fromkeys(wanted)
            if (record := attachments.get(key)) is not None and record.url
        ]
        if not found:
            return match.group(0)
        return gallery(found, "")

    def gallery_block(match: re.Match) -> str:
        inner = match.group("inner")
        images = []
        for img in IMG.finditer(inner):
            attrs = attributes(img.group("attrs"))
            key = attrs.get("data-id", "")
            wp_image = re.search(r"wp-image-(\d+)", attrs.get("class", ""))
            if wp_image:
                key = wp_image.group(1)
            images.append((attrs, key if key.isdigit() else ""))
        if not images:
            return match.group(0)
        found = GALLERY_CAPTION.search(inner)
        return gallery(images, plain(found.group(1)) if found else "")

    def caption_shortcode(match: re.Match) -> str:
        attrs = attributes(match.group("attrs"))
        inner = match.group("inner")
        image = _first_image(inner)
        caption = attrs.get("caption") or plain(
            IMG.sub(
                "",
                re.sub(
                    r"<a\b[^>]*>\s*(<img\b[^>]*>)\s*</a>", "", inner, flags=re.S | re.I
                ),
            )
        )
        attachment = attrs.get("id", "").removeprefix("attachment_")
        if image is None:
            return keep(f"<p>{escape(caption)}</p>") if caption else ""
        return figure(image, caption, attachment)

    def image_block(match: re.Match) -> str:
        inner = match.group("inner")
        image = _first_image(inner)
        if image is None:
            return match.group(0)
        found = FIGCAPTION.search(inner)
        caption = plain(found.group(1)) if found else ""
        attachment = ""
        wp_image = re.search(r"wp-image-(\d+)", image.get("class", ""))
        if wp_image:
            attachment = wp_image.group(1)
        return figure(image, caption, attachment)

    def embed_block(match: re.Match) -> str:
        found = re.search(r"https?://[^\s<>\"]+", match.group("inner"))
        return embed(found.group(0)) if found else match.group(0)

    def embed(url: str) -> str:
        url = plain(url)
        (result.embeds if embeds.is_supported(url) else result.links).append(url)
        return keep(render_embed(url))

    content = content.replace("\r\n", "\n")
    content = GALLERY_BLOCK.sub(gallery_block, content)
    text = BLOCK_COMMENT.sub("", content)
    text = GALLERY_SHORTCODE.sub(gallery_shortcode, text)
    text = CAPTION.sub(caption_shortcode, text)
    text = IMAGE_BLOCK.sub(image_block, text)
    text = EMBED_BLOCK.sub(embed_block, text)
    text = LINKED_IMAGE.sub(
        lambda match: figure(
            attributes(match.group("attrs")),
            "",
            (re.findall(r"wp-image-(\d+)", match.group("attrs")) or [""])[0],
        ),
        text,
    )
    text = EMBED_SHORTCODE.sub(lambda match: embed(match.group("url")), text)
    text = BARE_URL_LINE.sub(
        lambda match: (
            embed(match.group(1)) if is_embed_url(match.group(1)) else match.group(0)
        ),
        text,
    )
    for match in SHORTCODE.finditer(text):
        if not match.group(1):
            result.shortcodes.append(match.group(2))
    text = autop(text)
    result.body = re.sub(
        r"<p>\s*\x00(\d+)\x00\s*</p>|\x00(\d+)\x00",
        lambda match: placeholders[int(match.group(1) or match.group(2))],
        text,
    )
    return result


def autop(text: str) -> str:
    """Wrap paragraphs separated by blank lines in <p>, as WordPress shows them.

    A simplified wpautop(): content written in the classic editor is stored
    without paragraph tags.
    """
    chunks = re.split(r"\n\s*\n", text.strip())
    out = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("\x00") or (
            STARTS_WITH_BLOCK.match(chunk) and ENDS_WITH_BLOCK.search(chunk)
        ):
            out.append(chunk)
            continue
        out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    return "\n".join(out)
