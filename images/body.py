"""Library figures, galleries and embeds inside an article's body.

The body stores references, never pictures: the editor inserts

    <figure data-image-id="12" data-caption="Optional caption"></figure>
    <figure data-gallery="12,13,14" data-caption="Optional caption"></figure>
    <figure data-embed="https://www.youtube.com/watch?v=…"></figure>

and the sanitiser lets exactly these attributes through (ids must be numbers,
embeds must be a supported provider's URL). Pages turn them into current
renditions, credits and rights at view time: render() loads every image a
body refers to in one query, and leaves out images whose rights expired.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from images import embeds, renditions
from images.models import Image
from images.sanitiser import (
    ATTRIBUTE,
    FIGURE,
    ID,
    MAX_GALLERY,
    embed_pasted_urls,
    gallery_ids,
)

GALLERY = renditions.Shape(
    widths=(320, 640, 960),
    aspect=4 / 3,
    sizes="(min-width: 42rem) 19.5rem, calc(50vw - 1.5rem)",
)


@dataclass
class References:
    image_ids: set[int] = field(default_factory=set)
    embeds: list[str] = field(default_factory=list)
    forged: list[str] = field(default_factory=list)


class _FigureParser(HTMLParser):
    """Read the figures of an unsanitised body, as a browser would."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.references = References()

    def handle_starttag(self, tag, attrs):
        if tag != "figure":
            return
        found = self.references
        for name, value in attrs:
            value = value or ""
            if name == "data-image-id":
                if ID.fullmatch(value.strip()):
                    found.image_ids.add(int(value))
                else:
                    found.forged.append(
                        _("“{value}” is not a library image.").format(value=value[:40])
                    )
            elif name == "data-gallery":
                ids = gallery_ids(value)
                if ids:
                    found.image_ids.update(ids)
                else:
                    found.forged.append(
                        _(
                            "A gallery lists library images by number, at most {n}."
                        ).format(n=MAX_GALLERY)
                    )
            elif name == "data-embed":
                found.embeds.append(value)


def references(value: str) -> References:
    parser = _FigureParser()
    parser.feed(value or "")
    parser.close()
    return parser.references


def validate(value: str) -> None:
    """Raise ValidationError naming each forged or unknown figure and embed."""
    found = references(embed_pasted_urls(value or ""))
    problems = list(found.forged)
    for url in found.embeds:
        try:
            embeds.parse(url)
        except embeds.UnsupportedEmbed as error:
            problems.append(str(error))
    if found.image_ids:
        known = set(
            Image.objects.filter(pk__in=found.image_ids).values_list("pk", flat=True)
        )
        for missing in sorted(found.image_ids - known):
            problems.append(
                _("There is no image {number} in the library.").format(number=missing)
            )
    if problems:
        raise ValidationError(problems, code="invalid_figure")


def referenced_ids(value: str) -> list[int]:
    """Return the image ids a sanitised body refers to, in order."""
    ids = []
    for match in FIGURE.finditer(value or ""):
        attributes = dict(ATTRIBUTE.findall(match[1]))
        if "data-image-id" in attributes:
            ids.append(int(attributes["data-image-id"]))
        elif "data-gallery" in attributes:
            ids.extend(gallery_ids(attributes["data-gallery"]))
    return list(dict.fromkeys(ids))


def expired_images(value: str) -> list[Image]:
    ids = referenced_ids(value)
    return list(Image.objects.expired().filter(pk__in=ids)) if ids else []


@dataclass
class Body:
    html: SafeString
    frame_hosts: list[str]

    @property
    def has_embeds(self) -> bool:
        return bool(self.frame_hosts)

    def __str__(self):
        return self.html


def render(value: str) -> Body:
    """Return the body with its figures drawn from the library (one query)."""
    value = value or ""
    if "<figure" not in value:
        return Body(mark_safe(value), [])
    ids = referenced_ids(value)
    images = Image.objects.usable().in_bulk(ids) if ids else {}
    hosts: dict[str, None] = {}

    def replace(match: re.Match) -> str:
        attributes = {
            name: html.unescape(text) for name, text in ATTRIBUTE.findall(match[1])
        }
        caption = attributes.get("data-caption", "")
        if "data-image-id" in attributes:
            image = images.get(int(attributes["data-image-id"]))
            return _figure(image, caption) if image else ""
        if "data-gallery" in attributes:
            shown = [
                images[pk]
                for pk in gallery_ids(attributes["data-gallery"])
                if pk in images
            ]
            return _gallery(shown, caption) if shown else ""
        if "data-embed" in attributes:
            try:
                embed = embeds.parse(attributes["data-embed"])
            except embeds.UnsupportedEmbed:
                return ""
            hosts[embed.provider.frame_host] = None
            return render_to_string("images/includes/embed.html", {"embed": embed})
        return ""

    return Body(mark_safe(FIGURE.sub(replace, value)), list(hosts))


def _figure(image: Image, caption: str) -> str:
    picture = renditions.image_picture(image, renditions.LEAD)
    if picture is None:
        return ""
    return render_to_string(
        "images/includes/figure.html",
        {"image": image, "picture": picture, "caption": caption or image.caption},
    )


def _gallery(images: list[Image], caption: str) -> str:
    items = [
        (image, picture)
        for image in images
        if (picture := renditions.image_picture(image, GALLERY)) is not None
    ]
    if not items:
        return ""
    return render_to_string(
        "images/includes/gallery.html", {"items": items, "caption": caption}
    )


def feed_html(value: str) -> str:
    """Return the body for feeds: embeds as links, library figures left out.

    Feed readers show no page furniture and run no script; a figure's photo
    would cost a query per item, so feeds carry the text and the lead image.
    """
    if "<figure" not in (value or ""):
        return value or ""

    def replace(match: re.Match) -> str:
        attributes = {
            name: html.unescape(text) for name, text in ATTRIBUTE.findall(match[1])
        }
        if "data-embed" not in attributes:
            return ""
        try:
            embed = embeds.parse(attributes["data-embed"])
        except embeds.UnsupportedEmbed:
            return ""
        return (
            f'<p><a href="{html.escape(embed.url)}">'
            f"{html.escape(embed.provider.name)}: {html.escape(embed.url)}</a></p>"
        )

    return FIGURE.sub(replace, value)
