"""Turn a WordPress post's content into a Newsroom article body.

The body is then sanitised exactly as every article save sanitises it (the
body field's own nh3 sanitiser), so nothing here has to be trusted.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils.html import escape, strip_tags

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


@dataclass
class Converted:
    body: str
    embeds: list[str] = field(default_factory=list)
    shortcodes: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


def render_figure(figure: Figure) -> str:
    """Return the body markup of an image with its caption and credit.

    The one place figures are written: the body's sanitiser allows no <img> or
    <figure> yet, so the image is a link to the file with its caption and
    credit beneath. Point this at the media library once it exists.
    """
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


def render_embed(url: str) -> str:
    """Return an embed's markup: a plain link until Newsroom has embeds."""
    return f'<p><a href="{escape(url)}">{escape(url)}</a></p>'


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
    credits: dict[str, str] | None = None,
    image_url: Callable[[str], str] | None = None,
) -> Converted:
    """Convert post content; credits maps attachment ids to photo credits, and
    image_url gives an image's new address (its copy here) from its old one."""
    credits = credits or {}
    result = Converted(body="")
    placeholders: list[str] = []

    def keep(markup: str) -> str:
        placeholders.append(markup)
        return f"\n\n\x00{len(placeholders) - 1}\x00\n\n"

    def figure(image: dict[str, str], caption: str, attachment: str = "") -> str:
        item = Figure(
            src=image_url(image.get("src", "")) if image_url else image.get("src", ""),
            alt=image.get("alt", ""),
            caption=caption,
            credit=credits.get(attachment, ""),
        )
        result.figures.append(item)
        return keep(render_figure(item))

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
        result.embeds.append(url)
        return keep(render_embed(url))

    text = BLOCK_COMMENT.sub("", content.replace("\r\n", "\n"))
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
