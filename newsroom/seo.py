"""What the home page tells search engines: the site, its search and publisher.

The parts (PageMeta, absolute_url, organisation, ...) are in core/meta.py; each
app builds the metadata of its own pages (articles/meta.py, authors/meta.py).
"""

from django.conf import settings

from articles.meta import search_url_template, site_feeds
from core.meta import PageMeta, absolute_url, organisation


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
