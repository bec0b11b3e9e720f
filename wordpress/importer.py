"""Import a WordPress export: authors, categories, tags, posts, images, comments.

Two passes over the file: wxr.check() refuses a file that is not well-formed
WXR before anything is written; the import pass then brings in each author,
term and post in its own transaction, so one that fails is reported and the
rest go on. Every imported object is recorded in wordpress.Imported, keyed on
the export's site and WordPress id, so a second run updates instead of adding.

Articles are saved with Article.save() (as the demo loader does): the body is
sanitised by its field on every save and the search vector is kept by the
database trigger; the per-save page-cache invalidations are collected into one
at the end. Comments are inserted in bulk, without the comment services, so no
one is notified; their text is cleaned as a comment save cleans it.
"""

import contextlib
import html
import ipaddress
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import Article, Byline, PreviousSlug, Section
from articles.tags import slug_works, tag_slug
from authors.models import Author
from comments.models import Comment
from core.text import clean_text, clean_text_fields
from images.fields import open_image
from images.models import Image
from images.services import add_image
from pagecache import invalidation
from wordpress import wxr
from wordpress.content import Converted, Figure, convert, plain
from wordpress.media import MediaError, MediaSource, original_upload, upload_path
from wordpress.models import Imported

Kind = Imported.Kind
KINDS = ("author", "section", "tag", "article", "comment", "image")
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.IN_REVIEW,
    "private": Article.Status.DRAFT,
}
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REJECTED,
    "post-trashed": Comment.Status.REJECTED,
}
NO_DATE = "0000-00-00 00:00:00"
BODY = Article._meta.get_field("body")
# Posts written together in one transaction (see Importer._flush()).
BATCH_SIZE = 200
# A WordPress slug our article URLs can carry (as an old, redirecting slug).
LEGACY_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
# The importer's lookups of what it has imported (WordPress key → our id).
CACHES = ("authors", "sections", "tags", "images")


class Rollback(Exception):
    """Raised at the end of a dry run to undo everything it did."""


@dataclass
class Report:
    counts: dict[str, Counter] = field(
        default_factory=lambda: {kind: Counter() for kind in KINDS}
    )
    skipped: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notes_by_kind: Counter = field(default_factory=Counter)

    def count(self, kind: str, outcome: str, number: int = 1) -> None:
        self.counts[kind][outcome] += number

    def skip(self, what: str, number: int = 1) -> None:
        self.skipped[what] += number

    def fail(self, what: str, reason: str) -> None:
        self.failures.append(f"{what}: {reason}")

    def note(self, kind: str, message: str) -> None:
        self.notes_by_kind[kind] += 1
        if len(self.notes) < 2000:
            self.notes.append(message)

    def summary(self, dry_run: bool = False) -> str:
        lines = [
            "Dry run: nothing was written. What the import would do:"
            if dry_run
            else "Import finished.",
            f"{'':10} {'created':>9} {'updated':>9} {'skipped':>9} {'failed':>9}",
        ]
        for kind in KINDS:
            counter = self.counts[kind]
            lines.append(
                f"{kind + 's':10} {counter['created']:>9} {counter['updated']:>9} "
                f"{counter['skipped']:>9} {counter['failed']:>9}"
            )
        if self.skipped:
            lines.append("Skipped:")
            lines.extend(
                f"  {number} {what}" for what, number in sorted(self.skipped.items())
            )
        if self.notes:
            lines.append("To check:")
            lines.extend(f"  {note}" for note in self.notes)
            hidden = sum(self.notes_by_kind.values()) - len(self.notes)
            if hidden > 0:
                lines.append(f"  … and {hidden} more")
        if self.failures:
            lines.append("Failed:")
            lines.extend(f"  {failure}" for failure in self.failures)
        return "\n".join(lines)


class Progress:
    """Posts done and the time left, as a bar on a terminal or lines otherwise."""

    def __init__(self, total: int, stream=None, enabled: bool = True):
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = enabled and total > 0
        self.done = 0
        self.started = time.monotonic()
        self.shown = 0.0
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self) -> None:
        now = time.monotonic()
        if self.done == 0:
            # Authors and terms come first: time the posts alone.
            self.started = now
        self.done += 1
        if not self.enabled or (
            now - self.shown < (0.2 if self.tty else 10) and self.done < self.total
        ):
            return
        self.shown = now
        elapsed = now - self.started
        left = elapsed / max(self.done - 1, 1) * (self.total - self.done)
        percent = self.done * 100 // self.total
        eta = f"{int(left // 60)}:{int(left % 60):02d}"
        if self.tty:
            bar = "#" * (percent // 4)
            self.stream.write(
                f"\r[{bar:<25}] {self.done}/{self.total} posts, {eta} left "
            )
            if self.done >= self.total:
                self.stream.write("\n")
        else:
            self.stream.write(
                f"{self.done}/{self.total} posts ({percent}%), {eta} left\n"
            )
        self.stream.flush()


def parse_gmt(value: str) -> datetime | None:
    value = (value or "").strip()
    if not value or value == NO_DATE:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_local(value: str) -> datetime | None:
    parsed = parse_gmt(value)
    if parsed is None:
        return None
    return timezone.make_aware(parsed.replace(tzinfo=None))


def parse_rfc822(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None or parsed.year < 1900:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def item_time(item: wxr.Item) -> datetime | None:
    return (
        parse_gmt(item.date_gmt)
        or parse_local(item.date)
        or parse_rfc822(item.pub_date)
    )


def ascii_slug(value: str, fallback: str, max_length: int) -> str:
    slug = slugify(unquote(value))[:max_length].strip("-_")
    return slug or fallback


def truncate(value: str, max_length: int) -> str:
    return value if len(value) <= max_length else value[: max_length - 1] + "…"


@contextlib.contextmanager
def comment_times_kept():
    """Let bulk-inserted comments keep their own posting times.

    Comment.created_at is auto_now_add, which bulk_create() would otherwise
    overwrite with the time of the import.
    """
    created_at = Comment._meta.get_field("created_at")
    created_at.auto_now_add = False
    try:
        yield
    finally:
        created_at.auto_now_add = True


class Importer:
    def __init__(
        self,
        path: Path,
        *,
        media_from: str | None = None,
        dry_run: bool = False,
        media_timeout: float = 20,
        progress_stream=None,
        progress: bool = True,
        uploaded_by=None,
    ):
        self.path = Path(path)
        self.media = (
            MediaSource(media_from, timeout=media_timeout) if media_from else None
        )
        self.dry_run = dry_run
        self.report = Report()
        self.progress_stream = progress_stream
        self.show_progress = progress
        self.authors: dict[str, int] = {}
        self.sections: dict[str, int] = {}
        self.categories: dict[str, wxr.Term] = {}
        self.tags: dict[str, int] = {}
        # Library images by attachment id (or "path:" upload path); None for
        # one a dry run would add.
        self.images: dict[str, Image | None] = {}
        self.failed_images: dict[str, str] = {}
        self.uploaded_by = uploaded_by
        self.default_section: int | None = None
        self.batch: list[tuple[wxr.Item, str, str]] = []

    def run(self) -> Report:
        self.survey = wxr.check(self.path)
        self.site = self.survey.site.rstrip("/")[:200] or str(self.path.name)
        # Credits photos the export gives no credit for.
        self.site_name = urlsplit(self.site).hostname or self.site
        self.progress = Progress(
            self.survey.posts, self.progress_stream, enabled=self.show_progress
        )
        self.used_attachments: set[str] = set()
        self.imported_posts = set(
            Imported.objects.filter(site=self.site, kind=Kind.ARTICLE).values_list(
                "wp_id", flat=True
            )
        )
        try:
            with (
                transaction.atomic() if self.dry_run else contextlib.nullcontext(),
                comment_times_kept(),
            ):
                self._import()
                if self.dry_run:
                    raise Rollback
        except Rollback:
            pass
        if not self.dry_run:
            # One invalidation for everything the import changed.
            invalidation.site_changed()
        self._count_unused_attachments()
        return self.report

    # The pass.

    def _import(self) -> None:
        pending_categories: list[wxr.Term] = []
        pending_tags: list[wxr.Term] = []
        for record in wxr.records(self.path):
            if isinstance(record, wxr.Author):
                self._author(record)
            elif isinstance(record, wxr.Term):
                if record.taxonomy == "category":
                    pending_categories.append(record)
                    self.categories[unquote(record.slug)] = record
                elif record.taxonomy == "post_tag":
                    pending_tags.append(record)
                    if len(pending_tags) >= BATCH_SIZE * 5:
                        self._tags(pending_tags)
                        pending_tags = []
                else:
                    self.report.skip(f"terms of taxonomy “{record.taxonomy}”")
            else:
                if pending_categories:
                    self._sections(pending_categories)
                    pending_categories = []
                if pending_tags:
                    self._tags(pending_tags)
                    pending_tags = []
                self._item(record)
        self._flush()
        if pending_categories:
            self._sections(pending_categories)
        if pending_tags:
            self._tags(pending_tags)

    def _count_unused_attachments(self) -> None:
        unused = [
            wp_id
            for wp_id, attachment in self.survey.attachments.items()
            if wp_id not in self.used_attachments and attachment.parent in ("", "0")
        ]
        if unused:
            self.report.skip("attachments without posts", len(unused))

    @contextlib.contextmanager
    def _unit(self):
        """One object's own transaction; its page-cache bumps wait for the end."""
        with transaction.atomic(), invalidation.discarded():
            yield

    def _link(self, kind: str, wp_id: str) -> Imported | None:
        return Imported.objects.filter(site=self.site, kind=kind, wp_id=wp_id).first()

    def _save_link(
        self, link: Imported | None, kind: str, wp_id: str, object_id: int, **extra
    ) -> None:
        if link is None:
            link = Imported(site=self.site, kind=kind, wp_id=wp_id)
        link.object_id = object_id
        for name, value in extra.items():
            setattr(link, name, value)
        link.save()

    # Authors.

    def _author(self, record: wxr.Author, report: bool = True) -> int | None:
        login = record.login.strip()
        if not login:
            self.report.count("author", "skipped")
            self.report.note("author", "An author without a login was skipped.")
            return None
        key = record.wp_id if record.wp_id.isdigit() else f"login:{login}"
        try:
            with self._unit():
                link = self._link(Kind.AUTHOR, key) or self._link(
                    Kind.AUTHOR, f"login:{login}"
                )
                author = (
                    Author.objects.filter(pk=link.object_id).first() if link else None
                )
                created = author is None
                if created:
                    author = Author(slug=self._free_slug(Author, login, "author"))
                name = record.display_name or " ".join(
                    part for part in (record.first_name, record.last_name) if part
                )
                author.name = truncate(plain(name) or login, 120)
                email = record.email.strip()
                try:
                    validate_email(email)
                except ValidationError:
                    email = ""
                author.email = email
                if record.description:
                    author.bio = plain(record.description)
                if email and author.user_id is None:
                    users = get_user_model().objects.filter(
                        email__iexact=email, author_profile__isnull=True
                    )
                    if len(users[:2]) == 1:
                        author.user = users[0]
                author.full_clean(validate_unique=False)
                author.save()
                if link is not None and link.wp_id != key:
                    link.wp_id = key
                self._save_link(link, Kind.AUTHOR, key, author.pk)
        except (ValidationError, DatabaseError) as error:
            self.report.count("author", "failed")
            self.report.fail(f"author {login}", _reason(error))
            return None
        self.authors[login] = author.pk
        if report:
            self.report.count("author", "created" if created else "updated")
        return author.pk

    def _free_slug(self, model, value: str, fallback: str, exclude=None) -> str:
        max_length = model._meta.get_field("slug").max_length
        base = ascii_slug(value, fallback, max_length - 8)
        taken = model.objects.filter(slug__startswith=base)
        if exclude is not None:
            taken = taken.exclude(pk=exclude)
        taken = set(taken.values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        return slug

    # Categories → sections.

    def _sections(self, terms: list[wxr.Term]) -> None:
        by_slug = {unquote(term.slug): term for term in terms}

        def depth(term: wxr.Term) -> int:
            level, parent, seen = 0, unquote(term.parent), set()
            while parent and parent in self.categories and parent not in seen:
                seen.add(parent)
                level += 1
                parent = unquote(self.categories[parent].parent)
            return level

        for term in sorted(terms, key=depth):
            slug = unquote(term.slug)
            if slug in self.sections or slug not in by_slug:
                continue
            self._section(term, depth(term))

    def _ancestor(self, term: wxr.Term, levels_up: int) -> wxr.Term:
        for _ in range(levels_up):
            term = self.categories[unquote(term.parent)]
        return term

    def _section(self, term: wxr.Term, depth: int) -> int | None:
        slug = unquote(term.slug)
        key = term.wp_id if term.wp_id.isdigit() else f"slug:{slug}"
        path = "/".join(
            unquote(self._ancestor(term, up).slug) for up in range(depth, -1, -1)
        )
        try:
            with self._unit():
                link = self._link(Kind.SECTION, key)
                if depth >= 2:
                    # Regional editions are one level deep: a deeper category
                    # folds into its second-level ancestor.
                    kept = self._ancestor(term, depth - 1)
                    target = self.sections.get(unquote(kept.slug))
                    if target is None:
                        raise ValidationError("its parent category was not imported")
                    self._save_link(link, Kind.SECTION, key, target, legacy_path=path)
                    self.sections[slug] = target
                    self.report.count("section", "skipped")
                    self.report.note(
                        "section",
                        f"Category “{plain(term.name)}” is nested {depth + 1} levels "
                        f"deep: its posts go to “{plain(kept.name)}”.",
                    )
                    return target
                section = (
                    Section.objects.filter(pk=link.object_id).first() if link else None
                )
                created = section is None
                if created:
                    wanted = ascii_slug(slug, "section", 100)
                    # A section the newsroom already has (same address) is reused.
                    section = Section.objects.filter(slug=wanted).first()
                    created = section is None
                    if created:
                        section = Section(
                            slug=self._free_slug(Section, slug, "section")
                        )
                section.name = truncate(plain(term.name) or slug, 100)
                if term.description:
                    section.description = plain(term.description)
                parent = unquote(term.parent)
                section.parent_id = self.sections.get(parent) if depth == 1 else None
                section.full_clean(validate_unique=False)
                section.save()
                self._save_link(link, Kind.SECTION, key, section.pk, legacy_path=path)
        except (ValidationError, DatabaseError) as error:
            self.report.count("section", "failed")
            self.report.fail(f"category {slug}", _reason(error))
            return None
        self.sections[slug] = section.pk
        self.report.count("section", "created" if created else "updated")
        return section.pk

    def _section_for(self, item: wxr.Item) -> int:
        for domain, nicename, name in item.categories:
            if domain != "category":
                continue
            slug = unquote(nicename) or slugify(name)
            if slug not in self.sections:
                term = wxr.Term(taxonomy="category", slug=slug, name=name)
                self.categories.setdefault(slug, term)
                self._section(term, 0)
            if slug in self.sections:
                return self.sections[slug]
        if self.default_section is None:
            term = wxr.Term(
                taxonomy="category", slug="uncategorized", name="Uncategorized"
            )
            self.categories.setdefault("uncategorized", term)
            self.default_section = self.sections.get("uncategorized") or self._section(
                term, 0
            )
        return self.default_section

    # Tags.

    def _tags(self, terms: list[wxr.Term]) -> None:
        """Import the export's list of tags, in bulk (exports can list thousands)."""
        name_length = Tag._meta.get_field("name").max_length
        slug_length = Tag._meta.get_field("slug").max_length
        wanted: dict[str, tuple[str, str]] = {}
        for term in terms:
            slug = unquote(term.slug).strip()
            name = truncate(plain(term.name) or slug, name_length)
            if name:
                wanted.setdefault(f"slug:{slug or name}", (slug, name))
        try:
            with self._unit():
                links = {
                    link.wp_id: link.object_id
                    for link in Imported.objects.filter(
                        site=self.site, kind=Kind.TAG, wp_id__in=list(wanted)
                    )
                }
                existing = set(
                    Tag.objects.filter(pk__in=list(links.values())).values_list(
                        "pk", flat=True
                    )
                )
                by_name = dict(
                    Tag.objects.filter(
                        name__in=[name for _slug, name in wanted.values()]
                    ).values_list("name", "pk")
                )
                slugs_taken = set(
                    Tag.objects.filter(
                        slug__in=[slug for slug, _name in wanted.values()]
                    ).values_list("slug", flat=True)
                )
                new: dict[str, Tag] = {}
                outcome: dict[str, str] = {}
                for key, (slug, name) in wanted.items():
                    if links.get(key) in existing or name in by_name or name in new:
                        outcome[key] = "updated"
                    else:
                        tag = Tag(name=name)
                        if slug_works(slug, slug_length) and slug not in slugs_taken:
                            tag.slug = slug
                        else:
                            tag.slug = tag_slug(tag)
                        slugs_taken.add(tag.slug)
                        clean_text_fields(Tag, tag)
                        new[name] = tag
                        outcome[key] = "created"
                Tag.objects.bulk_create(new.values())
                ids = {}
                for key, (_slug, name) in wanted.items():
                    if links.get(key) in existing:
                        ids[key] = links[key]
                    else:
                        ids[key] = by_name[name] if name in by_name else new[name].pk
                Imported.objects.bulk_create(
                    [
                        Imported(
                            site=self.site,
                            kind=Kind.TAG,
                            wp_id=key,
                            object_id=ids[key],
                            legacy_path=wanted[key][0][:500],
                        )
                        for key in wanted
                    ],
                    update_conflicts=True,
                    unique_fields=["site", "kind", "wp_id"],
                    update_fields=["object_id", "legacy_path", "imported_at"],
                )
        except (ValidationError, DatabaseError):
            # One at a time, so the tag at fault is reported and the rest go in.
            for slug, name in wanted.values():
                self._tag(slug, name)
            return
        for key, (slug, name) in wanted.items():
            self.tags[slug or name] = ids[key]
            self.report.count("tag", outcome[key])

    def _tag(self, wp_slug: str, name: str, wp_id: str = "") -> int | None:
        slug = unquote(wp_slug).strip()
        name = truncate(plain(name) or slug, Tag._meta.get_field("name").max_length)
        if not name:
            return None
        key = f"slug:{slug or name}"
        try:
            with self._unit():
                link = self._link(Kind.TAG, key)
                tag = Tag.objects.filter(pk=link.object_id).first() if link else None
                created = tag is None
                if created:
                    tag = Tag.objects.filter(name=name).first()
                    created = tag is None
                if created:
                    tag = Tag(name=name)
                    max_length = Tag._meta.get_field("slug").max_length
                    if (
                        slug_works(slug, max_length)
                        and not Tag.objects.filter(slug=slug).exists()
                    ):
                        tag.slug = slug
                    tag.save()
                self._save_link(link, Kind.TAG, key, tag.pk, legacy_path=slug)
        except (ValidationError, DatabaseError) as error:
            self.report.count("tag", "failed")
            self.report.fail(f"tag {name}", _reason(error))
            return None
        self.tags[slug or name] = tag.pk
        self.report.count("tag", "created" if created else "updated")
        return tag.pk

    # Items.

    def _item(self, item: wxr.Item) -> None:
        post_type = item.post_type or "post"
        if post_type == "attachment":
            return
        if post_type != "post":
            label = {
                "page": "pages",
                "nav_menu_item": "menu items",
                "revision": "revisions",
            }.get(post_type, f"items of custom post type “{post_type}”")
            self.report.skip(label)
            return
        self.progress.step()
        what = f"post {item.wp_id} “{truncate(plain(item.title), 60)}”"
        status = STATUSES.get(item.status)
        if status is None:
            self.report.count("article", "skipped")
            comments = len(item.comments)
            if comments:
                self.report.count("comment", "skipped", comments)
            reason = (
                "in the trash" if item.status == "trash" else f"status “{item.status}”"
            )
            self.report.skip(f"posts {reason}")
            if comments:
                self.report.skip(f"comments on posts {reason}", comments)
            return
        if any(waiting.wp_id == item.wp_id for waiting, *_rest in self.batch):
            self._flush()  # The same post twice: the second one updates.
        if (
            item.wp_id not in self.imported_posts
            and not item.meta.get("_thumbnail_id", "").strip()
        ):
            self.batch.append((item, status, what))
            if len(self.batch) >= BATCH_SIZE:
                self._flush()
            return
        self._flush()
        self._single(item, status, what)

    def _single(self, item: wxr.Item, status: str, what: str) -> None:
        """Import one post in its own transaction."""
        # The images are brought into the library first, each in its own
        # transaction: they stay there even if the post then fails.
        image = self._featured_image(item, what)
        converted = self._convert(item, what)
        known = self._known()
        try:
            with self._unit():
                created, comment_counts = self._article(
                    item, status, image, what, converted
                )
        except (ValidationError, DatabaseError, MediaError, ValueError) as error:
            self._forget_since(known)
            self._failed(what, item, error)
            return
        self.report.count("article", "created" if created else "updated")
        for outcome, number in comment_counts.items():
            self.report.count("comment", outcome, number)

    def _failed(self, what: str, item: wxr.Item, error: Exception) -> None:
        self.report.count("article", "failed")
        self.report.count("comment", "failed", len(item.comments))
        self.report.fail(what, _reason(error))

    def _flush(self) -> None:
        """Write the waiting new posts (without images) together.

        One transaction for the lot, with a handful of bulk queries, instead of
        twenty-odd queries and a commit per post. If anything in it fails, it is
        rolled back and each of its posts is imported again in its own
        transaction, so the one at fault is reported and the others go in.
        """
        batch, self.batch = self.batch, []
        if not batch:
            return
        known = self._known()
        prepared = []
        for item, status, what in batch:
            article = Article()
            try:
                legacy_slug = self._fill_article(article, item, status, what)
            except (ValidationError, ValueError) as error:
                self._failed(what, item, error)
                continue
            prepared.append((item, status, what, article, legacy_slug))
        try:
            with self._unit():
                comment_counts = self._write_batch(prepared)
        except (ValidationError, DatabaseError, ValueError):
            self._forget_since(known)
            for item, status, what, _article, _slug in prepared:
                self._single(item, status, what)
            return
        for item, *_rest in prepared:
            self.imported_posts.add(item.wp_id)
        self.report.count("article", "created", len(prepared))
        for outcome, number in comment_counts.items():
            self.report.count("comment", outcome, number)

    def _write_batch(self, prepared: list) -> Counter:
        max_length = Article._meta.get_field("slug").max_length - 8
        bases = [
            ascii_slug(legacy or article.headline, f"post-{item.wp_id}", max_length)
            for item, _status, _what, article, legacy in prepared
        ]
        taken = set(
            Article.objects.filter(slug__in=bases).values_list("slug", flat=True)
        ) | set(
            PreviousSlug.objects.filter(slug__in=bases).values_list("slug", flat=True)
        )
        assigned: set[str] = set()
        for (item, _status, what, article, legacy), base in zip(
            prepared, bases, strict=True
        ):
            slug = base
            if base in taken or base in assigned:
                slug = self._article_slug(article, base, item, reserved=assigned)
            assigned.add(slug)
            article.slug = slug
            self._note_slug(what, legacy, slug)
            # The section comes from this import's own records.
            article.clean_fields(exclude=["tags", "section"])
        articles = [entry[3] for entry in prepared]
        Article.objects.bulk_create(articles)
        content_type = ContentType.objects.get_for_model(Article)
        bylines, tagged, links, previous = [], [], [], []
        for item, _status, _what, article, legacy in prepared:
            author_id = self._author_id(item.creator)
            if author_id is not None:
                bylines.append(Byline(article=article, author_id=author_id))
            tagged.extend(
                TaggedItem(
                    tag_id=tag_id, object_id=article.pk, content_type=content_type
                )
                for tag_id in dict.fromkeys(self._tag_ids(item))
            )
            links.append(
                Imported(
                    site=self.site,
                    kind=Kind.ARTICLE,
                    wp_id=item.wp_id,
                    object_id=article.pk,
                    legacy_path=legacy[:500],
                )
            )
            if legacy and legacy != article.slug and LEGACY_SLUG.fullmatch(legacy):
                previous.append((legacy, article))
        Byline.objects.bulk_create(bylines)
        TaggedItem.objects.bulk_create(tagged)
        Imported.objects.bulk_create(
            links,
            update_conflicts=True,
            unique_fields=["site", "kind", "wp_id"],
            update_fields=["object_id", "legacy_path", "imported_at"],
        )
        if previous:
            slugs = {legacy for legacy, _article in previous}
            in_use = set(
                Article.objects.filter(slug__in=slugs).values_list("slug", flat=True)
            )
            PreviousSlug.objects.bulk_create(
                [
                    PreviousSlug(slug=legacy, article=article)
                    for legacy, article in previous
                    if legacy not in in_use
                ],
                ignore_conflicts=True,
            )
        return self._batch_comments(prepared)

    def _batch_comments(self, prepared: list) -> Counter:
        outcomes: Counter = Counter()
        top, replies = [], []
        for item, _status, _what, article, _legacy in prepared:
            kept = self._kept_comments(item, outcomes)
            for comment, root in thread_roots(kept).items():
                row = Comment()
                self._fill_comment(row, comment, article)
                (replies if root else top).append((comment, row, root))
        pks: dict[str, int] = {}
        for level in (top, replies):
            for _comment, row, root in level:
                if root:
                    row.parent_id = pks[root]
            Comment.objects.bulk_create([row for _comment, row, _root in level])
            for comment, row, _root in level:
                pks[comment.wp_id] = row.pk
            Imported.objects.bulk_create(
                [
                    Imported(
                        site=self.site,
                        kind=Kind.COMMENT,
                        wp_id=comment.wp_id,
                        object_id=row.pk,
                    )
                    for comment, row, _root in level
                ],
                update_conflicts=True,
                unique_fields=["site", "kind", "wp_id"],
                update_fields=["object_id", "imported_at"],
            )
            outcomes["created"] += len(level)
        return outcomes

    def _kept_comments(self, item: wxr.Item, outcomes: Counter) -> list[wxr.Comment]:
        kept = []
        for comment in item.comments:
            if comment.comment_type in ("pingback", "trackback"):
                outcomes["skipped"] += 1
                self.report.skip(f"{comment.comment_type}s")
            else:
                kept.append(comment)
        return kept

    def _known(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in CACHES}

    def _forget_since(self, known: dict[str, int]) -> None:
        """Forget what a rolled-back post's transaction had added."""
        for name, length in known.items():
            cache = getattr(self, name)
            for key in list(cache)[length:]:
                del cache[key]
        if self.default_section not in self.sections.values():
            self.default_section = None

    def _featured_image(self, item: wxr.Item, what: str) -> Image | None:
        """Bring the post's featured image into the media library (outside its
        transaction) and return it."""
        attachment_id = item.meta.get("_thumbnail_id", "").strip()
        if not attachment_id:
            return None
        self.used_attachments.add(attachment_id)
        attachment = self.survey.attachments.get(attachment_id)
        if attachment is None or not attachment.url:
            self.report.note(
                "image",
                f"{what}: its featured image (attachment {attachment_id}) is not in "
                "the export.",
            )
            return None
        return self._library_image(
            what,
            f"featured image {attachment.url}",
            attachment=attachment,
            featured=True,
        )

    def _text_image(self, what: str, figure: Figure) -> int | None:
        """convert()'s `library`: the library id of an image in the text."""
        attachment = self.survey.attachments.get(figure.attachment)
        if attachment is not None and attachment.url:
            self.used_attachments.add(attachment.wp_id)
        else:
            attachment = None
        if attachment is None and not self._is_upload(figure.src):
            if figure.src:
                self.report.note(
                    "image",
                    f"{what}: image {figure.src} is not one of the site's uploads; "
                    "the text links to it.",
                )
            return None
        image = self._library_image(
            what,
            f"image {attachment.url if attachment else figure.src}",
            attachment=attachment,
            src=figure.src,
            alt=plain(figure.alt),
        )
        if image is None:
            return None
        if plain(figure.caption) == image.caption:
            figure.caption = ""  # The library's caption: no override needed.
        return image.pk

    def _is_upload(self, src: str) -> bool:
        """Whether an image in the text is one of the old site's uploads (not
        one shown from another site, which --media-from does not hold)."""
        parts = urlsplit(src)
        if not parts.path or parts.scheme not in ("", "http", "https"):
            return False
        host = (parts.hostname or "").removeprefix("www.")
        return (
            "/wp-content/uploads/" in parts.path
            or not host
            or host == self.site_name.removeprefix("www.")
            or host.endswith(".files.wordpress.com")
        )

    def _library_image(
        self,
        what: str,
        label: str,
        *,
        attachment: wxr.Attachment | None = None,
        src: str = "",
        alt: str = "",
        featured: bool = False,
    ) -> Image | None:
        """Return the media library's copy of an attachment or of an image in
        the text: the one an earlier run (or post) added, else a new one made
        from --media-from through the library's own upload checks.

        Keyed on the export's site and the attachment id (an image without
        one on its upload path), so it is added once however often it is used
        or imported. A file that can't be had is reported and None returned.
        """
        url = attachment.url if attachment is not None else src
        path = upload_path(url)[:500]
        if not path:
            return None
        key = attachment.wp_id if attachment is not None else f"path:{path}"[:200]
        if key in self.images:
            return self.images[key]
        if key in self.failed_images:
            self.report.note(
                "image", f"{what}: {label} not copied ({self.failed_images[key]})."
            )
            return None
        link = self._link(Kind.IMAGE, key)
        if link is None or link.object_id is None:
            # The same file imported under another key (an attachment id, or
            # its path in another post's text, perhaps a resized copy's).
            link = (
                Imported.objects.filter(
                    site=self.site,
                    kind=Kind.IMAGE,
                    legacy_path__in={path, original_upload(path)},
                    object_id__isnull=False,
                ).first()
                or link
            )
        image = (
            Image.objects.filter(pk=link.object_id).first()
            if link is not None and link.object_id is not None
            else None
        )
        if image is not None:
            self.images[key] = image
            return image
        if self.media is None:
            self.report.count("image", "skipped")
            self.report.note("image", f"{what}: {label} not copied (no --media-from).")
            self.images[key] = None  # Reported once, not at each use.
            return None
        details = self._image_details(what, attachment, path, alt)
        try:
            data = self.media.fetch(url)
            if self.dry_run:
                open_image(ContentFile(data))
            else:
                # An image is its own object: it stays in the library even if
                # the post that brought it then fails.
                with self._unit():
                    image = add_image(
                        ContentFile(data, name=Path(path).name or "image.jpg"),
                        uploaded_by=self.uploaded_by,
                        source=truncate(f"WordPress import: {url}", 200),
                        **details,
                    )
                    self._save_link(
                        link if link is not None and link.wp_id == key else None,
                        Kind.IMAGE,
                        key,
                        image.pk,
                        legacy_path=path,
                        stored_name=image.file.name,
                    )
        except MediaError as error:
            self._image_failed(what, label, key, str(error), featured)
            return None
        except (ValidationError, DatabaseError, OSError) as error:
            # Refused by the library's checks, or not storable.
            self._image_failed(what, label, key, _reason(error), featured)
            return None
        self.report.count("image", "created")
        self.images[key] = image  # None in a dry run: counted once, not stored.
        return image

    def _image_details(
        self, what: str, attachment: wxr.Attachment | None, path: str, alt: str
    ) -> dict[str, str]:
        """The library entry's title, caption, credit and alt text."""
        name = Path(path).stem
        if attachment is None:
            attachment = wxr.Attachment(wp_id="", url="")
        title = plain(attachment.title) or name
        caption = truncate(plain(attachment.caption), 300)
        credit = plain(attachment.credit)
        if not credit:
            credit = self.site_name
            self.report.note(
                "image",
                f"{what}: image {name} has no credit in the export; “{credit}” "
                "was used.",
            )
        alt = plain(attachment.alt) or alt or caption
        if not alt:
            alt = title
            self.report.note(
                "image", f"{what}: image {name} has no alt text; “{alt}” was used."
            )
        return {
            "title": truncate(title, 200),
            "caption": caption,
            "credit": truncate(credit, 150),
            "alt": truncate(alt, 250),
        }

    def _image_failed(
        self, what: str, label: str, key: str, reason: str, featured: bool
    ):
        self.failed_images[key] = reason
        self.report.count("image", "failed")
        self.report.fail(
            f"{what}: {label}",
            f"{reason}; "
            + (
                "the article is imported without it"
                if featured
                else "the text links to its old address"
            ),
        )

    def _article(
        self,
        item: wxr.Item,
        status: str,
        image: Image | None,
        what: str,
        converted: Converted,
    ) -> tuple[bool, Counter]:
        link = self._link(Kind.ARTICLE, item.wp_id)
        article = Article.objects.filter(pk=link.object_id).first() if link else None
        created = article is None
        if created:
            article = Article()
        legacy_slug = self._fill_article(article, item, status, what, converted)
        article.slug = self._article_slug(
            article, legacy_slug or article.headline, item
        )
        self._note_slug(what, legacy_slug, article.slug)
        self._lead_image(article, image)
        # The database enforces uniqueness and the check constraints itself.
        article.full_clean(
            exclude=["tags"], validate_unique=False, validate_constraints=False
        )
        article.save()
        self._bylines(article, item, created)
        self._set_tags(article, item, created)
        if legacy_slug and legacy_slug != article.slug:
            self._previous_slug(article, legacy_slug)
        self._save_link(
            link, Kind.ARTICLE, item.wp_id, article.pk, legacy_path=legacy_slug[:500]
        )
        self.imported_posts.add(item.wp_id)
        return created, self._comments(article, item, created)

    def _note_slug(self, what: str, legacy_slug: str, slug: str) -> None:
        if legacy_slug and slug != legacy_slug:
            self.report.note(
                "article",
                f"{what}: address “{legacy_slug}” is now “{slug}”; the old "
                "one redirects.",
            )

    def _convert(self, item: wxr.Item, what: str) -> Converted:
        """Convert the post's content, bringing its images into the library."""
        return convert(
            item.content,
            self.survey.attachments,
            library=lambda figure: self._text_image(what, figure),
            post_id=item.wp_id,
        )

    def _fill_article(
        self,
        article: Article,
        item: wxr.Item,
        status: str,
        what: str,
        converted: Converted | None = None,
    ) -> str:
        """Set the article's fields from the post (all but the slug and image);
        return the post's WordPress slug."""
        headline = plain(item.title)
        if not headline:
            headline = f"Untitled post {item.wp_id}"
            self.report.note("article", f"{what}: no title; called “{headline}”.")
        article.headline = truncate(headline, 200)
        article.standfirst = truncate(plain(item.excerpt), 600)
        if converted is None:
            converted = self._convert(item, what)
        article.body = BODY.sanitize(converted.body)
        if not article.body.strip():
            # An article needs a body; WordPress allows posts without one.
            article.body = "<p><br></p>"
            self.report.note(
                "article", f"{what}: no text; imported with an empty body."
            )
        for url in converted.links:
            self.report.note(
                "article",
                f"{what}: embed {url} kept as a link (not a provider Newsroom embeds).",
            )
        for name in sorted(set(converted.shortcodes)):
            self.report.note("article", f"{what}: shortcode [{name}] kept as text.")
        article.section_id = self._section_for(item)
        article.status = status
        published_at = item_time(item)
        if status == Article.Status.PUBLISHED:
            article.published_at = published_at or timezone.now()
        else:
            article.published_at = None
        article.comments_open = True
        if item.password:
            self.report.note(
                "article",
                f"{what}: password-protected on WordPress; imported as a draft.",
            )
            article.status = Article.Status.DRAFT
            article.published_at = None
        clean_text_fields(Article, article)
        return unquote(item.name).strip()

    def _article_slug(
        self, article: Article, wanted: str, item: wxr.Item, reserved=frozenset()
    ) -> str:
        max_length = Article._meta.get_field("slug").max_length
        base = ascii_slug(wanted, f"post-{item.wp_id}", max_length - 8)
        if (
            article.pk
            and article.slug
            and re.fullmatch(rf"{re.escape(base)}(-\d+)?", article.slug)
        ):
            return article.slug
        taken = set(
            Article.objects.filter(slug__startswith=base)
            .exclude(pk=article.pk)
            .values_list("slug", flat=True)
        ) | set(
            PreviousSlug.objects.filter(slug__startswith=base)
            .exclude(article_id=article.pk)
            .values_list("slug", flat=True)
        )
        taken |= reserved
        slug, number = base, 2
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        return slug

    def _previous_slug(self, article: Article, legacy_slug: str) -> None:
        """Keep the WordPress date-based URL working when the slug had to change."""
        max_length = PreviousSlug._meta.get_field("slug").max_length
        if (
            len(legacy_slug) > max_length
            or not LEGACY_SLUG.fullmatch(legacy_slug)
            or Article.objects.filter(slug=legacy_slug).exists()
        ):
            return
        PreviousSlug.objects.get_or_create(
            slug=legacy_slug, defaults={"article": article}
        )

    def _lead_image(self, article: Article, image: Image | None) -> None:
        """Point the article at its featured image's library entry, whose
        caption, credit and alt text are the attachment's."""
        article.lead_image = image
        article.lead_image_caption = ""

    def _author_id(self, login: str) -> int | None:
        if not login:
            return None
        author_id = self.authors.get(login)
        if author_id is None:
            author_id = self._author(wxr.Author(login=login))
        return author_id

    def _bylines(self, article: Article, item: wxr.Item, created: bool) -> None:
        author_id = self._author_id(item.creator)
        if author_id is None:
            return
        if not created:
            if article.bylines.filter(author_id=author_id).exists():
                return
            article.bylines.all().delete()
        Byline.objects.create(article=article, author_id=author_id, position=0)

    def _tag_ids(self, item: wxr.Item) -> list[int]:
        tag_ids = []
        for domain, nicename, name in item.categories:
            if domain != "post_tag":
                continue
            slug = unquote(nicename)
            tag_id = self.tags.get(slug or plain(name))
            if tag_id is None:
                tag_id = self._tag(slug, name)
            if tag_id is not None:
                tag_ids.append(tag_id)
        return tag_ids

    def _set_tags(self, article: Article, item: wxr.Item, created: bool) -> None:
        tag_ids = self._tag_ids(item)
        if created:
            content_type = ContentType.objects.get_for_model(Article)
            TaggedItem.objects.bulk_create(
                TaggedItem(
                    tag_id=tag_id, object_id=article.pk, content_type=content_type
                )
                for tag_id in dict.fromkeys(tag_ids)
            )
        else:
            article.tags.set(list(Tag.objects.filter(pk__in=tag_ids)))

    # Comments.

    def _comments(self, article: Article, item: wxr.Item, created: bool) -> Counter:
        outcomes: Counter = Counter()
        if not item.comments:
            return outcomes
        kept = self._kept_comments(item, outcomes)
        by_id = {comment.wp_id: comment for comment in kept}
        links = (
            {}
            if created
            else {
                link.wp_id: link
                for link in Imported.objects.filter(
                    site=self.site, kind=Kind.COMMENT, wp_id__in=list(by_id)
                )
            }
        )
        existing = {
            comment.pk: comment
            for comment in Comment.objects.filter(
                pk__in=[link.object_id for link in links.values()]
            )
        }

        roots = {comment.wp_id: root for comment, root in thread_roots(kept).items()}
        pks: dict[str, int] = {}
        for level in ("top", "reply"):
            new, changed = [], []
            for comment in kept:
                top = roots[comment.wp_id]
                if (top is None) != (level == "top"):
                    continue
                link = links.get(comment.wp_id)
                row = existing.get(link.object_id) if link else None
                if row is None:
                    row = Comment()
                    new.append((comment, row))
                else:
                    changed.append(row)
                self._fill_comment(row, comment, article)
                row.parent_id = pks.get(top) if top else None
            if new:
                Comment.objects.bulk_create([row for _, row in new])
            if changed:
                Comment.objects.bulk_update(
                    changed,
                    [
                        "name",
                        "email",
                        "body",
                        "status",
                        "created_at",
                        "ip_address",
                        "parent",
                    ],
                )
            for comment, row in new:
                pks[comment.wp_id] = row.pk
            for comment in kept:
                link = links.get(comment.wp_id)
                if link and link.object_id in existing:
                    pks[comment.wp_id] = link.object_id
            outcomes["created"] += len(new)
            outcomes["updated"] += len(changed)
            fresh = [
                Imported(
                    site=self.site,
                    kind=Kind.COMMENT,
                    wp_id=comment.wp_id,
                    object_id=row.pk,
                )
                for comment, row in new
            ]
            if fresh:
                Imported.objects.bulk_create(
                    fresh,
                    update_conflicts=True,
                    unique_fields=["site", "kind", "wp_id"],
                    update_fields=["object_id", "imported_at"],
                )
        return outcomes

    def _fill_comment(self, row: Comment, comment: wxr.Comment, article: Article):
        row.article = article
        name = clean_text(plain(comment.author)) or "Anonymous"
        row.name = truncate(name, 80)
        email = comment.email.strip()
        try:
            validate_email(email)
        except ValidationError:
            email = ""
        row.email = email[:254]
        body = html.unescape(re.sub(r"<[^>]*>", "", comment.content)).strip()
        row.body = truncate(clean_text(body, multiline=True), 5000) or "…"
        row.status = COMMENT_STATUSES.get(comment.approved, Comment.Status.PENDING)
        row.created_at = (
            parse_gmt(comment.date_gmt)
            or parse_local(comment.date)
            or article.published_at
            or timezone.now()
        )
        row.ip_address = _ip(comment.ip)
        row.notify_on_approval = False


def thread_roots(comments: list[wxr.Comment]) -> dict[wxr.Comment, str | None]:
    """Map each comment to the WordPress id of the comment that started its
    thread (None for those that start one): threads here are one level deep."""
    by_id = {comment.wp_id: comment for comment in comments}
    roots = {}
    for comment in comments:
        seen = {comment.wp_id}
        parent, top = comment.parent, None
        while parent and parent != "0" and parent in by_id and parent not in seen:
            seen.add(parent)
            top = parent
            parent = by_id[parent].parent
        roots[comment] = top
    return roots


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "message_dict"):
            return "; ".join(
                f"{name}: {' '.join(messages)}"
                for name, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    return str(error).splitlines()[0] if str(error) else type(error).__name__
