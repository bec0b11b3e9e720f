from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedQuerySet(models.QuerySet):
    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def legacy(self, kind: str, path: str):
        """Return the newest import of a WordPress URL part (slug, path)."""
        return self.filter(kind=kind, legacy_path=path).order_by("-imported_at")


class Imported(models.Model):
    """One WordPress object an import brought in, and what it became here.

    Keyed on the export's site and the WordPress id (or, in WXR 1.0 exports
    without ids, the login or term slug), so a second import of the same export
    updates what the first one made instead of adding it again.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", _("author")
        SECTION = "section", _("category")
        TAG = "tag", _("tag")
        ARTICLE = "article", _("post")
        COMMENT = "comment", _("comment")
        IMAGE = "image", _("attachment")

    site = models.CharField(_("export site"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    wp_id = models.CharField(_("WordPress id"), max_length=200)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    # The part of the old URL that names the object: a post's slug, a
    # category's path, an upload's path under wp-content/uploads/.
    legacy_path = models.CharField(_("old URL part"), max_length=500, blank=True)
    # For images, object_id is the images.Image the file became in the media
    # library, and this its file's name there when imported.
    stored_name = models.CharField(_("stored file"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    objects = ImportedQuerySet.as_manager()

    class Meta:
        verbose_name = _("imported WordPress object")
        verbose_name_plural = _("imported WordPress objects")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "wp_id"], name="wordpress_imported_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["kind", "legacy_path"],
                condition=~models.Q(legacy_path=""),
                name="wordpress_legacy_path_idx",
            ),
            models.Index(fields=["kind", "wp_id"], name="wordpress_kind_id_idx"),
        ]

    def __str__(self):
        return f"{self.site} {self.kind} {self.wp_id}"
