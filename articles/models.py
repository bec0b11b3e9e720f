import html

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from articles.fields import BODY_EXTENSIONS, SanitizedHTMLField
from articles.search import web_search_query
from core.fast_reverse import fast_reverse
from pagecache.generations import generation_cached
from pagecache.invalidation import InvalidatingQuerySetMixin

# Silent reading speed of adults for non-fiction (Brysbaert 2019: 238 wpm).
READING_WORDS_PER_MINUTE = 230
# Candidates for related stories: each tag's latest tagged articles.
RELATED_POOL = 50
# Matches of a search that are ranked (the newest): see ArticleQuerySet.search().
SEARCH_CANDIDATES = 500

LEAD_IMAGE_NEEDS_ALT = _(
    "Describe the lead image for readers who can't see it: an article with a "
    "lead image needs alt text to be published or scheduled."
)
SLUG_REDIRECTS_ELSEWHERE = _(
    "Another article was published under this address, and its old links still "
    "lead there. Choose a different slug."
)


def _article_content_type():
    """Return a subquery for the article content type's id.

    A scalar subquery, unlike a join, keeps taggit's indexes usable; unlike
    ContentType's cache, it costs no query of its own.
    """
    return ContentType.objects.filter(app_label="articles", model="article").values(
        "pk"
    )[:1]


class SectionQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def with_latest_article_ids(self, count: int, exclude=()):
        """Annotate each section with its newest published article ids (one query).

        A section's articles include its regional sub-sections' articles.
        """
        newest = (
            Article.objects.published()
            .filter(Q(section=OuterRef("pk")) | Q(section__parent=OuterRef("pk")))
            .exclude(pk__in=list(exclude))
            .order_by("-published_at", "-id")
            .values("pk")[:count]
        )
        return self.annotate(latest_article_ids=ArraySubquery(newest))


def _fetched_relations(instance: models.Model, *names: str) -> set[str]:
    """Return which of the foreign keys hold an object read from the database.

    A form's choice field has just fetched it: asking the database again
    whether it exists (as ForeignKey.validate() does) would cost a query.
    """
    fetched = set()
    for name in names:
        related = instance._state.fields_cache.get(name)
        field = instance._meta.get_field(name)
        if (
            related is not None
            and not related._state.adding
            and related.pk == getattr(instance, field.attname)
        ):
            fetched.add(name)
    return fetched


def section_family_ids(section: "Section") -> list[int]:
    """Return the ids of the section and its regional sub-sections (found once
    per section instance: a list page asks for its rows and for its length)."""
    family = section.__dict__.get("_family_ids")
    if family is None:
        children = generation_cached("section-children", _section_children)
        family = section.__dict__["_family_ids"] = [
            section.pk,
            *children.get(section.pk, []),
        ]
    return family


def _section_children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for pk, parent in Section.objects.filter(parent__isnull=False).values_list(
        "pk", "parent"
    ):
        children.setdefault(parent, []).append(pk)
    return children


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences shown at the top of the section page."),
    )
    menu_order = models.PositiveIntegerField(
        _("menu order"),
        default=0,
        help_text=_("Sections with lower numbers come first in the navigation."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Set for a regional edition, e.g. Costa Blanca North under Spain."),
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ("menu_order", "name")
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="section_not_own_parent"
            ),
        ]

    def __str__(self):
        if self.parent_id:
            return f"{self.parent} › {self.name}"
        return self.name

    def get_absolute_url(self):
        return fast_reverse("articles:section", slug=self.slug)

    def clean(self):
        if self.parent_id and (
            self.parent_id == self.pk or self.parent.parent_id is not None
        ):
            raise ValidationError(
                {
                    "parent": _(
                        "Choose a top-level section: regional editions are one "
                        "level deep."
                    )
                }
            )
        if self.parent_id and self.pk and self.children.exists():
            raise ValidationError(
                {
                    "parent": _(
                        "A section with its own sub-sections can't move under another."
                    )
                }
            )


class ArticleQuerySet(InvalidatingQuerySetMixin, models.QuerySet):
    @staticmethod
    def published_q(prefix: str = "") -> Q:
        """Return the one rule for "visible to readers", for use in joins."""
        return Q(
            **{
                f"{prefix}status": Article.Status.PUBLISHED,
                f"{prefix}published_at__lte": timezone.now(),
            }
        )

    def published(self):
        return self.filter(self.published_q())

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def in_review(self):
        return self.filter(status=Article.Status.IN_REVIEW)

    def scheduled(self):
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def in_section(self, section: "Section"):
        """Return articles in the section or any of its regional sub-sections."""
        # By ids, not a join: the (section, publication time) index then serves
        # the list, its length and deep pages without reading articles.
        return self.filter(section__in=section_family_ids(section))

    def tagged(self, tag):
        """Return articles with the tag.

        A semi-join on the tag's items (rather than a join on the tags), so the
        newest tagged articles come straight off the publication-time index.
        """
        return self.filter(
            pk__in=TaggedItem.objects.filter(
                tag=tag, content_type_id=models.Subquery(_article_content_type())
            ).values("object_id")
        )

    def by_author(self, author):
        return self.filter(bylines__author=author)

    @staticmethod
    def live_q(prefix: str = "") -> Q:
        """Return the rule for "live coverage running now", for use in joins."""
        now = timezone.now()
        return Q(**{f"{prefix}coverage_started_at__lte": now}) & (
            Q(**{f"{prefix}coverage_ended_at__isnull": True})
            | Q(**{f"{prefix}coverage_ended_at__gt": now})
        )

    def live(self):
        return self.filter(self.live_q())

    def owned_by(self, user):
        """Return articles the user created or writes as a byline author."""
        return self.filter(
            Q(created_by=user)
            | Exists(Byline.objects.filter(article=OuterRef("pk"), author__user=user))
        )

    def with_byline_user_ids(self):
        """Annotate the ids of the users who write each article as byline authors
        (so articles.permissions.owns() needs no query of its own)."""
        return self.annotate(
            byline_user_ids=ArraySubquery(
                Byline.objects.filter(
                    article=OuterRef("pk"), author__user__isnull=False
                ).values("author__user")
            )
        )

    def for_listing(self):
        """Pre-join what cards show: the section and the byline's author names.

        Cards never show the body, the largest column: left unread.
        """
        return (
            self.select_related("section", "lead_image")
            .defer("body")
            .annotate(author_names=byline_author_names())
        )

    @staticmethod
    def bylines_prefetch() -> Prefetch:
        """Return the prefetch of the bylines in order, with their authors."""
        return Prefetch(
            "bylines",
            queryset=Byline.objects.select_related("author").order_by("position"),
        )

    def for_detail(self):
        """Pre-join what the article page shows. Corrections are rare: whether
        there are any is part of the article's query, and only then are they
        read (see Article.shown_corrections)."""
        return (
            self.select_related("section", "section__parent", "lead_image")
            .prefetch_related(self.bylines_prefetch(), "tags")
            .annotate(
                has_corrections=Exists(
                    Correction.objects.filter(article=OuterRef("pk"))
                )
            )
        )

    def search(self, query: str):
        """Return articles matching a web-search query ("phrase", -word, or), best
        first, annotated with their rank."""
        search_query = web_search_query(query)
        candidates = self._newest_matches(search_query).values("pk")
        return (
            self.filter(pk__in=candidates)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "-published_at", "-id")
        )

    def search_ranks(self, query: str):
        """Return the (id, rank) rows of the articles search() finds, newest first.

        One pass over the matches, each ranked as it is found (its vector read
        once, not again to rank it); articles.search.best_first() then puts the
        few hundred rows in search()'s order.
        """
        search_query = web_search_query(query)
        return (
            self._newest_matches(search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .values_list("pk", "rank")
        )

    def _newest_matches(self, search_query):
        # Only the newest SEARCH_CANDIDATES matches are ranked: ranking reads
        # every candidate's vector, and a common word matches half the archive.
        # The newest matches come off the publication-time index (common
        # words) or the GIN index (rarer ones), whichever the planner finds
        # cheaper. Filter the queryset before searching.
        matches = self.filter(search_vector=search_query)
        return matches.order_by("-published_at", "-id")[:SEARCH_CANDIDATES]

    def related_to(self, article: "Article", count: int = 4):
        """Return up to count other articles sharing article's tags, most shared
        first, then the newest of its section (one query, bounded work).

        Only each tag's latest RELATED_POOL tagged articles are candidates, so
        the cost doesn't grow with the archive.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        same_section = (
            Article.objects.published()
            .filter(section=article.section_id)
            .exclude(pk=article.pk)
            .order_by("-published_at", "-id")
            .values("pk")[:count]
        )
        section_sql, section_params = same_section.query.sql_with_params()
        items = TaggedItem._meta.db_table
        content_type = (
            f"(SELECT id FROM {ContentType._meta.db_table} "
            "WHERE app_label = 'articles' AND model = 'article')"
        )
        # Each tag's latest tagged articles, straight off the (tag_id,
        # object_id) index (migration 0004), in one lateral join, and one
        # subquery (a UNION) so PostgreSQL looks the candidates up by key. In
        # SQL: the ORM took 5 ms to compile the same as a UNION of one
        # subquery per tag, ten times the query's own time.
        candidates = RawSQL(
            f"({section_sql}) UNION SELECT latest.object_id "
            "FROM unnest(%s::integer[]) AS tag (id) CROSS JOIN LATERAL ("
            f"SELECT object_id FROM {items} WHERE tag_id = tag.id "
            f"AND content_type_id = {content_type} AND object_id <> %s "
            "ORDER BY object_id DESC LIMIT %s) AS latest",
            (*section_params, tag_ids, article.pk, RELATED_POOL),
        )
        shared = RawSQL(
            f"SELECT count(*) FROM {items} "
            f"WHERE object_id = {Article._meta.db_table}.id "
            f"AND content_type_id = {content_type} AND tag_id = ANY(%s::integer[])",
            (tag_ids,),
            output_field=models.IntegerField(),
        )
        return (
            self.filter(pk__in=candidates)
            .annotate(shared_tags=shared)
            .order_by("-shared_tags", "-published_at", "-id")[:count]
        )

    def for_feed(self):
        """Pre-join what feeds show, with author and tag names as arrays (one query)."""
        return self.select_related("section", "lead_image").annotate(
            author_names=byline_author_names(),
            tag_names=ArraySubquery(
                Tag.objects.filter(article=OuterRef("pk"))
                .order_by("name")
                .values("name")
            ),
        )


def byline_author_names() -> ArraySubquery:
    """Return an article's author names in byline order, as an SQL array."""
    return ArraySubquery(
        Byline.objects.filter(article=OuterRef("pk"))
        .order_by("position", "id")
        .values("author__name")
    )


def published_tags():
    """Return the tags of at least one published article: the tags readers see."""
    # Looked for tag by tag through the (tag, object) index: one published
    # article is enough.
    published_items = TaggedItem.objects.filter(
        tag=OuterRef("pk"),
        content_type_id=models.Subquery(_article_content_type()),
        object_id__in=Article.objects.published().values("pk"),
    )
    return Tag.objects.filter(Exists(published_items))


# Rules the database enforces that Article also checks in Python, with an
# editor's wording: the focal point by its fields' validators, live coverage by
# clean(). Django would validate each again with a query (and a savepoint) of
# its own, and find nothing: a field that failed is left out of the check.
CHECKED_IN_PYTHON = frozenset(
    {"article_focal_point_in_image", "article_coverage_ends_after_start"}
)


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search vector is large and only search reads it, in SQL.
        return super().get_queryset().defer("search_vector")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    headline = models.CharField(_("headline"), max_length=200)
    seo_headline = models.CharField(
        _("SEO headline"),
        max_length=110,
        blank=True,
        help_text=_(
            "Optional headline for search engines and social networks "
            "(110 characters at most). Leave empty to use the headline."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_(
            "The last part of the article's address. Changing it on a published "
            "article keeps the old address working with a redirect."
        ),
    )
    standfirst = models.TextField(
        _("standfirst"),
        max_length=600,
        blank=True,
        help_text=_("The summary under the headline, one or two sentences."),
    )
    body = SanitizedHTMLField(_("body"), extensions=BODY_EXTENSIONS, sanitize=True)
    lead_image = models.ForeignKey(
        "images.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_articles",
        help_text=_(
            "Choose a photo from the library or upload a new one. Its credit and "
            "alt text come from the library."
        ),
    )
    lead_image_caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("For this story only; leave empty to use the library's caption."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    authors = models.ManyToManyField(
        "authors.Author",
        verbose_name=_("authors"),
        through="Byline",
        related_name="articles",
    )
    tags = TaggableManager(_("tags"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("When the article goes live. A time in the future schedules it."),
    )
    comments_open = models.BooleanField(_("comments open"), default=True)
    coverage_started_at = models.DateTimeField(
        _("live coverage starts"),
        null=True,
        blank=True,
        help_text=_(
            "Set to make this article live coverage: short timestamped updates "
            "added from the live desk. Leave empty for an ordinary article."
        ),
    )
    coverage_ended_at = models.DateTimeField(
        _("live coverage ends"),
        null=True,
        blank=True,
        help_text=_(
            "When the coverage ended. Its updates stay, and the page reads as an "
            "archive."
        ),
    )
    submitted_at = models.DateTimeField(
        _("submitted for review"), null=True, blank=True, editable=False
    )
    content_updated_at = models.DateTimeField(
        _("content updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When readers last saw the headline, standfirst, body or lead image "
            "change after publication."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    # Kept current by a database trigger (articles migration 0003) on every
    # write, bulk ones included: headline and SEO headline weigh most (A), then
    # the standfirst (B), then the body's text (C).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleManager()

    class Meta:
        ordering = ("-published_at", "-id")
        get_latest_by = "published_at"
        permissions = [("publish_article", _("Can publish, schedule and unpublish"))]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # With the section, so that a section's list with its regional
            # editions (section IN (...)) walks it in order, index only, even
            # to a deep page.
            models.Index(
                fields=["-published_at", "-id"],
                include=["section"],
                condition=Q(status="published"),
                name="article_published_idx",
            ),
            models.Index(
                fields=["section", "-published_at", "-id"],
                condition=Q(status="published"),
                name="article_section_published_idx",
            ),
            # The latest correction or update (the sitemap index's lastmod).
            models.Index(
                fields=["-content_updated_at"],
                condition=Q(status="published", content_updated_at__isnull=False),
                name="article_content_updated_idx",
            ),
            GinIndex(fields=["search_vector"], name="article_search_vector_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(coverage_ended_at__isnull=True)
                | Q(
                    coverage_started_at__isnull=False,
                    coverage_started_at__lte=F("coverage_ended_at"),
                ),
                name="article_coverage_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        local = timezone.localtime(self.published_at or self.created_at)
        return fast_reverse(
            "articles:detail",
            year=str(local.year),
            month=f"{local.month:02d}",
            day=f"{local.day:02d}",
            slug=self.slug,
        )

    def clean(self):
        errors = {}
        if self.coverage_ended_at and (
            self.coverage_started_at is None
            or self.coverage_ended_at < self.coverage_started_at
        ):
            errors["coverage_ended_at"] = _(
                "Live coverage can only end after it starts: set a start "
                "time before this end time."
            )
        if (
            self.status == self.Status.PUBLISHED
            and self.lead_image_id is not None
            and not self.lead_image.decorative
            and not self.lead_image.alt.strip()
        ):
            errors["lead_image_alt"] = LEAD_IMAGE_NEEDS_ALT
        if self.slug and self._slug_is_new() and self.slug_redirects_elsewhere():
            errors["slug"] = SLUG_REDIRECTS_ELSEWHERE
        if errors:
            raise ValidationError(errors)

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ()) | _fetched_relations(self, "section")
        super().clean_fields(exclude=exclude)

    def get_constraints(self):
        return [
            (
                model,
                [c for c in constraints if c.name not in CHECKED_IN_PYTHON],
            )
            for model, constraints in super().get_constraints()
        ]

    def _slug_is_new(self) -> bool:
        """Return whether the slug may not be the article's own yet.

        ``saved`` is the row as a save read it under its lock
        (articles.services.article_for_update): a slug it already held was
        checked when the article took it, and no other article can have left
        it since (slugs are unique).
        """
        saved = getattr(self, "saved", None)
        return saved is None or saved.slug != self.slug

    def slug_redirects_elsewhere(self) -> bool:
        """Return whether the slug is another article's old, redirecting one."""
        return (
            PreviousSlug.objects.filter(slug=self.slug)
            .exclude(article_id=self.pk)
            .exists()
        )

    @property
    def shown_lead_image(self):
        """Return the lead image readers may see: None if none or its rights expired."""
        if self.lead_image_id is None or self.lead_image.is_expired:
            return None
        return self.lead_image

    @property
    def lead_caption(self) -> str:
        """Return this story's caption for its lead image, else the library's."""
        if self.lead_image_caption or self.lead_image_id is None:
            return self.lead_image_caption
        return self.lead_image.caption

    @property
    def is_live_coverage(self) -> bool:
        """Return whether the article is live coverage (running, ended or to come)."""
        return self.coverage_started_at is not None

    @property
    def is_live(self) -> bool:
        """Return whether the live coverage is running now (mirrors live())."""
        now = timezone.now()
        return (
            self.coverage_started_at is not None
            and self.coverage_started_at <= now
            and (self.coverage_ended_at is None or self.coverage_ended_at > now)
        )

    @property
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def shown_corrections(self) -> list:
        """Return the correction and update notes, oldest first (none read when
        for_detail() found there are none)."""
        if getattr(self, "has_corrections", True) is False:
            return []
        return list(self.corrections.all())

    @property
    def byline_authors(self) -> list:
        """Return the authors in byline order (uses the for_detail() prefetch)."""
        return [byline.author for byline in self.bylines.all()]

    @property
    def reading_minutes(self) -> int:
        """Return the estimated minutes to read the body, at least one."""
        words = len(strip_tags(self.body).split())
        return max(1, round(words / READING_WORDS_PER_MINUTE))

    @property
    def accepts_comments(self) -> bool:
        return self.comments_open and self.is_published

    @property
    def updated_for_readers(self):
        """Return when published content last changed, if after publication."""
        if (
            self.content_updated_at
            and self.published_at
            and self.content_updated_at > self.published_at
        ):
            return self.content_updated_at
        return None


class Byline(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        "authors.Author",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("position", "id")
        verbose_name = _("byline")
        verbose_name_plural = _("byline")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="byline_author_once_per_article"
            ),
        ]
        indexes = [models.Index(fields=["author", "article"])]

    def __str__(self):
        return str(self.author)

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ()) | _fetched_relations(self, "author")
        super().clean_fields(exclude=exclude)


class PreviousSlug(models.Model):
    """A slug an article was published under, kept so its old URL redirects."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="previous_slugs"
    )
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("previous slug")
        verbose_name_plural = _("previous slugs")

    def __str__(self):
        return self.slug


class Correction(models.Model):
    """A dated correction or update note shown to readers under the article."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION
    )
    text = models.TextField(
        _("note"),
        max_length=2000,
        help_text=_(
            "Shown to readers under the article with its date, e.g. “An earlier "
            "version of this article gave the wrong date for the festival.”"
        ),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ReviewNote(models.Model):
    """An editor's note to the reporter when an article is sent back."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="review_notes"
    )
    text = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")

    def __str__(self):
        return self.text[:60]


class LiveEntryQuerySet(models.QuerySet):
    def stream(self):
        """Return the entries in reading order: newest first, pinned ones apart."""
        return self.filter(is_pinned=False).order_by("-id")

    def key_events(self):
        return self.filter(is_key_event=True).order_by("-id")


class LiveEntry(models.Model):
    """One short, timestamped update of a live coverage article."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="live_entries",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    author = models.ForeignKey(
        "authors.Author",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_entries",
        help_text=_("Shown with the update. One of the article's byline authors."),
    )
    headline = models.CharField(
        _("headline"),
        max_length=200,
        blank=True,
        help_text=_("Optional. Key events are listed by their headline."),
    )
    body = SanitizedHTMLField(_("update"), extensions=BODY_EXTENSIONS, sanitize=True)
    is_key_event = models.BooleanField(
        _("key event"),
        default=False,
        help_text=_("Listed in the key events at the top of the page."),
    )
    is_pinned = models.BooleanField(
        _("pinned"),
        default=False,
        help_text=_(
            "Shown above all other updates. Pinning an update unpins the one "
            "pinned before."
        ),
    )
    corrected_at = models.DateTimeField(
        _("corrected"), null=True, blank=True, editable=False
    )
    correction_note = models.CharField(
        _("correction note"),
        max_length=300,
        blank=True,
        help_text=_(
            "Shown to readers with the update, e.g. “An earlier version gave the "
            "wrong road.” Required when changing a posted update."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        ordering = ("-id",)
        verbose_name = _("live update")
        verbose_name_plural = _("live updates")
        indexes = [models.Index(fields=["article", "-id"], name="liveentry_stream_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(is_pinned=True),
                name="liveentry_one_pinned_per_article",
            ),
        ]

    def __str__(self):
        return self.headline or strip_tags(self.body)[:60]

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}?entry={self.pk}"

    @property
    def anchor(self) -> str:
        return f"entry-{self.pk}"

    @property
    def summary(self) -> str:
        """Return the headline, else the start of the text (for key events)."""
        if self.headline:
            return self.headline
        return Truncator(html.unescape(strip_tags(self.body))).words(12)


# Every save keeps a version of the article with its byline and tags. Corrections
# and review notes are not followed: restoring old content must never remove them.
reversion.register(
    Article, follow=("bylines", "tagged_items"), exclude=("search_vector",)
)
reversion.register(Byline)
reversion.register(TaggedItem)


class ArticleAutosave(models.Model):
    """A user's unsaved work in the article form, saved in the background.

    Not a version of the article and never seen by readers: the form offers it
    back when its user reopens the article (or a new article's form), until they
    save, discard it, or it is older than the autosave retention period.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Empty for an article not saved yet: then key names the form it came from.
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
    )
    key = models.CharField(max_length=64)
    # What the form would post, {name: [values]}; the body sanitised as a save does.
    data = models.JSONField(default=dict)
    # The edit lock of the article as the form was opened (see ArticleAdminForm).
    lock_token = models.CharField(max_length=64, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="autosave_one_per_user_and_form"
            ),
        ]
        indexes = [models.Index(fields=["saved_at"], name="autosave_saved_at_idx")]

    def __str__(self):
        return f"{self.key} ({self.saved_at:%Y-%m-%d %H:%M})"

    @staticmethod
    def key_for(article: Article | None = None, draft_key: str = "") -> str:
        """Return the key of an article's form, or of a new article's form."""
        return f"article-{article.pk}" if article is not None else f"new-{draft_key}"


class ListLengthQuerySet(models.QuerySet):
    def published_count(self, kind: str, object_ids, listed: models.QuerySet) -> int:
        """Return how many articles of a list readers can see now, in one query.

        The kept lengths of the lists with these ids (a section's family adds
        up), less the listed articles scheduled for later (few, found off the
        publication-time index): the same as counting the list, at a cost that
        doesn't grow with it.
        """
        lengths = (
            self.filter(kind=kind, object_id__in=list(object_ids))
            .order_by()
            .values("articles")
        )
        # Checked article by article (a scalar subquery is never turned into a
        # join): a join would read the whole list to find the few scheduled.
        in_list = listed.filter(pk=OuterRef("pk")).order_by().values("pk")[:1]
        scheduled = (
            Article.objects.scheduled()
            .annotate(in_list=models.Subquery(in_list))
            .filter(in_list__isnull=False)
            .order_by()
            .values("pk")
        )
        lengths_sql, lengths_params = lengths.query.sql_with_params()
        scheduled_sql, scheduled_params = scheduled.query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"SELECT COALESCE((SELECT SUM(articles) FROM ({lengths_sql}) AS kept),"
                f" 0) - (SELECT COUNT(*) FROM ({scheduled_sql}) AS later)",
                (*lengths_params, *scheduled_params),
            )
            return cursor.fetchone()[0]


class ListLength(models.Model):
    """How many published articles a section (its own), a tag or an author has.

    Kept by PostgreSQL triggers on articles, bylines and tagged items
    (migration 0012), in the same transaction as the change, whoever makes it:
    a save, a bulk update, a loaddata. Articles scheduled for later count here
    until published_count() takes them away.
    """

    class Kind(models.TextChoices):
        SECTION = "section"
        TAG = "tag"
        AUTHOR = "author"

    kind = models.CharField(max_length=10, choices=Kind)
    object_id = models.BigIntegerField()
    articles = models.IntegerField(default=0)

    objects = ListLengthQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="list_length_once_per_list"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.articles}"
