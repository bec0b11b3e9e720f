"""Image files for upload tests, good and hostile, generated with Pillow."""

import io
import random
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

# Markers written into metadata, so tests can look for them in stored bytes.
CAMERA_SERIAL = "SERIAL-4242-SECRET"
GPS_LATITUDE = (38.0, 50.0, 2.0)  # Dénia, roughly
XMP_MARKER = b"xmp-location-secret"

ORIENTATION = 0x0112
GPS_IFD = 0x8825
BODY_SERIAL = 0xA431


def encode(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo(size=(64, 48), image_format="JPEG", mode="RGB", colour=(200, 60, 30)):
    return encode(Image.new(mode, size, colour), image_format)


def noisy_jpeg(size=(400, 300)) -> bytes:
    """Return a JPEG that compresses badly, for size limits."""
    rng = random.Random(4)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    return encode(image, "JPEG", quality=95)


def tagged_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS R5"
    exif.get_ifd(0x8769)[BODY_SERIAL] = CAMERA_SERIAL
    exif.get_ifd(GPS_IFD).update({1: "N", 2: GPS_LATITUDE, 3: "E", 4: (0.0, 6.0, 30.0)})
    return exif


def sideways_photo_with_gps(image_format: str = "JPEG") -> bytes:
    """Return a 60 × 40 photo stored sideways (EXIF orientation 6) with GPS tags.

    Its left half is red and its right half blue, so once turned upright
    (40 × 60) red is at the top and blue at the bottom.
    """
    image = Image.new("RGB", (60, 40), (220, 20, 20))
    image.paste((20, 20, 220), (30, 0, 60, 40))
    options = {"exif": tagged_exif(orientation=6)}
    if image_format in ("JPEG", "WEBP"):
        options["xmp"] = b"<x:xmpmeta>" + XMP_MARKER + b"</x:xmpmeta>"
    return encode(image, image_format, **options)


def photo_with_icc_profile(image_format: str = "JPEG") -> bytes:
    """Return a photo with an embedded (sRGB) ICC colour profile."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    image = Image.new("RGB", (32, 32), (200, 100, 50))
    return encode(image, image_format, icc_profile=profile.tobytes())


def truncated_jpeg() -> bytes:
    data = noisy_jpeg((200, 150))
    return data[: len(data) // 2]


def png_declaring(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header declares width × height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(document.cookie)</script><rect width="10" '
    b'height="10"/></svg>'
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
TEXT_FILE = b"Just some notes from the council meeting.\n" * 20
