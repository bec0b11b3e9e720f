"""The media library: each stored photo once, with its credit, alt text and rights."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from images.fields import SafeImageField
from images.uploads import UnguessablePath

# "Expiring soon" in the library's filter and on the admin's front page.
EXPIRING_SOON_DAYS = 30


def today() -> date:
    return timezone.localdate()


def usable_q(on: date | None = None) -> Q:
    """Return the rule for images readers may see: rights not expired."""
    return Q(rights_expire_on__isnull=True) | Q(rights_expire_on__gte=on or today())


class ImageQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(usable_q())

    def expired(self):
        return self.filter(rights_expire_on__lt=today())

    def expiring_soon(self, days: int = EXPIRING_SOON_DAYS):
        now = today()
        return self.filter(
            rights_expire_on__gte=now, rights_expire_on__lte=now + timedelta(days)
        )

    def search(self, query: str):
        """Return images whose title, caption, credit or a tag contains `query`."""
        matches = Q()
        for word in query.split():
            matches &= (
                Q(title__icontains=word)
                | Q(caption__icontains=word)
                | Q(credit__icontains=word)
                | Q(tags__name__icontains=word)
            )
        return self.filter(matches).distinct()


class TaggedImage(TaggedItemBase):
    """Tags of library images, kept apart from articles' tagged items."""

    content_object = models.ForeignKey(
        "Image", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("image tag")
        verbose_name_plural = _("image tags")


class Image(models.Model):
    file = SafeImageField(
        _("file"),
        upload_to=UnguessablePath("images"),
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("For finding the photo in the library; readers don't see it."),
    )
    caption = models.CharField(
        _("default caption"),
        max_length=300,
        blank=True,
        help_text=_("Shown under the photo unless a story gives its own caption."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=150,
        help_text=_("Who took or owns the photo, e.g. “Image Twitter@Dust”."),
    )
    credit_url = models.URLField(
        _("credit link"),
        blank=True,
        help_text=_("Optional: the photographer's or agency's page."),
    )
    alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_(
            "Describe the photo for readers who cannot see it. Required unless "
            "the photo is decorative."
        ),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_(
            "Tick only if the photo adds nothing a reader would miss: it then "
            "needs no alt text."
        ),
    )
    focal_x = models.PositiveSmallIntegerField(
        _("focal point across"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Where the subject is, in percent from the left edge (0 left, 50 "
            "centre, 100 right). Thumbnails of other shapes keep it in frame."
        ),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point down"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Where the subject is, in percent from the top edge (0 top, 50 "
            "centre, 100 bottom)."
        ),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the photo came from: staff, agency, reader, handout…"),
    )
    licence = models.CharField(
        _("licence"),
        max_length=200,
        blank=True,
        help_text=_("The terms of use, e.g. “Agency subscription” or “CC BY 4.0”."),
    )
    rights_expire_on = models.DateField(
        _("rights expire on"),
        null=True,
        blank=True,
        help_text=_(
            "From the day after this date readers' pages stop showing the photo. "
            "Leave empty if the rights don't expire."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploaded_images",
        editable=False,
    )
    uploaded_at = models.DateTimeField(
        _("uploaded at"), default=timezone.now, editable=False, db_index=True
    )
    tags = TaggableManager(_("tags"), through=TaggedImage, blank=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ("-uploaded_at", "-id")
        # Credit and alt text are required by every form and by add_image(), but
        # not by the database: photos moved in from before the library may lack
        # them, and the admin's front page lists those for editors to complete.
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__lte=100, focal_y__lte=100),
                name="image_focal_point_in_image",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if not self.credit.strip():
            errors["credit"] = _("Say who took or owns the photo.")
        if not self.decorative and not self.alt.strip():
            errors["alt"] = _(
                "Describe the photo for readers who can't see it, or tick "
                "“decorative” if it adds nothing they would miss."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def focal(self) -> tuple[int, int]:
        return (self.focal_x, self.focal_y)

    @property
    def is_expired(self) -> bool:
        """Return whether the rights have expired (mirrors ImageQuerySet.expired())."""
        return self.rights_expire_on is not None and self.rights_expire_on < today()

    @property
    def alt_text(self) -> str:
        """Return the alt attribute: empty for a decorative photo."""
        return "" if self.decorative else self.alt
