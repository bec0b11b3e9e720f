"""Metadata for search engines, social networks and feed readers.

Views build a PageMeta with the functions below; base.html renders it through
the ``page_meta`` tag (templates/includes/meta.html), which adds what comes from
the site settings. Every URL here is absolute, built from settings.SITE_URL.
"""

import html
import json
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.template.defaultfilters import date as format_date
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from images.renditions import og_image
from newsroom.fast_reverse import fast_reverse

HEADLINE_MAX_LENGTH = 110  # Google's limit for a NewsArticle headline.
DESCRIPTION_MAX_LENGTH = 160
FALLBACK_LOGO = "img/logo.png"
FALLBACK_LOGO_SIZE = (512, 512)

JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@dataclass
class ShareImage:
    """An image for social cards, feeds and structured data."""

    url: str
    width: int | None = None
    height: int | None = None
    alt: str = ""

    @property
    def mime_type(self) -> str:
        return mimetypes.guess_type(urlsplit(self.url).path)[0] or "image/jpeg"


@dataclass
class FeedLink:
    title: str
    url: str
    type: str = "application/rss+xml"


@dataclass
class PageMeta:
    """What a page tells search engines and social networks about itself."""

    title: str
    description: str
    canonical: str
    og_type: str = "website"
    image: ShareImage | None = None
    # OpenGraph properties beyond the basic ones, in order (article:tag repeats).
    properties: list[tuple[str, str]] = field(default_factory=list)
    feeds: list[FeedLink] = field(default_factory=list)
    # Called with the SiteSettings when the page renders; returns JSON-LD objects.
    structured_data: Callable | None = None


# Building blocks


def absolute_url(url: str) -> str:
    """Return url made absolute against SITE_URL (absolute URLs pass through)."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"{urlsplit(settings.SITE_URL).scheme}:{url}"
    return settings.SITE_URL + url


def paged_url(path: str, page_number: int) -> str:
    """Return the absolute URL of a list page: page 2 on keep their ?page=N."""
    url = absolute_url(path)
    return f"{url}?page={page_number}" if page_number > 1 else url


def iso_datetime(value: datetime) -> str:
    """Return value as ISO 8601 (W3C) in the newsroom's time zone, with offset."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def og_locale() -> str:
    """Return LANGUAGE_CODE in OpenGraph's form, e.g. en-gb -> en_GB."""
    return to_locale(settings.LANGUAGE_CODE)


def news_language() -> str:
    """Return the language code Google News expects (ISO 639, zh-cn/zh-tw kept)."""
    code = settings.LANGUAGE_CODE.lower()
    chinese = {
        "zh-cn": "zh-cn",
        "zh-hans": "zh-cn",
        "zh-tw": "zh-tw",
        "zh-hant": "zh-tw",
    }
    return chinese.get(code, code.split("-")[0])


def search_url_template() -> str:
    return absolute_url(fast_reverse("search") + "?q={search_term_string}")


def shorten(text: str, length: int = DESCRIPTION_MAX_LENGTH) -> str:
    return Truncator(" ".join(text.split())).chars(length)


def json_ld(data: dict) -> SafeString:
    """Serialise data for a <script type="application/ld+json"> block.

    <, > and & are escaped so text such as "</script>" in a headline can't end
    the block early.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))


# Articles


def article_share_image(article) -> ShareImage | None:
    """Return the image shown when the article is shared, in feeds and in JSON-LD.

    The 1200 × 630 social card rendition of the lead image (the editor's focal
    point kept in frame); None without a lead image or when its file is missing.
    """
    rendition = og_image(article)
    if rendition is None:
        return None
    return ShareImage(
        url=absolute_url(rendition.url),
        width=rendition.width,
        height=rendition.height,
        alt=article.lead_image.alt_text,
    )


def article_modified_at(article) -> datetime:
    """Return when readers last saw the article change: its publication, or later.

    Only content changes after publication count (content_updated_at), not
    edits such as closing comments, and nothing before publication.
    """
    return article.updated_for_readers or article.published_at


def article_headline(article) -> str:
    """Return the SEO headline when set, else the headline, at most 110 characters."""
    headline = article.seo_headline or article.headline
    return Truncator(headline).chars(HEADLINE_MAX_LENGTH)


def article_description(article) -> str:
    """Return the standfirst, else the start of the body, for meta descriptions."""
    body_text = html.unescape(strip_tags(article.body))
    text = article.standfirst or body_text or article.headline
    return shorten(text)


def article_meta(article, live=None) -> PageMeta:
    """Return the metadata of an article page (expects for_detail() prefetches)."""
    authors = article.byline_authors
    tags = list(article.tags.all())
    properties = [
        ("article:published_time", iso_datetime(article.published_at)),
        ("article:modified_time", iso_datetime(article_modified_at(article))),
        ("article:section", article.section.name),
        *(("article:tag", tag.name) for tag in tags),
        *(("article:author", absolute_url(a.get_absolute_url())) for a in authors),
    ]
    return PageMeta(
        title=article_headline(article),
        description=article_description(article),
        canonical=absolute_url(article.get_absolute_url()),
        og_type="article",
        image=article_share_image(article),
        properties=properties,
        feeds=site_feeds(),
        structured_data=partial(
            article_structured_data, article, authors, tags, live=live
        ),
    )


def article_structured_data(article, authors, tags, site, live=None) -> list[dict]:
    canonical = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article_headline(article),
        "description": article_description(article),
        "datePublished": iso_datetime(article.published_at),
        "dateModified": iso_datetime(article_modified_at(article)),
        "author": [person(author) for author in authors],
        "publisher": organisation(site),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in tags],
        "inLanguage": settings.LANGUAGE_CODE,
    }
    image = article_share_image(article)
    if image:
        data["image"] = [image.url]
    if live is not None:
        data.update(live_blog_posting(article, live))
    crumbs = section_crumbs(article.section)
    crumbs.append((article_headline(article), canonical))
    return [data, breadcrumbs(crumbs)]


def live_blog_posting(article, live) -> dict:
    """Return what makes an article's JSON-LD a LiveBlogPosting (live: a LivePage).

    The updates listed are the ones on the page, newest first, as Google asks.
    """
    canonical = absolute_url(article.get_absolute_url())
    entries = list(live.page.object_list)
    if live.pinned is not None:
        entries.insert(0, live.pinned)
    data = {
        "@type": "LiveBlogPosting",
        "coverageStartTime": iso_datetime(article.coverage_started_at),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": Truncator(entry.summary).chars(HEADLINE_MAX_LENGTH),
                "datePublished": iso_datetime(entry.created_at),
                "dateModified": iso_datetime(entry.corrected_at or entry.created_at),
                "url": f"{canonical}?entry={entry.pk}",
                "articleBody": html.unescape(strip_tags(entry.body)).strip(),
                **(
                    {"author": person(entry.author)} if entry.author is not None else {}
                ),
            }
            for entry in sorted(entries, key=lambda entry: -entry.pk)
        ],
    }
    if article.coverage_ended_at:
        data["coverageEndTime"] = iso_datetime(article.coverage_ended_at)
    return data


# Site, sections, tags, authors, archives


def site_feeds() -> list[FeedLink]:
    return [
        FeedLink(_("Latest news (RSS)"), absolute_url(fast_reverse("articles:feed"))),
        FeedLink(
            _("Latest news (Atom)"),
            absolute_url(fast_reverse("articles:feed-atom")),
            "application/atom+xml",
        ),
    ]


def site_logo(site) -> ShareImage:
    """Return the logo from the site settings, or the bundled fallback logo."""
    if site.logo:
        return ShareImage(url=absolute_url(site.logo.url), alt=site.site_name)
    width, height = FALLBACK_LOGO_SIZE
    return ShareImage(
        url=absolute_url(static(FALLBACK_LOGO)),
        width=width,
        height=height,
        alt=site.site_name,
    )


def organisation(site) -> dict:
    logo = site_logo(site)
    data = {
        "@type": "NewsMediaOrganization",
        "@id": absolute_url("/#organization"),
        "name": site.site_name,
        "url": absolute_url("/"),
        "logo": image_object(logo),
    }
    same_as = [url for _label, url in site.social_links]
    if same_as:
        data["sameAs"] = same_as
    return data


def image_object(image: ShareImage) -> dict:
    data = {"@type": "ImageObject", "url": image.url}
    if image.width and image.height:
        data["width"] = image.width
        data["height"] = image.height
    return data


def person(author) -> dict:
    return {
        "@type": "Person",
        "name": author.name,
        "url": absolute_url(author.get_absolute_url()),
    }


def breadcrumbs(crumbs: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def section_crumbs(section) -> list[tuple[str, str]]:
    """Return home → parent section → section as (name, absolute URL) pairs."""
    crumbs = [(_("Home"), absolute_url("/"))]
    if section.parent_id:
        crumbs.append(
            (section.parent.name, absolute_url(section.parent.get_absolute_url()))
        )
    crumbs.append((section.name, absolute_url(section.get_absolute_url())))
    return crumbs


def home_meta() -> PageMeta:
    return PageMeta(
        title="",
        description="",
        canonical=absolute_url("/"),
        feeds=site_feeds(),
        structured_data=home_structured_data,
    )


def home_structured_data(site) -> list[dict]:
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": absolute_url("/#website"),
        "name": site.site_name,
        "url": absolute_url("/"),
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": {"@id": absolute_url("/#organization")},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search_url_template()},
            "query-input": "required name=search_term_string",
        },
    }
    if site.tagline:
        website["description"] = site.tagline
    return [website, {"@context": "https://schema.org", **organisation(site)}]


def section_meta(section, page_number: int = 1) -> PageMeta:
    description = section.description or _("The latest news from {section}.").format(
        section=section.name
    )
    return PageMeta(
        title=page_title(section.name, page_number),
        description=shorten(description),
        canonical=paged_url(section.get_absolute_url(), page_number),
        feeds=[
            FeedLink(
                _("{section} (RSS)").format(section=section.name),
                absolute_url(fast_reverse("articles:section-feed", slug=section.slug)),
            )
        ],
        structured_data=lambda site: [breadcrumbs(section_crumbs(section))],
    )


def tag_meta(tag, page_number: int = 1) -> PageMeta:
    path = fast_reverse("articles:tag", slug=tag.slug)
    return PageMeta(
        title=page_title(_("Stories tagged “{tag}”").format(tag=tag.name), page_number),
        description=_("The latest stories about {tag}.").format(tag=tag.name),
        canonical=paged_url(path, page_number),
        feeds=[
            FeedLink(
                _("Stories tagged “{tag}” (RSS)").format(tag=tag.name),
                absolute_url(fast_reverse("articles:tag-feed", slug=tag.slug)),
            )
        ],
    )


def author_meta(author, page_number: int = 1) -> PageMeta:
    description = author.bio or _("Stories by {name}.").format(name=author.name)
    image = None
    if author.photo:
        image = ShareImage(url=absolute_url(author.photo.url), alt=author.name)
    return PageMeta(
        title=page_title(author.name, page_number),
        description=shorten(description),
        canonical=paged_url(author.get_absolute_url(), page_number),
        og_type="profile",
        image=image,
        feeds=[
            FeedLink(
                _("Stories by {name} (RSS)").format(name=author.name),
                absolute_url(fast_reverse("authors:feed", slug=author.slug)),
            )
        ],
        structured_data=partial(author_structured_data, author),
    )


def author_structured_data(author, site) -> list[dict]:
    entity = person(author)
    if author.job_title:
        entity["jobTitle"] = author.job_title
    if author.bio:
        entity["description"] = author.bio
    if author.photo:
        entity["image"] = absolute_url(author.photo.url)
    same_as = [url for _label, url in author.social_links]
    if same_as:
        entity["sameAs"] = same_as
    entity["worksFor"] = {"@id": absolute_url("/#organization")}
    return [
        {
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "url": absolute_url(author.get_absolute_url()),
            "mainEntity": entity,
        }
    ]


def archive_meta(period: date, precision: str, page_number: int = 1) -> PageMeta:
    """Return the metadata of a date archive; precision is year, month or day."""
    parts = {"year": str(period.year)}
    if precision == "day":
        label = format_date(period, "j F Y")
        description = _("Stories published on {date}.").format(date=label)
        parts |= {"month": f"{period.month:02d}", "day": f"{period.day:02d}"}
    elif precision == "month":
        label = format_date(period, "F Y")
        description = _("Stories published in {date}.").format(date=label)
        parts["month"] = f"{period.month:02d}"
    else:
        label = format_date(period, "Y")
        description = _("Stories published in {date}.").format(date=label)
    path = fast_reverse(f"articles:archive-{precision}", **parts)
    return PageMeta(
        title=page_title(_("Archive · {date}").format(date=label), page_number),
        description=description,
        canonical=paged_url(path, page_number),
    )


def page_title(title: str, page_number: int) -> str:
    if page_number > 1:
        return _("{title} · Page {number}").format(title=title, number=page_number)
    return title
