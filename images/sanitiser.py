"""The body sanitiser's rules for library figures and embeds (see images/body.py).

Imports no model, so django-prose-editor can load it while building the
sanitiser.
"""

import html
import re

from django.utils.html import strip_tags

from images import embeds

FIGURE_ATTRIBUTES = ("data-image-id", "data-gallery", "data-caption", "data-embed")
MAX_GALLERY = 24
MAX_CAPTION = 300
ID = re.compile(r"[1-9]\d{0,17}")
# The sanitiser's output: attributes double-quoted, their values escaped.
FIGURE = re.compile(r"<figure((?: [a-z-]+=\"[^\"]*\")*)>(.*?)</figure>", re.S)
ATTRIBUTE = re.compile(r' ([a-z-]+)="([^"]*)"')
# A paragraph holding nothing but a provider's URL (pasted alone on its line).
PASTED_URL = re.compile(
    r"<p>\s*(?:<a [^>]*>)?\s*(https?://[^\s<\"']{1,500})\s*(?:</a>)?\s*(?:<br>)?\s*</p>",
    re.I,
)
# Bodies that searches for an image's uses look at (PostgreSQL regex).
ID_IN_BODY = r'data-(image-id|gallery)="([0-9]+,)*({ids})(,[0-9]+)*"'


def gallery_ids(value: str) -> list[int]:
    parts = [part.strip() for part in value.split(",")]
    if not parts or len(parts) > MAX_GALLERY or not all(ID.fullmatch(p) for p in parts):
        return []
    return list(dict.fromkeys(int(part) for part in parts))


def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: keep a figure's reference only if well formed."""
    if tag != "figure":
        return value
    if attribute == "data-image-id":
        return value if ID.fullmatch(value.strip()) else None
    if attribute == "data-gallery":
        ids = gallery_ids(value)
        return ",".join(map(str, ids)) if ids else None
    if attribute == "data-caption":
        text = " ".join(strip_tags(value).split())[:MAX_CAPTION]
        return text or None
    if attribute == "data-embed":
        try:
            return embeds.parse(value).url
        except embeds.UnsupportedEmbed:
            return None
    return None


def sanitiser_rules(config, shared_config) -> None:
    """django-prose-editor processor: allow the figures above and nothing more."""
    shared_config["tags"].add("figure")
    shared_config["attributes"].setdefault("figure", set()).update(FIGURE_ATTRIBUTES)
    shared_config["attribute_filter"] = attribute_filter


def embed_pasted_urls(value: str) -> str:
    """Turn a paragraph that is only a provider's URL into an embed figure."""

    def replace(match: re.Match) -> str:
        url = html.unescape(match[1])
        if not embeds.is_supported(url):
            return match[0]
        return f'<figure data-embed="{html.escape(embeds.parse(url).url)}"></figure>'

    return PASTED_URL.sub(replace, value)


def drop_empty_figures(value: str) -> str:
    """Remove figures the sanitiser left without a reference."""
    return re.sub(r"<figure(?: data-caption=\"[^\"]*\")?>[^<]*</figure>", "", value)
