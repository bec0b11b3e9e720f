"""Responsive renditions of stored images, made with django-imagekit.

A page never shows an original upload. For each image and shape (the article's
lead figure, a 16:9 list thumbnail, a square author badge, the logo, the social
card) picture() returns a Picture: WebP renditions plus a JPEG (or PNG) fallback
at several widths, with their sizes, ready for <picture>/srcset/sizes markup.

imagekit names each rendition from a hash of the source file name and the spec
(so articles sharing a file share its renditions), writes it once through
Django's storage API and remembers in the cache that it exists. On top of that,
picture() caches each image's whole rendition set under one key, so rendering
costs one cache read per image and no database query; only the first request
for an image (or the first after the cache was cleared) touches the storage.
Each process also keeps the Pictures it has built, so a page showing an image
seen before costs neither a cache read nor a storage.url() per rendition.
"""

import hashlib
import io
import logging
import math
from dataclasses import dataclass
from functools import cache as memoize
from functools import cached_property

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from imagekit.cachefiles import ImageCacheFile
from imagekit.specs import ImageSpec
from imagekit.utils import get_storage
from PIL import Image, ImageOps

from core.meta import absolute_url

logger = logging.getLogger(__name__)

# Bump to regenerate every rendition after changing how they are made.
VERSION = 1
SET_CACHE_TIMEOUT = 30 * 86_400
MISSING_CACHE_TIMEOUT = 300
MISSING = "missing"
# Pictures each process remembers (see picture()): about 4 kB each, and far
# more than the pages most read show.
KNOWN_PICTURES_MAX = 2000
_known_pictures: dict[tuple, "Picture"] = {}


@receiver(setting_changed)
def _forget_known_pictures(*, setting, **kwargs):
    # Another storage (tests give each test its own MEDIA_ROOT) has other files
    # and other URLs.
    if setting in ("MEDIA_ROOT", "MEDIA_URL", "STORAGES", "CACHES"):
        _known_pictures.clear()


ORIENTATION = 0x0112
ROTATED = {5, 6, 7, 8}

OPTIONS = {
    "WEBP": {"quality": 80, "method": 4},
    "JPEG": {"quality": 82, "progressive": True},
    "PNG": {"optimize": True},
}
MIME_TYPES = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}


@dataclass(frozen=True)
class Shape:
    """How one kind of picture is cut and offered to browsers."""

    widths: tuple[int, ...]
    aspect: float | None = None  # width / height; None keeps the source's
    height: int | None = None  # fixed CSS height (logo); widths follow the source
    sizes: str = ""  # the sizes attribute; empty for fixed-size (density) pictures
    density: bool = False  # srcset with 1x/2x descriptors instead of widths
    formats: tuple[str, str] | tuple[str] = ("WEBP", "JPEG")
    upscale: bool = False


# The article page's lead figure: full width of the 40rem text column.
LEAD = Shape(
    widths=(320, 640, 960, 1280, 1600),
    sizes="(min-width: 42rem) 40rem, calc(100vw - 2rem)",
)
# List thumbnails: a grid of cards at least 16rem wide in a 72rem page.
CARD = Shape(
    widths=(320, 640, 960),
    aspect=16 / 9,
    sizes=(
        "(min-width: 72rem) 17rem, (min-width: 54rem) 33vw, "
        "(min-width: 36rem) 50vw, calc(100vw - 2rem)"
    ),
)
# The home page's top story: three fifths of the page from 50rem up.
LEAD_CARD = Shape(
    widths=(320, 640, 960, 1280, 1600),
    aspect=16 / 9,
    sizes="(min-width: 72rem) 42rem, (min-width: 50rem) 58vw, calc(100vw - 2rem)",
)
LOGO = Shape(widths=(), height=48, density=True, formats=("WEBP", "PNG"), upscale=True)
# Social cards (og:image): 1200 × 630 is what Facebook, LinkedIn and X ask for.
SOCIAL = Shape(widths=(1200,), aspect=1200 / 630, formats=("JPEG",))


@memoize
def badge_shape(size: int) -> Shape:
    """Return the square shape of an author badge of `size` CSS pixels."""
    return Shape(widths=(size, size * 2), aspect=1, density=True, upscale=True)


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """The renditions of one image in one shape, for <picture> markup."""

    modern: tuple[Rendition, ...]  # WebP
    fallback: tuple[Rendition, ...]  # JPEG, or PNG for the logo
    fallback_type: str
    sizes: str
    density: bool

    # Worked out once: a Picture is kept and shown again and again (see picture()).
    @cached_property
    def width(self) -> int:
        """Return the width attribute: the 1x size, or the largest rendition's."""
        return (self.fallback[0] if self.density else self.fallback[-1]).width

    @cached_property
    def height(self) -> int:
        return (self.fallback[0] if self.density else self.fallback[-1]).height

    @cached_property
    def src(self) -> str:
        """Return the fallback src: 1x, or the largest rendition up to 960 wide."""
        if self.density:
            return self.fallback[0].url
        candidates = [r for r in self.fallback if r.width <= 960]
        return (candidates or self.fallback)[-1].url

    @cached_property
    def modern_srcset(self) -> str:
        return self._srcset(self.modern)

    @cached_property
    def fallback_srcset(self) -> str:
        return self._srcset(self.fallback)

    def _srcset(self, renditions: tuple[Rendition, ...]) -> str:
        if self.density:
            base = renditions[0].width
            return ", ".join(f"{r.url} {r.width / base:g}x" for r in renditions)
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)

    def html(
        self, alt: str = "", css_class: str = "", eager: bool = False
    ) -> SafeString:
        """Return the <picture> element: WebP source, fallback <img>, lazy unless eager.

        Eager pictures are the page's largest (LCP) image: loaded at once and first.
        """
        escape = conditional_escape
        sizes = f' sizes="{escape(self.sizes)}"' if self.sizes else ""
        source = (
            f'<source type="image/webp" srcset="{escape(self.modern_srcset)}"{sizes}>'
            if self.modern
            else ""
        )
        class_attribute = f' class="{escape(css_class)}"' if css_class else ""
        loading = (
            ' loading="eager" fetchpriority="high"'
            if eager
            else ' loading="lazy" decoding="async"'
        )
        return mark_safe(
            f"<picture>{source}"
            f'<img src="{escape(self.src)}" srcset="{escape(self.fallback_srcset)}"'
            f'{sizes} width="{self.width}" height="{self.height}"'
            f' alt="{escape(alt)}"{class_attribute}{loading}></picture>'
        )


def crop_box(
    width: float, height: float, aspect: float, focal: tuple[float, float]
) -> tuple[float, float, float, float]:
    """Return the largest box of `aspect` in the image, centred on the focal point.

    The focal point is in percent from the top left corner; near an edge the box
    stops at the edge, so the subject is as central as the image allows.
    """
    if width / height > aspect:
        box_width, box_height = height * aspect, height
    else:
        box_width, box_height = width, width / aspect
    left = min(max(focal[0] / 100 * width - box_width / 2, 0), width - box_width)
    top = min(max(focal[1] / 100 * height - box_height / 2, 0), height - box_height)
    return (left, top, left + box_width, top + box_height)


def plan(source_size: tuple[int, int], shape: Shape) -> list[tuple[int, int]]:
    """Return the (width, height) of each rendition of an upright source image."""
    width, height = source_size
    if shape.height:
        scaled = max(1, round(width * shape.height / height))
        return [(scaled, shape.height), (scaled * 2, shape.height * 2)]
    largest = min(width, height * shape.aspect) if shape.aspect else width
    if shape.upscale:
        widths = list(shape.widths)
    else:
        cap = max(1, math.floor(largest))
        widths = [w for w in shape.widths if w < cap]
        if not widths or widths[-1] != min(cap, shape.widths[-1]):
            widths.append(min(cap, shape.widths[-1]))
    aspect = shape.aspect or width / height
    return [(w, max(1, round(w / aspect))) for w in widths]


class Render:
    """imagekit processor: orient, crop around the focal point, resize, strip."""

    def __init__(self, size: tuple[int, int], aspect: float | None, focal):
        self.size = size
        self.aspect = aspect
        self.focal = focal

    def process(self, image: Image.Image) -> Image.Image:
        width, height = self.size
        upright = upright_size(image)
        box = self._box(*upright)
        if image.format == "JPEG":
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that is still
            # large enough: far faster for big photos, and no visible difference.
            needed = (
                math.ceil(upright[0] * width / (box[2] - box[0])),
                math.ceil(upright[1] * height / (box[3] - box[1])),
            )
            if upright != image.size:
                needed = needed[::-1]
            image.draft(image.mode, needed)
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "RGBA", "L"):
            has_alpha = "A" in image.mode or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha else "RGB")
        result = image.resize(
            (width, height),
            Image.Resampling.LANCZOS,
            box=self._box(*image.size),
            reducing_gap=3.0,
        )
        # Renditions carry no metadata at all, even from an old original.
        result.info = {}
        return result

    def _box(self, width: int, height: int) -> tuple[float, float, float, float]:
        if self.aspect is None:
            return (0, 0, width, height)
        return crop_box(width, height, self.aspect, self.focal)


class RenditionSpec(ImageSpec):
    autoconvert = True

    def __init__(self, source, *, size, aspect, focal, format):
        self.processors = [Render(size, aspect, focal)]
        self.format = format
        self.options = OPTIONS[format]
        super().__init__(source)


def upright_size(image: Image.Image) -> tuple[int, int]:
    """Return the image's size once its EXIF orientation is applied."""
    width, height = image.size
    if image.getexif().get(ORIENTATION, 1) in ROTATED:
        return height, width
    return width, height


def picture(
    source, shape: Shape, focal: tuple[int, int] | None = None
) -> Picture | None:
    """Return the renditions of a stored image (a FieldFile or a library Image).

    A library Image is cropped around its own focal point unless `focal` is given.

    Returns None when there is no image or its file can't be read, so templates
    show their placeholder rather than a broken image.
    """
    if source is None:
        return None
    if hasattr(source, "focal") and hasattr(source, "file"):
        focal = focal or source.focal
        source = source.file
    if not source:
        return None
    focal = focal or (50, 50)
    # Nothing is cropped without an aspect, so the focal point doesn't matter.
    focal = tuple(focal) if shape.aspect else (50, 50)
    # A stored image's renditions never change (a new image has a new name),
    # and neither do their public URLs, so each app server keeps the Pictures
    # it has built: no cache round trip and no storage.url() per picture shown.
    known_key = (source.name, shape, focal)
    known = _known_pictures.get(known_key)
    if known is not None:
        return known
    renditions = _rendition_set(source, shape, focal)
    if renditions is None:
        return None
    storage = get_storage()
    by_format = {
        image_format: tuple(
            Rendition(storage.url(name), width, height)
            for fmt, name, width, height in renditions
            if fmt == image_format
        )
        for image_format in shape.formats
    }
    fallback_format = shape.formats[-1]
    result = Picture(
        modern=by_format["WEBP"] if len(shape.formats) > 1 else (),
        fallback=by_format[fallback_format],
        fallback_type=MIME_TYPES[fallback_format],
        sizes=shape.sizes,
        density=shape.density,
    )
    # Signed URLs (S3 with AWS_QUERYSTRING_AUTH) expire, so those aren't kept.
    if not getattr(storage, "querystring_auth", False):
        if len(_known_pictures) >= KNOWN_PICTURES_MAX:
            _known_pictures.clear()
        _known_pictures[known_key] = result
    return result


def _rendition_set(source, shape: Shape, focal: tuple) -> list | None:
    key_data = repr((VERSION, source.name, shape, focal))
    key = "newsroom:renditions:" + hashlib.md5(key_data.encode()).hexdigest()
    renditions = cache.get(key)
    if renditions is None:
        renditions = _generate(source, shape, focal)
        if renditions is None:
            cache.set(key, MISSING, MISSING_CACHE_TIMEOUT)
        else:
            cache.set(key, renditions, SET_CACHE_TIMEOUT)
    if renditions == MISSING:
        return None
    return renditions


def _generate(source, shape: Shape, focal: tuple) -> list | None:
    """Make any missing renditions; return (format, name, width, height) tuples."""
    try:
        with source.storage.open(source.name, "rb") as file:
            data = file.read()
    except Exception:
        logger.warning("Image %s is missing from the storage", source.name)
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            sizes = plan(upright_size(image), shape)
        renditions = []
        for image_format in shape.formats:
            for size in sizes:
                spec = RenditionSpec(
                    ContentFile(data, name=source.name),
                    size=size,
                    aspect=shape.aspect,
                    focal=focal,
                    format=image_format,
                )
                file = ImageCacheFile(spec)
                file.generate()
                renditions.append((image_format, file.name, *size))
        return renditions
    except Exception:
        logger.exception("Could not make renditions of image %s", source.name)
        return None


def image_picture(image, shape: Shape) -> Picture | None:
    """Return the renditions of a library Image in `shape`, around its focal point."""
    return picture(image, shape)


def og_image(article) -> Rendition | None:
    """Return the article's social card image (og:image): 1200 × 630 JPEG.

    The crop keeps the editor's focal point in frame; the URL is absolute. A
    smaller lead image gives a smaller card of the same shape. None when the
    article has no lead image (or its rights expired) or its file is missing.
    """
    result = image_picture(article.shown_lead_image, SOCIAL)
    if result is None:
        return None
    rendition = result.fallback[-1]
    return Rendition(absolute_url(rendition.url), rendition.width, rendition.height)
