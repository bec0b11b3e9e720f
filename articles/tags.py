"""Tags in any script: every tag gets a slug its /tag/<slug>/ URL can carry.

Slugs keep the tag's own letters ("dénia", "москва", "東京"), as WordPress does,
and travel percent-encoded in URLs. A name with no letters or digits ("!!!",
an emoji) gets "tag", "tag-2", …; a slug that would be too long is shortened.
"""

import re

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.models import Tag

SLUG_PATTERN = r"[-\w]+"
FALLBACK_SLUG = "tag"
# Room for a "-NNNN" suffix that makes a shortened or fallback slug unique.
SUFFIX_ROOM = 8
# taggit's suffix for a second tag with the same slug: "dénia_1".
_TAGGIT_SUFFIX = re.compile(r"_\d+\Z")


class TagSlugConverter:
    """The <tag_slug:…> path converter: a slug of letters of any script."""

    regex = SLUG_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def slug_works(slug: str, max_length: int) -> bool:
    """Return whether the slug fits the URL and says something (a letter or digit)."""
    return (
        len(slug) <= max_length
        and re.fullmatch(SLUG_PATTERN, slug) is not None
        and re.search(r"[^\W_]", _TAGGIT_SUFFIX.sub("", slug)) is not None
    )


def tag_slug(tag: Tag) -> str:
    """Return a working slug for the tag, unique among the other tags."""
    max_length = Tag._meta.get_field("slug").max_length
    base = slugify(tag.name, allow_unicode=True)
    if not slug_works(base, max_length):
        base = base[: max_length - SUFFIX_ROOM].strip("-_")
        if not slug_works(base, max_length):
            base = FALLBACK_SLUG
    taken = set(
        Tag.objects.filter(slug__startswith=base)
        .exclude(pk=tag.pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def give_tag_a_working_slug(sender, instance: Tag, **kwargs) -> None:
    """Replace a slug that no URL can carry before the tag is saved (pre_save)."""
    max_length = Tag._meta.get_field("slug").max_length
    if not slug_works(instance.slug or "", max_length):
        instance.slug = tag_slug(instance)


class TagsField(TagField):
    """The article form's tags, each checked against the tag name's length."""

    def clean(self, value):
        tags = super().clean(value)
        max_length = Tag._meta.get_field("name").max_length
        too_long = [tag for tag in tags if len(tag) > max_length]
        if too_long:
            raise forms.ValidationError(
                _(
                    "A tag can be at most %(limit)d characters long; this one has "
                    "%(length)d: “%(tag)s”. Shorten it, or split it into tags "
                    "separated by commas."
                ),
                code="tag_too_long",
                params={
                    "limit": max_length,
                    "length": len(too_long[0]),
                    "tag": too_long[0],
                },
            )
        return tags
