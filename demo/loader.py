"""Fill the database with the demo site, fast: DemoLoader and its helpers.

Everything is generated with one seeded random.Random, so the same seed gives
the same site (apart from upload file names and the clock).
"""

import io
import math
import random
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import OutputWrapper
from django.db import connection, reset_queries, transaction
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import Article, Byline, LiveEntry, PreviousSlug, Section
from authors.models import Author
from comments.models import Comment
from demo.corpus import (
    ALL_PLACES,
    COMMENT_SENTENCES,
    COMMENTER_FIRST,
    COMMENTER_LAST,
    IP_PREFIXES,
    LIBRARY_CREDITS,
    LIVE_ENDED,
    LIVE_RUNNING,
    MEDIA_STORIES,
    REJECTED_BODIES,
    REPLY_SENTENCES,
    SECTIONS,
    SITE_DOMAIN,
    SITE_NAME,
    SPAM_BODIES,
    SPAMMER_NAMES,
    TAGS,
    USER_AGENTS,
    SectionSpec,
    ascii_name,
    author_links,
    author_specs,
    write_article,
)
from demo.pictures import LEAD_IMAGE_SIZE, lead_image, portrait
from images.models import Image as LibraryImage
from newsroom.models import SiteSettings

DAY = 86_400
HOUR = 3_600

# Comments, as COPY rows -------------------------------------------------------

# Characters COPY's text format treats specially.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def copy_text(value: str) -> str:
    return value.translate(COPY_ESCAPES)


@dataclass(frozen=True)
class Commenter:
    name: str
    email: str
    ip_address: str
    user_agent: str


def commenter(rng: random.Random, number: int, spammer: bool = False) -> Commenter:
    """Return one reader with a name, an example.org email, an IP and a browser."""
    first, last = rng.choice(COMMENTER_FIRST), rng.choice(COMMENTER_LAST)
    local = f"{ascii_name(first)}.{ascii_name(last)}".lower().replace(" ", "")
    style = rng.random()
    if spammer:
        name = rng.choice(SPAMMER_NAMES)
        local = f"{ascii_name(name).lower().replace(' ', '')}{number}"
    elif style < 0.45:
        name = f"{first} {last}"
    elif style < 0.65:
        name = f"{first} {last[0]}."
    elif style < 0.75:
        name = first
    elif style < 0.88:
        name = f"{first} from {rng.choice(ALL_PLACES)}"
    else:
        name = f"{local.replace('.', '_')}{rng.randint(1, 99)}"
    if rng.random() < 0.5:
        local = f"{local}{number % 1000}"
    if rng.random() < 0.1:
        ip = f"2001:db8::{rng.randint(1, 0xFFFF):x}"
    else:
        ip = f"{rng.choice(IP_PREFIXES)}{rng.randint(1, 254)}"
    return Commenter(
        copy_text(name),
        f"{local}@example.org",
        ip,
        copy_text(rng.choice(USER_AGENTS)),
    )


def comment_bodies(
    rng: random.Random,
    sentences: Sequence[str],
    count: int,
    lengths: Sequence[int] = (1, 1, 2, 2, 3),
) -> list[str]:
    """Return count bodies of a few sentences, some in two paragraphs."""
    bodies = []
    for _ in range(count):
        picked = rng.sample(sentences, rng.choice(lengths))
        if len(picked) > 2 and rng.random() < 0.4:
            body = " ".join(picked[:2]) + "\n\n" + " ".join(picked[2:])
        else:
            body = " ".join(picked)
        bodies.append(copy_text(body))
    return bodies


# Loading --------------------------------------------------------------------


class CommentCopier:
    """Write comments with COPY, with ids reserved from the table's sequence.

    create_comments() writes the columns in FIELDS; every other column gets its
    model default, so a field added later with a default does not break the loader.
    """

    FIELDS = (
        "id",
        "article",
        "parent",
        "name",
        "email",
        "body",
        "status",
        "created_at",
        "moderated_by",
        "moderated_at",
        "ip_address",
        "user_agent",
    )

    def __init__(self, batch_size: int):
        self.batch_size = batch_size
        self.ids: deque[int] = deque()
        self.rows: list[str] = []
        given = [Comment._meta.get_field(name) for name in self.FIELDS]
        rest = [
            field
            for field in Comment._meta.concrete_fields
            if field not in given
            # Columns with only a database default are left to the database.
            and (field.has_default() or not field.has_db_default())
        ]
        self.varying = [field for field in rest if callable(field.default)]
        fixed = [field for field in rest if field not in self.varying]
        self.fixed = "".join(
            "\t" + self.text(field, field.get_default()) for field in fixed
        )
        self.columns = ", ".join(
            connection.ops.quote_name(field.column)
            for field in given + fixed + self.varying
        )

    @staticmethod
    def text(field: Field, value: object) -> str:
        value = field.get_db_prep_save(value, connection)
        if value is None:
            return NULL
        if isinstance(value, bool):
            return "t" if value else "f"
        return copy_text(str(value))

    def next_id(self) -> int:
        if not self.ids:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                    "FROM generate_series(1, %s)",
                    [Comment._meta.db_table, self.batch_size],
                )
                self.ids.extend(row[0] for row in cursor.fetchall())
        return self.ids.popleft()

    def add(self, line: str) -> int:
        """Queue one tab-separated row of FIELDS; return how many rows were written."""
        varying = "".join(
            "\t" + self.text(field, field.get_default()) for field in self.varying
        )
        self.rows.append(f"{line}{self.fixed}{varying}\n")
        return self.flush() if len(self.rows) >= self.batch_size else 0

    def flush(self) -> int:
        """Write the queued rows in one transaction; return how many."""
        if not self.rows:
            return 0
        table = connection.ops.quote_name(Comment._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {table} ({self.columns}) FROM STDIN",
                io.StringIO("".join(self.rows)),
            )
        written, self.rows = len(self.rows), []
        return written


class Progress:
    """Show progress on one rewritten line on a terminal, else every tenth."""

    WIDTH = 30

    def __init__(self, out: OutputWrapper | None, label: str, total: int):
        self.out, self.label, self.total = out, label, max(total, 1)
        self.done = 0
        self.started = time.monotonic()
        self.tty = bool(out is not None and out.isatty())
        self.next_report = self.total / 10

    def advance(self, count: int) -> None:
        self.done += count
        if self.out is None:
            return
        if self.tty:
            self.out.write("\r" + self.line(), ending="")
            self.out.flush()
        elif self.done >= self.next_report and self.done < self.total:
            self.out.write(self.line())
            while self.next_report <= self.done:
                self.next_report += self.total / 10

    def finish(self) -> None:
        if self.out is None:
            return
        self.done = min(self.done, self.total)
        self.out.write(("\r" if self.tty else "") + self.line())

    def line(self) -> str:
        share = min(self.done / self.total, 1)
        bar = "#" * int(share * self.WIDTH)
        elapsed = time.monotonic() - self.started
        return (
            f"{self.label:<10} [{bar:<{self.WIDTH}}] {share:4.0%}  "
            f"{self.done:,}/{self.total:,}  {elapsed:.1f}s"
        )


@dataclass
class Summary:
    sections: int = 0
    authors: int = 0
    authors_with_photo: int = 0
    tags: int = 0
    images: int = 0
    articles: Counter = field(default_factory=Counter)
    bylines: int = 0
    tagged_items: int = 0
    comments: Counter = field(default_factory=Counter)
    replies: int = 0
    live_blogs: int = 0
    live_entries: int = 0
    seconds: float = 0.0


@dataclass
class PlannedArticle:
    status: str
    published_at: float | None
    created_at: float
    updated_at: float


def to_datetime(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


@contextmanager
def explicit_timestamps(model: type[Model]) -> Iterator[None]:
    """Make auto_now and auto_now_add fields keep the values given, for a while.

    Backdating with an UPDATE after bulk_create would write every row twice
    (and every index entry, the search index included). The flags are restored
    on exit; a management command runs on one thread.
    """
    fields = [
        field
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    flags = [(field, field.auto_now, field.auto_now_add) for field in fields]
    try:
        for field in fields:
            field.auto_now = field.auto_now_add = False
        yield
    finally:
        for field, auto_now, auto_now_add in flags:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Slugs:
    """Hand out article slugs that are not taken yet."""

    def __init__(self, taken: Iterable[str]):
        self.taken = set(taken)
        self.last_number: dict[str, int] = {}

    def for_headline(self, headline: str) -> str:
        base = slugify(headline)[:80].rstrip("-") or "article"
        slug, number = base, self.last_number.get(base, 1)
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.last_number[base] = number
        self.taken.add(slug)
        return slug


class DemoLoader:
    """Fill the database with a believable regional news site, in bulk."""

    LEAD_IMAGE_POOL = 24

    def __init__(
        self,
        *,
        seed: int = 2024,
        out: OutputWrapper | None = None,
        batch_size: int = 2000,
    ):
        self.rng = random.Random(seed)
        self.seed = seed
        self.out = out
        self.batch_size = batch_size
        self.now = timezone.now().timestamp()
        self.summary = Summary()

    def load(self, *, articles: int, comments: int, authors: int) -> Summary:
        started = time.monotonic()
        self.write("Creating sections, authors, tags and lead images…")
        with transaction.atomic():
            self.fill_site_settings()
            sections = self.create_sections()
            # Articles need someone to write them.
            author_beats = self.create_authors(max(authors, 1 if articles else 0))
            tags = self.create_tags()
            images = self.store_lead_images(min(self.LEAD_IMAGE_POOL, articles))
        self.create_articles(articles, sections, author_beats, tags, images)
        self.create_live_coverage()
        self.add_media_to_stories(images)
        self.create_comments(comments)
        self.tidy_tables()
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def tidy_tables(self) -> None:
        """Refresh planner statistics and the visibility map after the bulk load.

        VACUUM cannot run inside a transaction (as in tests), so then only
        ANALYZE runs.
        """
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (Article, Byline, TaggedItem, Comment):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"{command} {table}")

    def write(self, message: str) -> None:
        if self.out is not None:
            self.out.write(message)

    # Site-wide things -------------------------------------------------------

    def fill_site_settings(self) -> None:
        """Give the site a name and social links unless an editor already has."""
        site, _created = SiteSettings.objects.get_or_create(pk=1)
        default_name = SiteSettings._meta.get_field("site_name").default
        customised = site.site_name != default_name or any(
            (site.call_to_action, site.contact_email, site.social_links)
        )
        if customised:
            return
        site.site_name = SITE_NAME
        site.tagline = "English-language news from Dénia to Pilar de la Horadada"
        site.call_to_action = (
            "Follow us for the latest news from the Costa Blanca, and tell us what "
            f"is happening in your town: newsdesk@{SITE_DOMAIN}."
        )
        site.facebook_url = "https://www.facebook.com/costablancatoday"
        site.instagram_url = "https://www.instagram.com/costablancatoday/"
        site.x_url = "https://x.com/costablancatoday"
        site.youtube_url = "https://www.youtube.com/@costablancatoday"
        site.contact_email = f"newsdesk@{SITE_DOMAIN}"
        site.contact_address = (
            "Costa Blanca Today\nAvenida del Mediterráneo 1, 3º\n03503 Benidorm "
            "(Alicante)\nSpain"
        )
        site.save()

    def create_sections(self) -> list[tuple[Section, SectionSpec]]:
        existing = {section.slug: section for section in Section.objects.all()}
        result = []
        for spec in SECTIONS:
            section = existing.get(spec.slug)
            if section is None:
                section = Section.objects.create(
                    name=spec.name,
                    slug=spec.slug,
                    description=spec.description,
                    menu_order=spec.menu_order,
                    parent=existing.get(spec.parent) if spec.parent else None,
                )
                existing[spec.slug] = section
                self.summary.sections += 1
            result.append((section, spec))
        return result

    def create_authors(self, count: int) -> dict[str, list[int]]:
        """Make sure count authors exist; return author ids by beat ("" = all)."""
        taken = set(Author.objects.values_list("slug", flat=True))
        specs = author_specs(self.rng, max(0, count - len(taken)), taken)
        new_authors = []
        for number, spec in enumerate(specs):
            slug = slugify(spec.name)
            author = Author(
                name=spec.name,
                slug=slug,
                job_title=spec.job_title,
                location=spec.location,
                bio=spec.bio,
                email=f"{slug.replace('-', '.')}@{SITE_DOMAIN}",
                **author_links(self.rng, spec.name),
            )
            # About a third have no photo, so the site shows initials instead.
            if number % 3 != 2:
                author.photo.save(
                    "portrait.jpg", ContentFile(portrait(self.rng)), save=False
                )
                self.summary.authors_with_photo += 1
            new_authors.append((author, spec))
        Author.objects.bulk_create([author for author, _spec in new_authors])
        self.summary.authors = len(new_authors)
        beats: dict[str, list[int]] = {
            "": list(Author.objects.values_list("id", flat=True))
        }
        for author, spec in new_authors:
            for beat in spec.beats:
                beats.setdefault(beat, []).append(author.pk)
        return beats

    def create_tags(self) -> dict[str, int]:
        existing = {tag.name.lower(): tag.pk for tag in Tag.objects.all()}
        ids = {}
        for name in TAGS:
            if name.lower() not in existing:
                existing[name.lower()] = Tag.objects.create(name=name).pk
                self.summary.tags += 1
            ids[name] = existing[name.lower()]
        return ids

    def store_lead_images(self, count: int) -> list[tuple[int, str]]:
        """Fill the media library with a small pool of photos, reused by stories.

        Return (image id, alt text) pairs. A few photos' rights expire soon, so
        the library's "expiring" filter and the admin's front page show them.
        """
        image_field = LibraryImage._meta.get_field("file")
        images = []
        for index in range(count):
            data, alt = lead_image(index, self.seed)
            name = image_field.generate_filename(None, "photo.jpg")
            image = LibraryImage(
                width=LEAD_IMAGE_SIZE[0],
                height=LEAD_IMAGE_SIZE[1],
                title=alt.rstrip(".")[:200],
                credit=LIBRARY_CREDITS[index % len(LIBRARY_CREDITS)],
                alt=alt,
                source="Demo content",
                licence="Staff photo" if index % 3 else "Agency subscription",
                rights_expire_on=(
                    timezone.localdate() + timedelta(days=10 + index)
                    if index % 3 == 0 and index < 9
                    else None
                ),
            )
            # Stored as it is: the demo's own JPEGs need no cleaning.
            image.__dict__["file"] = image_field.storage.save(name, ContentFile(data))
            images.append(image)
        LibraryImage.objects.bulk_create(images)
        self.summary.images = len(images)
        return [(image.pk, image.alt) for image in images]

    def add_media_to_stories(self, images: list[tuple[int, str]]) -> None:
        """Give the newest stories inline photos, a gallery and embeds."""
        ids = [pk for pk, _alt in images]
        if len(ids) < 6:
            return
        stories = list(
            Article.objects.published()
            .filter(coverage_started_at=None)
            .order_by("-published_at")[: len(MEDIA_STORIES)]
        )
        for story, kinds in zip(stories, MEDIA_STORIES, strict=False):
            blocks = []
            for number, kind in enumerate(kinds):
                if kind == "figure":
                    pk = ids[(story.pk + number) % len(ids)]
                    blocks.append(f'<figure data-image-id="{pk}"></figure>')
                elif kind == "gallery":
                    chosen = ",".join(
                        str(ids[(story.pk + n) % len(ids)]) for n in range(4)
                    )
                    blocks.append(
                        f'<figure data-gallery="{chosen}" '
                        'data-caption="More photos from the scene."></figure>'
                    )
                else:
                    blocks.append(f'<figure data-embed="{kind}"></figure>')
            paragraphs = story.body.split("</p>")
            middle = max(1, len(paragraphs) // 2)
            story.body = "</p>".join(
                paragraphs[:middle]
                + ["".join(blocks) + paragraphs[middle]]
                + paragraphs[middle + 1 :]
            )
        Article.objects.bulk_update(stories, ["body"])

    # Articles ---------------------------------------------------------------

    def plan_articles(self, count: int) -> list[PlannedArticle]:
        """Return statuses and timestamps, oldest first, so ids follow time."""
        rng, now = self.rng, self.now
        scheduled = drafts = in_review = 0
        if count >= 10:
            scheduled = min(3, count // 10)
            drafts = min(60, max(1, round(count * 0.03)))
            in_review = min(30, max(1, round(count * 0.02)))
        published = count - scheduled - drafts - in_review
        times = [now - rng.uniform(300, 6 * HOUR) for _ in range(min(published, 6))]
        for _ in range(published - len(times)):
            day = now - 730 * DAY * rng.random() ** 1.6
            # Most stories go out during Spanish working hours.
            moment = day - day % DAY + rng.uniform(5.5 * HOUR, 20.5 * HOUR)
            times.append(
                moment if moment < now - 600 else now - rng.uniform(600, 5 * HOUR)
            )
        times.sort()
        plan = []
        for published_at in times:
            edited = published_at + rng.uniform(0.5 * HOUR, 3 * DAY)
            plan.append(
                PlannedArticle(
                    Article.Status.PUBLISHED,
                    published_at,
                    published_at - rng.uniform(20 * 60, 30 * HOUR),
                    min(now, edited) if rng.random() < 0.2 else published_at,
                )
            )
        for status, number, age in (
            (Article.Status.DRAFT, drafts, 21 * DAY),
            (Article.Status.IN_REVIEW, in_review, 4 * DAY),
        ):
            for created in sorted(now - rng.uniform(HOUR, age) for _ in range(number)):
                updated = created + (now - created) * rng.random() ** 2
                plan.append(PlannedArticle(status, None, created, updated))
        for _ in range(scheduled):
            at = math.ceil((now + rng.uniform(2 * HOUR, 3 * DAY)) / 900) * 900
            created = now - rng.uniform(2 * HOUR, 3 * DAY)
            updated = now - rng.uniform(60, 2 * HOUR)
            plan.append(
                PlannedArticle(
                    Article.Status.PUBLISHED, at, created, max(created, updated)
                )
            )
        return plan

    def create_articles(
        self,
        count: int,
        sections: list[tuple[Section, SectionSpec]],
        author_beats: dict[str, list[int]],
        tags: dict[str, int],
        images: list[tuple[str, str]],
    ) -> None:
        if count <= 0:
            return
        rng = self.rng
        slugs = Slugs(Article.objects.values_list("slug", flat=True))
        slugs.taken.update(PreviousSlug.objects.values_list("slug", flat=True))
        author_names = dict(Author.objects.values_list("id", "name"))
        content_type = ContentType.objects.get_for_model(Article)
        weights = [spec.weight for _section, spec in sections]
        plan = self.plan_articles(count)
        progress = Progress(self.out, "Articles", count)
        for start in range(0, count, self.batch_size):
            batch = plan[start : start + self.batch_size]
            articles, bylines, tag_ids = [], [], []
            for item in batch:
                section, spec = rng.choices(sections, weights)[0]
                beat = author_beats.get(spec.slug, ())
                pool = beat if beat and rng.random() < 0.6 else author_beats[""]
                writers = [rng.choice(pool)]
                second = rng.choice(author_beats[""])
                if rng.random() < 0.15 and second != writers[0]:
                    writers.append(second)
                text = write_article(
                    rng,
                    rng.choice(spec.groups),
                    spec.places,
                    author_names[writers[0]],
                )
                image_id, alt = (
                    rng.choice(images) if rng.random() < 0.92 else (None, "")
                )
                articles.append(
                    Article(
                        headline=text.headline,
                        seo_headline=text.seo_headline,
                        slug=slugs.for_headline(text.headline),
                        standfirst=text.standfirst,
                        body=text.body,
                        lead_image_id=image_id,
                        lead_image_caption=text.caption if image_id else "",
                        section=section,
                        status=item.status,
                        published_at=(
                            to_datetime(item.published_at)
                            if item.published_at
                            else None
                        ),
                        comments_open=rng.random() < 0.92,
                        created_at=to_datetime(item.created_at),
                        updated_at=to_datetime(item.updated_at),
                    )
                )
                bylines.append(writers)
                tag_ids.append([tags[name] for name in text.tags])
            with transaction.atomic(), explicit_timestamps(Article):
                Article.objects.bulk_create(articles)
                Byline.objects.bulk_create(
                    Byline(article_id=article.pk, author_id=author, position=position)
                    for article, writers in zip(articles, bylines, strict=True)
                    for position, author in enumerate(writers)
                )
                tagged = TaggedItem.objects.bulk_create(
                    TaggedItem(
                        tag_id=tag, content_type=content_type, object_id=article.pk
                    )
                    for article, ids in zip(articles, tag_ids, strict=True)
                    for tag in ids
                )
            self.summary.bylines += sum(len(writers) for writers in bylines)
            self.summary.tagged_items += len(tagged)
            for item in batch:
                key = item.status
                if key == Article.Status.PUBLISHED and item.published_at > self.now:
                    key = "scheduled"
                self.summary.articles[key] += 1
            reset_queries()  # DEBUG keeps every query, and these are large.
            progress.advance(len(batch))
        progress.finish()

    # Live coverage ----------------------------------------------------------

    def create_live_coverage(self) -> None:
        """Turn the newest published article into running live coverage and
        one published days ago into ended coverage, with their updates."""
        now = self.now
        published = (
            Article.objects.published()
            .filter(coverage_started_at__isnull=True)
            .order_by("-published_at", "-id")
        )
        running = published.first()
        if running is None:
            return
        ended = (
            published.exclude(pk=running.pk)
            .filter(published_at__lte=to_datetime(now - DAY))
            .first()
        ) or published.exclude(pk=running.pk).first()
        slugs = Slugs(Article.objects.values_list("slug", flat=True))
        plans = [(running, LIVE_RUNNING, None)]
        if ended is not None:
            plans.append((ended, LIVE_ENDED, 5 * HOUR))
        entries = []
        for article, text, length in plans:
            started = article.published_at.timestamp()
            finish = now - 120 if length is None else min(now - 60, started + length)
            author = (
                Byline.objects.filter(article=article)
                .order_by("position")
                .values_list("author", flat=True)
                .first()
            )
            count = len(text["entries"])
            times = [
                started + (finish - started) * (number + 1) / (count + 1)
                for number in range(count)
            ]
            for number, ((headline, body, key), moment) in enumerate(
                zip(text["entries"], times, strict=True)
            ):
                entries.append(
                    LiveEntry(
                        article=article,
                        author_id=author,
                        headline=headline,
                        body=f"<p>{body}</p>",
                        is_key_event=key,
                        is_pinned=length is None and number == 0,
                        created_at=to_datetime(moment),
                    )
                )
            # Bulk, as the rest of the loader: no version, no page-cache work
            # per row (the loader's callers start from an empty cache).
            Article.objects.filter(pk=article.pk).update(
                headline=text["headline"],
                seo_headline="",
                slug=slugs.for_headline(text["headline"]),
                standfirst=text["standfirst"],
                body=text["body"],
                coverage_started_at=to_datetime(started),
                coverage_ended_at=None if length is None else to_datetime(finish),
                content_updated_at=to_datetime(times[-1]),
            )
        # Oldest first, so ids follow time.
        entries.sort(key=lambda entry: entry.created_at)
        LiveEntry.objects.bulk_create(entries)
        self.summary.live_blogs = len(plans)
        self.summary.live_entries = len(entries)

    # Comments ---------------------------------------------------------------

    def create_comments(self, count: int) -> None:
        """Spread comments over published articles, written with COPY for speed."""
        if count <= 0:
            return
        rng, now = self.rng, self.now
        targets = list(
            Article.objects.published()
            .filter(comments_open=True)
            .order_by("id")
            .values_list("id", "published_at")
        )
        if not targets:
            self.write("No published articles accept comments; skipping comments.")
            return
        # A heavy tail (a few articles draw hundreds) and fresher news draws more.
        weights = []
        for _id, published_at in targets:
            age_days = (now - published_at.timestamp()) / DAY
            boost = 1 + 4 * math.exp(-age_days / 10)
            weights.append(min(rng.paretovariate(1.2), 60) * boost)
        per_article = Counter(rng.choices(range(len(targets)), weights, k=count))

        readers = [commenter(rng, n) for n in range(min(5000, max(50, count // 15)))]
        spammers = [commenter(rng, n, spammer=True) for n in range(30)]
        bodies = comment_bodies(rng, COMMENT_SENTENCES, 2000)
        replies = comment_bodies(rng, REPLY_SENTENCES, 100, lengths=(1, 1, 2))
        spam = [copy_text(body) for body in SPAM_BODIES]
        abuse = [copy_text(body) for body in REJECTED_BODIES]
        # Make sure every state appears even in a tiny demo.
        forced = deque(
            [
                Comment.Status.APPROVED,
                Comment.Status.PENDING,
                Comment.Status.REJECTED,
                Comment.Status.SPAM,
            ]
        )
        copier = CommentCopier(self.batch_size * 5)
        progress = Progress(self.out, "Comments", count)
        for index, (article_id, published_at) in enumerate(targets):
            number = per_article.get(index)
            if not number:
                continue
            start = published_at.timestamp()
            window = max(now - 60 - start, 0)
            offsets = []
            for _ in range(number):
                offset = rng.expovariate(1 / (8 * HOUR))
                offsets.append(offset if offset < window else rng.random() * window)
            offsets.sort()
            parents: list[tuple[int, float, str]] = []
            for offset in offsets:
                created = start + offset
                recent = now - created < 2 * DAY
                comment_id = copier.next_id()
                parent_id = None
                if parents and rng.random() < 0.18:
                    parent_id, parent_created, parent_name = rng.choice(parents)
                    created = max(created, parent_created + 30)
                    if created >= now:
                        created = (parent_created + now) / 2
                    reader = rng.choice(readers)
                    body = rng.choice(replies)
                    if rng.random() < 0.3:
                        body = f"@{parent_name.split()[0]} {body}"
                    roll = rng.random()
                    if roll < (0.3 if recent else 0.02):
                        status = Comment.Status.PENDING
                    elif roll < 0.96:
                        status = Comment.Status.APPROVED
                    else:
                        status = Comment.Status.REJECTED
                    self.summary.replies += 1
                else:
                    roll = rng.random()
                    if forced:
                        status = forced.popleft()
                    elif roll < 0.07:
                        status = Comment.Status.SPAM
                    elif roll < 0.11:
                        status = Comment.Status.REJECTED
                    elif roll < (0.4 if recent else 0.12):
                        status = Comment.Status.PENDING
                    else:
                        status = Comment.Status.APPROVED
                    if status == Comment.Status.SPAM:
                        reader, body = rng.choice(spammers), rng.choice(spam)
                    else:
                        reader = rng.choice(readers)
                        if status == Comment.Status.REJECTED and rng.random() < 0.7:
                            body = rng.choice(abuse)
                        else:
                            body = rng.choice(bodies)
                    if status == Comment.Status.APPROVED:
                        parents.append((comment_id, created, reader.name))
                moderated = NULL
                if status != Comment.Status.PENDING:
                    moderated = to_datetime(
                        min(now, created + rng.uniform(300, 12 * HOUR))
                    ).isoformat()
                progress.advance(
                    copier.add(
                        f"{comment_id}\t{article_id}\t{parent_id or NULL}\t"
                        f"{reader.name}\t{reader.email}\t{body}\t{status}\t"
                        f"{to_datetime(created).isoformat()}\t{NULL}\t{moderated}\t"
                        f"{reader.ip_address}\t{reader.user_agent}"
                    )
                )
                self.summary.comments[status] += 1
        progress.advance(copier.flush())
        progress.finish()
