"""Safe image uploads: accept only real raster images and store a clean copy.

Every image field (lead images, author photos, the site logo) is a SafeImageField.
Its form field decodes each upload with Pillow and refuses anything that is not a
JPEG, PNG, WebP or GIF (whatever the file name or browser says), truncated or
corrupt files, decompression bombs and files over NEWSROOM_MAX_UPLOAD_SIZE.
When the model is saved, the field re-encodes the image upright (EXIF orientation
applied), in sRGB and without metadata (EXIF, GPS, XMP, ICC profiles, comments),
and stores it under an unguessable name through Django's storage API.
"""

import io
import logging
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/gif"
# Re-encoding settings for the stored original: high enough that renditions made
# from it show no generation loss.
SAVE_OPTIONS = {
    "JPEG": {"quality": 92, "optimize": True},
    "PNG": {},
    "WEBP": {"quality": 92},
    "GIF": {},
}

MESSAGES = {
    "too_large": _(
        "This file is %(size)s; images can be at most %(limit)s. Export a smaller "
        "JPEG and upload that."
    ),
    "svg": _(
        "SVG drawings can't be uploaded because they can contain scripts. Export "
        "the picture as PNG or JPEG and upload that."
    ),
    "not_an_image": _(
        "This file isn't a JPEG, PNG, WebP or GIF image, whatever its name says. "
        "Upload a photo in one of those formats."
    ),
    "corrupt": _(
        "This image is damaged or incomplete (perhaps its upload or download was "
        "cut short). Open it in an image editor, save it again and upload the new "
        "file."
    ),
    "too_many_pixels": _(
        "This image is %(width)s × %(height)s pixels, more than the %(limit)s "
        "megapixels allowed. Resize it and upload it again."
    ),
    "too_many_pixels_unknown": _(
        "This image declares more pixels than the %(limit)s megapixels allowed. "
        "Resize it and upload it again."
    ),
}


def upload_help_text() -> str:
    return _("JPEG, PNG, WebP or GIF, up to %(limit)s.") % {
        "limit": filesizeformat(settings.NEWSROOM_MAX_UPLOAD_SIZE)
    }


def _megapixels() -> str:
    return f"{settings.NEWSROOM_MAX_IMAGE_PIXELS / 1_000_000:g}"


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return b"<svg" in text or (text.startswith(b"<?xml") and b"svg" in text)


def open_image(file: File) -> Image.Image:
    """Return the fully decoded image in `file`, or raise ValidationError saying why.

    The pixel count is checked from the header, before any pixel is decoded, so a
    small file that declares gigapixels is refused at once.
    """
    limit = settings.NEWSROOM_MAX_UPLOAD_SIZE
    if file.size is not None and file.size > limit:
        raise ValidationError(
            MESSAGES["too_large"],
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    file.seek(0)
    if _looks_like_svg(file.read(1024)):
        raise ValidationError(MESSAGES["svg"], code="svg")
    with warnings.catch_warnings():
        # The project's own pixel limit below replaces Pillow's warning.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = _open(file)
        _check_pixels(image)
        try:
            image.verify()
        except Exception as error:
            raise ValidationError(MESSAGES["corrupt"], code="corrupt") from error
        # verify() leaves the image unusable: open it again and decode it all.
        image = _open(file)
        try:
            image.load()
        except Exception as error:
            raise ValidationError(MESSAGES["corrupt"], code="corrupt") from error
    return image


def _open(file: File) -> Image.Image:
    file.seek(0)
    try:
        return Image.open(file, formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as error:
        raise ValidationError(
            MESSAGES["too_many_pixels_unknown"],
            code="too_many_pixels",
            params={"limit": _megapixels()},
        ) from error
    except UnidentifiedImageError as error:
        raise ValidationError(MESSAGES["not_an_image"], code="not_an_image") from error
    except Exception as error:
        raise ValidationError(MESSAGES["corrupt"], code="corrupt") from error


def _check_pixels(image: Image.Image) -> None:
    width, height = image.size
    if width * height > settings.NEWSROOM_MAX_IMAGE_PIXELS:
        raise ValidationError(
            MESSAGES["too_many_pixels"],
            code="too_many_pixels",
            params={
                "width": f"{width:,}",
                "height": f"{height:,}",
                "limit": _megapixels(),
            },
        )


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert pixels to sRGB using the embedded ICC profile, so it can be dropped."""
    profile = image.info.get("icc_profile")
    if image.mode == "CMYK" and not profile:
        return image.convert("RGB")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    alpha = image.getchannel("A") if image.mode == "RGBA" else None
    try:
        converted = ImageCms.profileToProfile(
            image.convert("RGB") if alpha else image,
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        logger.warning("Could not apply an image's ICC profile; dropping it.")
        return image.convert("RGB") if image.mode == "CMYK" else image
    if alpha:
        converted.putalpha(alpha)
    return converted


def clean_image(image: Image.Image) -> tuple[bytes, str]:
    """Return the image re-encoded upright and without metadata, and its extension.

    Animated GIF and WebP files keep their first frame: pages show still renditions.
    """
    image_format = image.format
    upright = ImageOps.exif_transpose(image)
    upright = _to_srgb(upright)
    transparency = upright.info.get("transparency")
    # Nothing from the camera or the editing software survives: EXIF (GPS,
    # serial numbers), XMP, ICC profiles, comments, DPI.
    upright.info = {} if transparency is None else {"transparency": transparency}
    if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    buffer = io.BytesIO()
    upright.save(buffer, format=image_format, **SAVE_OPTIONS[image_format])
    return buffer.getvalue(), EXTENSIONS[image_format]


def sanitise_upload(file: File) -> tuple[ContentFile, str]:
    """Validate an uploaded file and return its clean copy and file extension."""
    image = open_image(file)
    data, extension = clean_image(image)
    return ContentFile(data), extension


class SafeImageFormField(forms.ImageField):
    """An image upload field that decodes the file and explains every refusal.

    The uploaded file's name plays no part: the content decides what is
    accepted (not the extension, whose check would list every format Pillow
    knows), and the file is stored under a new name (so any length will do).
    """

    default_validators = []

    def to_python(self, data):
        # Skip forms.ImageField's own Pillow check: open_image() is stricter and
        # says what is wrong.
        file = forms.FileField.to_python(self, data)
        if file is None:
            return None
        # The decoded image isn't kept on the file (as forms.ImageField does),
        # so its pixels are freed now; SafeImageField decodes again to store it.
        file.content_type = Image.MIME.get(open_image(file).format)
        file.seek(0)
        return file

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs


class SafeImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        # Every new file is stored through here, from a form (FileField.pre_save)
        # or from code (instance.photo.save()), so no path keeps a GPS location.
        clean_content, extension = sanitise_upload(content)
        # Named, so that the dimension fields are read from it.
        clean_content.name = f"image.{extension}"
        super().save(clean_content.name, clean_content, save)


class SafeImageField(models.ImageField):
    """An ImageField that stores only validated images, upright and metadata-free."""

    attr_class = SafeImageFieldFile

    def formfield(self, **kwargs):
        defaults = {"form_class": SafeImageFormField, "max_length": None}
        if not self.help_text:
            # Lazy: admin forms are built at import time, settings are read later.
            defaults["help_text"] = lazy(upload_help_text, str)()
        return super().formfield(**{**defaults, **kwargs})
