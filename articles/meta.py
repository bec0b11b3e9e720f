"""What article, section, tag and archive pages tell search engines and feeds.

Each builder returns a core.meta.PageMeta for a view of articles/views.py. The
descriptions readers see in both a page's metadata and its feed are written
once here (section_description, tag_description) and used by articles/feeds.py.
"""

import html
from datetime import date, datetime
from functools import partial

from django.conf import settings
from django.template.defaultfilters import date as format_date
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.fast_reverse import fast_reverse
from core.meta import (
    FeedLink,
    PageMeta,
    ShareImage,
    absolute_url,
    breadcrumbs,
    iso_datetime,
    organisation,
    page_title,
    paged_url,
    person,
    shorten,
)
from images.renditions import og_image

HEADLINE_MAX_LENGTH = 110  # Google's limit for a NewsArticle headline.


# Articles


def article_share_image(article) -> ShareImage | None:
    """Return the image shown when the article is shared, in feeds and in JSON-LD.

    The 1200 × 630 social card rendition of the lead image (the editor's focal
    point kept in frame); None without a lead image or when its file is missing.
    """
    rendition = og_image(article)  # Its URL is absolute already.
    if rendition is None:
        return None
    return ShareImage(
        url=rendition.url,
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


# The site's feeds and search, which the home page announces too


def site_feeds() -> list[FeedLink]:
    return [
        FeedLink(_("Latest news (RSS)"), absolute_url(fast_reverse("articles:feed"))),
        FeedLink(
            _("Latest news (Atom)"),
            absolute_url(fast_reverse("articles:feed-atom")),
            "application/atom+xml",
        ),
    ]


def search_url_template() -> str:
    return absolute_url(fast_reverse("search") + "?q={search_term_string}")


# Sections, tags, archives


def section_crumbs(section) -> list[tuple[str, str]]:
    """Return home → parent section → section as (name, absolute URL) pairs."""
    crumbs = [(_("Home"), absolute_url("/"))]
    if section.parent_id:
        crumbs.append(
            (section.parent.name, absolute_url(section.parent.get_absolute_url()))
        )
    crumbs.append((section.name, absolute_url(section.get_absolute_url())))
    return crumbs


def section_description(section) -> str:
    """Return what the section's page and feed say it is (its own, or ours)."""
    return section.description or _("The latest news from {section}.").format(
        section=section.name
    )


def section_meta(section, page_number: int = 1) -> PageMeta:
    return PageMeta(
        title=page_title(section.name, page_number),
        description=shorten(section_description(section)),
        canonical=paged_url(section.get_absolute_url(), page_number),
        feeds=[
            FeedLink(
                _("{section} (RSS)").format(section=section.name),
                absolute_url(fast_reverse("articles:section-feed", slug=section.slug)),
            )
        ],
        structured_data=lambda site: [breadcrumbs(section_crumbs(section))],
    )


def tag_description(tag) -> str:
    """Return what the tag's page and feed say it is."""
    return _("The latest stories about {tag}.").format(tag=tag.name)


def tag_meta(tag, page_number: int = 1) -> PageMeta:
    path = fast_reverse("articles:tag", slug=tag.slug)
    return PageMeta(
        title=page_title(_("Stories tagged “{tag}”").format(tag=tag.name), page_number),
        description=tag_description(tag),
        canonical=paged_url(path, page_number),
        feeds=[
            FeedLink(
                _("Stories tagged “{tag}” (RSS)").format(tag=tag.name),
                absolute_url(fast_reverse("articles:tag-feed", slug=tag.slug)),
            )
        ],
    )


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
