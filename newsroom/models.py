from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.uploads import UnguessablePath


class SiteSettings(models.Model):
    """Site-wide settings editors change in the admin, without a redeploy."""

    site_name = models.CharField(_("site name"), max_length=100, default="Newsroom")
    tagline = models.CharField(
        _("tagline"), max_length=200, blank=True, default="News from the Costa Blanca"
    )
    logo = models.ImageField(_("logo"), upload_to=UnguessablePath("site"), blank=True)
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

    @classmethod
    def load(cls) -> "SiteSettings":
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]
