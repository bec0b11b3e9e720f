"""RSS 2.0 and Atom feeds of published articles: site-wide, per section and tag.

Each feed answers in three queries whatever its length: the site settings, the
section/tag/author, and the articles with their author and tag names.
"""

from dataclasses import dataclass
from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.html import escape

from articles.meta import (
    article_description,
    article_modified_at,
    article_share_image,
    section_description,
    tag_description,
)
from articles.models import Article, Section, published_tags
from core.meta import ShareImage, absolute_url, site_logo
from core.text import xml_text
from images import body as body_media
from newsroom.models import SiteSettings

FEED_LENGTH = 30

DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
CONTENT_MODULE = "http://purl.org/rss/1.0/modules/content/"
MEDIA_RSS = "http://search.yahoo.com/mrss/"


def article_guid(article: Article) -> str:
    """Return a tag: URI that stays the same when the slug or date changes."""
    host = urlsplit(settings.SITE_URL).hostname
    created = article.created_at.astimezone(UTC).date()
    return f"tag:{host},{created.isoformat()}:article:{article.pk}"


def add_media_content(handler, image: ShareImage) -> None:
    """Write the image as Media RSS, which needs no byte length (unlike enclosure)."""
    attributes = {"url": image.url, "medium": "image", "type": image.mime_type}
    if image.width and image.height:
        attributes |= {"width": str(image.width), "height": str(image.height)}
    handler.startElement("media:content", attributes)
    if image.alt:
        handler.addQuickElement("media:description", image.alt, {"type": "plain"})
    handler.endElement("media:content")


class XmlSafeWriter:
    """Wrap a feed's XML writer so that no text or attribute holds a character
    XML forbids (Django's writer raises on control characters in text, and
    writes them into attributes)."""

    def __init__(self, handler):
        self._handler = handler

    def __getattr__(self, name):
        return getattr(self._handler, name)

    def characters(self, content):
        self._handler.characters(xml_text(str(content)) if content else content)

    def startElement(self, name, attrs):
        self._handler.startElement(
            name, {key: xml_text(str(value)) for key, value in attrs.items()}
        )

    def addQuickElement(self, name, contents=None, attrs=None):
        self.startElement(name, attrs or {})
        if contents is not None:
            self.characters(contents)
        self.endElement(name)


class XmlSafeFeedMixin:
    """Write the channel and its items through XmlSafeWriter (list it first)."""

    def add_root_elements(self, handler):
        super().add_root_elements(XmlSafeWriter(handler))

    def write_items(self, handler):
        super().write_items(XmlSafeWriter(handler))


class RssWithExtras(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with every author (dc:creator), full content and the lead image."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_MODULE,
            "xmlns:dc": DUBLIN_CORE,
            "xmlns:media": MEDIA_RSS,
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        logo = self.feed.get("logo")
        if logo:
            handler.startElement("image", {})
            handler.addQuickElement("url", logo.url)
            handler.addQuickElement("title", self.feed["title"])
            handler.addQuickElement("link", self.feed["link"])
            handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # RSS's own <author> must hold an email address; bylines have names.
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content"])
        if item["image"]:
            add_media_content(handler, item["image"])


class AtomWithExtras(feedgenerator.Atom1Feed):
    """Atom with every author, full content and the lead image."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        logo = self.feed.get("logo")
        if logo:
            handler.addQuickElement("logo", logo.url)

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})
        if item["image"]:
            add_media_content(handler, item["image"])


class NewsroomRssFeed(XmlSafeFeedMixin, RssWithExtras):
    """The site's RSS 2.0, well-formed whatever the articles hold."""


class NewsroomAtomFeed(XmlSafeFeedMixin, AtomWithExtras):
    """The site's Atom, well-formed whatever the articles hold."""


@dataclass
class FeedSource:
    """What one feed is about: its title and page, and the articles it lists."""

    site: SiteSettings
    title: str
    description: str
    link: str
    url: str
    articles: QuerySet


class ArticleFeed(Feed):
    """The latest published articles of the whole site, as RSS 2.0."""

    feed_type = NewsroomRssFeed

    def get_object(self, request: HttpRequest, **kwargs) -> FeedSource:
        site = SiteSettings.load()
        return FeedSource(
            site=site,
            title=site.site_name,
            description=site.tagline or site.site_name,
            link=absolute_url(reverse("home")),
            url=absolute_url(request.path),
            articles=Article.objects.published(),
        )

    def title(self, source: FeedSource) -> str:
        return source.title

    def description(self, source: FeedSource) -> str:
        return source.description

    def subtitle(self, source: FeedSource) -> str:
        return source.description

    def link(self, source: FeedSource) -> str:
        return source.link

    def feed_url(self, source: FeedSource) -> str:
        return source.url

    def author_name(self, source: FeedSource) -> str:
        return source.site.site_name

    def feed_extra_kwargs(self, source: FeedSource) -> dict:
        return {"logo": site_logo(source.site)}

    def items(self, source: FeedSource):
        return source.articles.for_feed()[:FEED_LENGTH]

    def item_title(self, article: Article) -> str:
        # Feed readers treat RSS titles as HTML, so the text is escaped once more.
        return escape(article.headline)

    def item_description(self, article: Article) -> str:
        return escape(article_description(article))

    def item_link(self, article: Article) -> str:
        return absolute_url(article.get_absolute_url())

    def item_guid(self, article: Article) -> str:
        return article_guid(article)

    item_guid_is_permalink = False

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        return article_modified_at(article)

    def item_categories(self, article: Article) -> list[str]:
        return [article.section.name, *article.tag_names]

    def item_extra_kwargs(self, article: Article) -> dict:
        return {
            "authors": article.author_names,
            "content": body_media.feed_html(article.body),
            "image": article_share_image(article),
        }


class ArticleAtomFeed(ArticleFeed):
    """The latest published articles of the whole site, as Atom."""

    feed_type = NewsroomAtomFeed

    def item_title(self, article: Article) -> str:
        # Atom titles are declared plain text, so no extra escaping.
        return article.headline


class SectionFeed(ArticleFeed):
    """Articles of a section and its regional sub-sections."""

    def get_object(self, request: HttpRequest, slug: str) -> FeedSource:
        section = get_object_or_404(Section, slug=slug)
        site = SiteSettings.load()
        return FeedSource(
            site=site,
            title=f"{site.site_name}: {section.name}",
            description=section_description(section),
            link=absolute_url(section.get_absolute_url()),
            url=absolute_url(request.path),
            articles=Article.objects.published().in_section(section),
        )


class TagFeed(ArticleFeed):
    def get_object(self, request: HttpRequest, slug: str) -> FeedSource:
        tag = get_object_or_404(published_tags(), slug=slug)
        site = SiteSettings.load()
        return FeedSource(
            site=site,
            title=f"{site.site_name}: {tag.name}",
            description=tag_description(tag),
            link=absolute_url(reverse("articles:tag", kwargs={"slug": tag.slug})),
            url=absolute_url(request.path),
            articles=Article.objects.published().tagged(tag),
        )
