"""Read what search engines and social networks read from a page's <head>."""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree import ElementTree

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS}


@dataclass
class Head:
    title: str = ""
    meta: dict[str, list[str]] = field(default_factory=dict)
    links: list[dict[str, str]] = field(default_factory=list)
    json_ld: list = field(default_factory=list)

    def first(self, key: str) -> str:
        """Return the first <meta> content for a name or property."""
        return self.meta[key][0]

    def link(self, rel: str, type: str | None = None) -> list[dict[str, str]]:
        return [
            link
            for link in self.links
            if link.get("rel") == rel and (type is None or link.get("type") == type)
        ]

    def schema(self, type_: str) -> dict:
        (found,) = [data for data in self.json_ld if data.get("@type") == type_]
        return found


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head = Head()
        self._in_title = False
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and "content" in attributes:
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.head.meta.setdefault(key, []).append(attributes["content"])
        elif tag == "link":
            self.head.links.append(attributes)
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._script = []

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "script" and self._script is not None:
            self.head.json_ld.append(json.loads("".join(self._script)))
            self._script = None

    def handle_data(self, data):
        if self._in_title:
            self.head.title += data
        elif self._script is not None:
            self._script.append(data)


def parse_head(html: str) -> Head:
    """Parse the page up to </head>; JSON-LD blocks must be valid JSON."""
    parser = _HeadParser()
    parser.feed(html.split("</head>", 1)[0])
    parser.close()
    return parser.head


def parse_xml(response) -> ElementTree.Element:
    """Parse an XML response (raises on anything not well-formed)."""
    return ElementTree.fromstring(response.content)
