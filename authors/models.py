import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fast_reverse import fast_reverse
from images.fields import SafeImageField
from images.uploads import UnguessablePath


class Author(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_("The staff account that writes as this author, if any."),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    location = models.CharField(
        _("location"),
        max_length=120,
        blank=True,
        help_text=_("Shown after the name, e.g. “based on the Costa Blanca”."),
    )
    bio = models.TextField(_("bio"), blank=True)
    photo = SafeImageField(_("photo"), upload_to=UnguessablePath("authors"), blank=True)
    email = models.EmailField(
        _("public contact email"),
        blank=True,
        help_text=_("Shown to readers on the author's page and under articles."),
    )
    website_url = models.URLField(_("website"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return fast_reverse("authors:detail", slug=self.slug)

    @property
    def initials(self) -> str:
        words = [word for word in self.name.split() if word[:1].isalpha()]
        if not words:
            return "?"
        if len(words) == 1:
            return words[0][:1].upper()
        return (words[0][:1] + words[-1][:1]).upper()

    @property
    def badge_colour(self) -> int:
        """Return one of 12 placeholder colours, stable for a given name."""
        digest = hashlib.sha256(self.name.encode()).digest()
        return digest[0] % 12

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            (_("Website"), self.website_url),
            ("X", self.x_url),
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("LinkedIn", self.linkedin_url),
        ]
        return [(label, url) for label, url in links if url]
