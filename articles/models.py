from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.fields import BODY_EXTENSIONS, SanitizedHTMLField
from newsroom.uploads import UnguessablePath


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
        return reverse("articles:section", kwargs={"slug": self.slug})

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


class ArticleQuerySet(models.QuerySet):
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
        return self.filter(Q(section=section) | Q(section__parent=section))

    def by_author(self, author):
        return self.filter(bylines__author=author)

    def for_listing(self):
        return self.select_related("section").prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.select_related("author").order_by("position"),
            )
        )

    def for_detail(self):
        return (
            self.for_listing()
            .select_related("section__parent")
            .prefetch_related("tags")
        )


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
    lead_image = models.ImageField(
        _("lead image"),
        upload_to=UnguessablePath("articles"),
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
    )
    lead_image_width = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    lead_image_height = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    lead_image_caption = models.CharField(_("caption"), max_length=300, blank=True)
    lead_image_credit = models.CharField(
        _("credit"),
        max_length=150,
        blank=True,
        help_text=_("Who took or owns the photo, e.g. “Image Twitter@Dust”."),
    )
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the photo for readers who cannot see it."),
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

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-id")
        get_latest_by = "published_at"
        permissions = [("publish_article", _("Can publish, schedule and unpublish"))]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="article_published_idx",
            ),
            models.Index(
                fields=["section", "-published_at", "-id"],
                condition=Q(status="published"),
                name="article_section_published_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        local = timezone.localtime(self.published_at or self.created_at)
        return reverse(
            "articles:detail",
            kwargs={
                "year": local.year,
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
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
    def byline_authors(self) -> list:
        """Return the authors in byline order (uses the for_listing() prefetch)."""
        return [byline.author for byline in self.bylines.all()]

    @property
    def accepts_comments(self) -> bool:
        return self.comments_open and self.is_published


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
