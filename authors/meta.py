"""What an author's page tells search engines and feeds.

stories_by() is the description the author's page falls back to and the
author's feed always gives (authors/feeds.py): written once, here.
"""

from functools import partial

from django.utils.translation import gettext as _

from core.fast_reverse import fast_reverse
from core.meta import (
    FeedLink,
    PageMeta,
    ShareImage,
    absolute_url,
    page_title,
    paged_url,
    person,
    shorten,
)


def stories_by(author) -> str:
    return _("Stories by {name}.").format(name=author.name)


def author_meta(author, page_number: int = 1) -> PageMeta:
    description = author.bio or stories_by(author)
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
