from datetime import datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from images.fields import SafeImageField
from images.uploads import UnguessablePath
from pagecache.generations import generation_cached


def daily_window(now, start, end) -> tuple[bool, datetime]:
    """Return whether now (in the site's time zone) is within the daily hours
    start–end (across midnight when end is earlier), and when that next changes.

    At start exactly the window is on; at end exactly it is off.
    """
    local = timezone.localtime(now)
    moment = local.time().replace(tzinfo=None)
    # Within a day (13:00–15:30), or across midnight (00:00 counts as the end).
    inside = (start <= moment < end) if start < end else not (end <= moment < start)
    boundary = end if inside else start
    change = local.replace(
        hour=boundary.hour,
        minute=boundary.minute,
        second=boundary.second,
        microsecond=0,
    )
    if change <= local:
        change = timezone.localtime(change + timedelta(days=1)).replace(
            hour=boundary.hour, minute=boundary.minute, second=boundary.second
        )
    return inside, change


class SiteSettings(models.Model):
    """Site-wide settings editors change in the admin, without a redeploy."""

    class CommentModeration(models.TextChoices):
        PRE = "pre", _("Before publication: a moderator approves each comment")
        POST = "post", _("After publication: comments appear at once, removable")

    site_name = models.CharField(_("site name"), max_length=100, default="Newsroom")
    tagline = models.CharField(
        _("tagline"), max_length=200, blank=True, default="News from the Costa Blanca"
    )
    logo = SafeImageField(_("logo"), upload_to=UnguessablePath("site"), blank=True)
    call_to_action = models.TextField(
        _("call to action"),
        blank=True,
        help_text=_("Shown under every article, above the social links."),
    )
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_address = models.TextField(_("contact address"), blank=True)

    # Comment policy, applied by the comments app.
    comment_moderation = models.CharField(
        _("comment moderation"),
        max_length=4,
        choices=CommentModeration,
        default=CommentModeration.PRE,
    )
    comments_close_after_days = models.PositiveSmallIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Close comments automatically this many days after an article's "
            "publication. Leave empty to keep them open."
        ),
    )
    trusted_commenter_threshold = models.PositiveSmallIntegerField(
        _("trust commenters after (approved comments)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Publish new comments at once from an email address with at least this "
            "many approved comments and none rejected or marked as spam. Emails "
            "are not verified, so keep this off (empty) unless the moderators "
            "need it."
        ),
    )
    comment_max_links = models.PositiveSmallIntegerField(
        _("links allowed in a comment"),
        default=2,
        help_text=_(
            "Comments with more links than this wait for a moderator, whatever the "
            "other settings say."
        ),
    )
    moderation_digest_minutes = models.PositiveSmallIntegerField(
        _("moderation email at most every (minutes)"),
        default=15,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Moderators get an email when new comments wait, at most once in this "
            "many minutes."
        ),
    )
    moderation_email = models.EmailField(
        _("also send moderation emails to"),
        blank=True,
        help_text=_(
            "Optional. Users in the Moderator group with an email address always "
            "receive them."
        ),
    )
    comment_report_threshold = models.PositiveSmallIntegerField(
        _("hide after reports from (readers)"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Under moderation after publication, a comment reported by this many "
            "different readers is hidden until a moderator decides."
        ),
    )
    comments_closed_from = models.TimeField(
        _("close comments nightly from"),
        null=True,
        blank=True,
        help_text=_(
            "With the next field, close comments on the whole site every day "
            "between these times (site's time zone), e.g. 00:00 to 06:00 when no "
            "moderator is on duty. Leave both empty to keep them open."
        ),
    )
    comments_closed_until = models.TimeField(
        _("reopen comments at"), null=True, blank=True
    )
    comments_closed_message = models.CharField(
        _("message while closed"),
        max_length=300,
        blank=True,
        help_text=_(
            "Shown to readers instead of the form during those hours. Empty: "
            "“Comments are closed until {time}.”"
        ),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="site_settings_singleton"
            )
        ]

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self):
        if (self.comments_closed_from is None) != (self.comments_closed_until is None):
            raise ValidationError(
                _("Give both times to close comments nightly, or neither.")
            )
        if (
            self.comments_closed_from is not None
            and self.comments_closed_from == self.comments_closed_until
        ):
            raise ValidationError(
                {"comments_closed_until": _("Reopen at a different time.")}
            )

    @classmethod
    def load(cls) -> "SiteSettings":
        # Every page shows them: kept in the shared cache until anything changes.
        return generation_cached("site-settings", cls.load_from_database)

    @classmethod
    def load_from_database(cls) -> "SiteSettings":
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings

    def comments_closed_tonight(self, now=None):
        """Return when comments reopen if the nightly hours close them now."""
        if self.comments_closed_from is None or self.comments_closed_until is None:
            return None
        inside, change = daily_window(
            now or timezone.now(), self.comments_closed_from, self.comments_closed_until
        )
        return change if inside else None

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]


class FrontPage(models.Model):
    """What editors pin to the home page: one row, edited in the admin.

    Pinned stories show only while published, so unpublishing one takes it off
    the home page at once; the banner hides itself when its time is up.
    """

    lead = models.ForeignKey(
        "articles.Article",
        verbose_name=_("lead story"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The story at the top of the home page. Leave empty to lead with the "
            "newest story that has a photo."
        ),
    )
    breaking_news = models.CharField(
        _("breaking news banner"),
        max_length=200,
        blank=True,
        help_text=_(
            "One line shown above everything on the home page, e.g. “The AP-7 is "
            "closed at Calpe after a lorry fire”. Leave empty for no banner."
        ),
    )
    breaking_news_article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("banner links to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Optional: the story the banner links to. The link shows while the "
            "story is published."
        ),
    )
    breaking_news_until = models.DateTimeField(
        _("show the banner until"),
        null=True,
        blank=True,
        help_text=_("The banner disappears by itself at this time."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("front page")
        verbose_name_plural = _("front page")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="front_page_singleton"
            )
        ]

    def __str__(self):
        return str(_("Front page"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self):
        if self.breaking_news.strip() and not self.breaking_news_until:
            raise ValidationError(
                {
                    "breaking_news_until": _(
                        "Say until when the banner shows, so it never stays up "
                        "by mistake."
                    )
                }
            )
        if not self.breaking_news.strip() and self.breaking_news_article_id:
            raise ValidationError(
                {"breaking_news": _("Write the banner text, or remove the link.")}
            )

    @classmethod
    def current(cls) -> "FrontPage":
        """Return the front page with what of it readers may see.

        Annotates the published top stories' ids in order (top_story_ids), and
        whether the lead and the banner's story are published.
        """
        # Kept in the shared cache like the site settings: the pins, and
        # whether their stories are published, change only with the content
        # (a new generation) or at a scheduled publication time, which
        # generation_cached() never keeps a value past.
        return generation_cached("front-page", cls.current_from_database)

    @classmethod
    def current_from_database(cls) -> "FrontPage":
        published = Article.objects.published()
        top_stories = (
            TopStory.objects.filter(
                Article.objects.published_q(prefix="article__"),
                front_page=models.OuterRef("pk"),
            )
            .order_by("position", "id")
            .values("article_id")
        )
        front_page = (
            cls.objects.filter(pk=1)
            .annotate(
                top_story_ids=ArraySubquery(top_stories),
                lead_is_published=models.Exists(
                    published.filter(pk=models.OuterRef("lead_id"))
                ),
                breaking_news_article_is_published=models.Exists(
                    published.filter(pk=models.OuterRef("breaking_news_article_id"))
                ),
            )
            .first()
        )
        if front_page is None:
            front_page = cls(pk=1)
            front_page.top_story_ids = []
            front_page.lead_is_published = False
            front_page.breaking_news_article_is_published = False
        return front_page

    def breaking_news_is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.breaking_news.strip()
            and self.breaking_news_until
            and self.breaking_news_until > now
        )


class TopStory(models.Model):
    front_page = models.ForeignKey(
        FrontPage, on_delete=models.CASCADE, related_name="top_stories"
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="top_story_pins",
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        ordering = ("position", "id")
        verbose_name = _("top story")
        verbose_name_plural = _("top stories")
        constraints = [
            models.UniqueConstraint(
                fields=["front_page", "article"], name="top_story_once"
            )
        ]

    def __str__(self):
        return str(self.article)
