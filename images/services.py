"""Writes to the media library: adding a photo, from a form or from an import."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from images.fields import open_image
from images.models import Image


def add_image(
    file: File,
    *,
    title: str,
    caption: str = "",
    credit: str,
    alt: str = "",
    uploaded_by=None,
    decorative: bool = False,
    credit_url: str = "",
    focal: tuple[int, int] = (50, 50),
    source: str = "",
    licence: str = "",
    rights_expire_on: date | None = None,
    tags: list[str] | tuple[str, ...] = (),
) -> Image:
    """Validate `file` and its details, store a clean copy and return the new Image.

    Raises ValidationError (nothing stored) when the file is not an acceptable
    photo or a detail is missing; the stored copy is upright, metadata-free and
    named at random whatever `file` was called.
    """
    image = Image(
        title=title.strip()[:200] or "Untitled",
        caption=caption,
        credit=credit.strip(),
        credit_url=credit_url,
        alt=alt.strip(),
        decorative=decorative,
        focal_x=focal[0],
        focal_y=focal[1],
        source=source,
        licence=licence,
        rights_expire_on=rights_expire_on,
        uploaded_by=uploaded_by,
    )
    image.full_clean(exclude=["file"])
    try:
        open_image(file)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    name = getattr(file, "name", None) or "upload"
    image.file.save(name, file, save=False)
    try:
        with transaction.atomic():
            image.save()
            if tags:
                image.tags.set(list(tags))
    except Exception:
        image.file.storage.delete(image.file.name)
        raise
    return image
