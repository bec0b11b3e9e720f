"""Readable views of an article's versions: snapshots, diffs and edit conflicts.

Versions are stored by django-reversion (see the registration in models.py). A
snapshot is what an editor recognises: one display string per field, with the
byline and tags followed from the same revision.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html.parser import HTMLParser

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.errors import RevertError
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from articles.models import Article, Byline

# How far back to look for the version an editor's form was opened on.
CONFLICT_VERSION_LOOKBACK = 100

BYLINE = "byline"
TAGS = "tags"
HTML_FIELDS = {"body"}
BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "br",
    "hr",
    "ul",
    "ol",
    "div",
}


def _versioned_fields() -> list[models.Field]:
    return [
        model_field
        for model_field in Article._meta.concrete_fields
        if model_field.editable and not model_field.primary_key
    ]


def field_labels() -> list[tuple[str, str]]:
    """Return (key, label) for every field a snapshot holds, in form order."""
    labels = [(f.attname, str(f.verbose_name)) for f in _versioned_fields()]
    labels.insert(
        next(
            (i for i, (key, _label) in enumerate(labels) if key == "section_id"),
            len(labels),
        ),
        (BYLINE, str(gettext_lazy("byline"))),
    )
    labels.append((TAGS, str(gettext_lazy("tags"))))
    return labels


def _display(model_field: models.Field, value) -> str:
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i:s")
    if hasattr(value, "name"):  # a FieldFile
        return value.name or ""
    return str(value)


def _snapshot(values: dict, bylines: list[str], tags: list[str]) -> dict[str, str]:
    snapshot = {
        model_field.attname: _display(model_field, values.get(model_field.attname))
        for model_field in _versioned_fields()
    }
    snapshot[BYLINE] = ", ".join(bylines)
    snapshot[TAGS] = ", ".join(sorted(tags, key=str.lower))
    return snapshot


def article_snapshot(article: Article) -> dict[str, str]:
    """Return the saved article as it is now."""
    values = {f.attname: getattr(article, f.attname) for f in _versioned_fields()}
    bylines = [
        str(byline.author)
        for byline in Byline.objects.filter(article=article)
        .select_related("author")
        .order_by("position", "id")
    ]
    tags = list(article.tags.names())
    return _snapshot(values, bylines, tags)


def version_snapshot(version: Version) -> dict[str, str]:
    """Return the article as a stored version kept it, with its byline and tags."""
    byline_type = ContentType.objects.get_for_model(Byline)
    tagged_type = ContentType.objects.get_for_model(TaggedItem)
    article_type = ContentType.objects.get_for_model(Article)
    article_id = int(version.object_id)
    bylines, tag_ids = [], []
    for related in version.revision.version_set.filter(
        content_type__in=[byline_type, tagged_type]
    ):
        data = related.field_dict
        if related.content_type_id == byline_type.pk:
            if data.get("article_id") == article_id:
                bylines.append(
                    (
                        data.get("position", 0),
                        int(related.object_id),
                        related.object_repr,
                    )
                )
        elif (
            data.get("content_type_id") == article_type.pk
            and int(data.get("object_id") or 0) == article_id
        ):
            tag_ids.append(data.get("tag_id"))
    tags = list(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))
    return _snapshot(
        version.field_dict, [name for _pos, _id, name in sorted(bylines)], tags
    )


class _TextExtractor(HTMLParser):
    """Turn body HTML into paragraphs of text, keeping link targets visible."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")
        if tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.parts.append(f" [{href}]")
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(value: str) -> str:
    parser = _TextExtractor()
    parser.feed(value or "")
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line)


def diff_html(old: str, new: str) -> SafeString:
    """Return new with words removed since old in <del> and added ones in <ins>."""
    old_words = re.findall(r"\s+|[^\s]+", old)
    new_words = re.findall(r"\s+|[^\s]+", new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(old_words[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(old_words[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(new_words[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


@dataclass
class FieldChange:
    key: str
    label: str
    old: str
    new: str
    diff: SafeString

    @property
    def changed(self) -> bool:
        return self.old != self.new


def compare(old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    """Return every field of two snapshots, with a word diff of each."""
    rows = []
    for key, label in field_labels():
        old_value, new_value = old.get(key, ""), new.get(key, "")
        if key in HTML_FIELDS:
            old_value, new_value = html_to_text(old_value), html_to_text(new_value)
        rows.append(
            FieldChange(
                key, label, old_value, new_value, diff_html(old_value, new_value)
            )
        )
    return rows


def article_versions(article: Article):
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def _version_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def article_version(article: Article, version_id) -> Version | None:
    """Return the article's own version with this id, or None.

    Only the article's history is searched (content type and object id): the id
    of another article's version, or of a byline or tag row whose object id
    happens to equal this article's id, finds nothing.
    """
    pk = _version_id(version_id)
    if pk is None:
        return None
    return article_versions(article).filter(pk=pk).first()


def revision_is_own(article_id: int, version: Version) -> bool:
    """Return whether the version's revision holds only this article's rows.

    Restoring a version reverts its whole revision, so one that also held another
    article, or its byline or tags, would change that article too.
    """
    types = ContentType.objects.get_for_models(Article, Byline, TaggedItem)
    article_type, byline_type, tagged_type = (
        types[Article],
        types[Byline],
        types[TaggedItem],
    )
    for held in version.revision.version_set.all():
        try:
            if held.content_type_id == article_type.pk:
                own = _version_id(held.object_id) == article_id
            elif held.content_type_id == byline_type.pk:
                own = held.field_dict.get("article_id") == article_id
            elif held.content_type_id == tagged_type.pk:
                data = held.field_dict
                own = (
                    data.get("content_type_id") == article_type.pk
                    and _version_id(data.get("object_id")) == article_id
                )
            else:
                own = False
        except RevertError:  # stored data the models can no longer read
            own = False
        if not own:
            return False
    return True


def restorable_version(article: Article, version_id) -> Version | None:
    """Return the article's own version with this id if restoring it is safe."""
    version = article_version(article, version_id)
    if version is None or not revision_is_own(article.pk, version):
        return None
    return version


def recoverable_version(version_id) -> Version | None:
    """Return the last version of a deleted article, or None for any other id."""
    pk = _version_id(version_id)
    if pk is None:
        return None
    version = Version.objects.get_deleted(Article).filter(pk=pk).first()
    if version is None or not revision_is_own(int(version.object_id), version):
        return None
    return version


@dataclass
class Conflict:
    """What changed in an article since an editor opened it."""

    changes: list[FieldChange] = field(default_factory=list)
    # (user, time) of every save since, newest first.
    saves: list[tuple] = field(default_factory=list)
    base_found: bool = False


def _same_instant(a: datetime | None, b: datetime | None) -> bool:
    # The JSON serializer keeps milliseconds only.
    return a is not None and b is not None and abs(a - b) < timedelta(milliseconds=1)


def changes_since(
    *, article: Article, token: datetime | None, yours: dict[str, str] | None = None
) -> Conflict:
    """Describe what changed since the version saved at ``token``.

    When no version of that moment exists (an article imported without history),
    compare what is saved now with ``yours``, the editor's unsaved form.
    """
    current = Article.objects.get(pk=article.pk)
    versions = list(article_versions(current)[:CONFLICT_VERSION_LOOKBACK])
    base = next(
        (v for v in versions if _same_instant(v.field_dict.get("updated_at"), token)),
        None,
    )
    if base is not None:
        later = [
            v for v in versions if v.revision.date_created > base.revision.date_created
        ]
        changes = compare(version_snapshot(base), article_snapshot(current))
        found = True
    else:
        later = [
            v for v in versions if token is None or v.revision.date_created > token
        ]
        yours = yours or {}
        changes = [
            change
            for change in compare(yours, article_snapshot(current))
            if change.key in yours
        ]
        found = False
    return Conflict(
        changes=[change for change in changes if change.changed],
        saves=[(v.revision.user, v.revision.date_created) for v in later]
        or [(None, current.updated_at)],
        base_found=found,
    )
