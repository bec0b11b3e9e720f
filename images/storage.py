"""Media storage on S3-compatible object storage (django-storages), served safely.

Chosen by settings alone: setting AWS_STORAGE_BUCKET_NAME makes this the default
storage (see docs/deploying.md).
"""

import mimetypes

from storages.backends.s3 import S3Storage

# What may be shown inline; the image fields only ever store these.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


class MediaS3Storage(S3Storage):
    """S3 storage whose objects can never be rendered by a browser as a page.

    The Content-Type comes from the file name (never from what an uploader's
    browser claimed); anything but a raster image is stored as an opaque
    download (application/octet-stream, Content-Disposition: attachment), so
    an HTML or SVG file that reached the bucket could not run in the site's
    readers' browsers.
    """

    def get_object_parameters(self, name: str) -> dict:
        parameters = super().get_object_parameters(name)
        content_type = mimetypes.guess_type(name)[0]
        if content_type in INLINE_TYPES:
            parameters["ContentType"] = content_type
        else:
            parameters["ContentType"] = "application/octet-stream"
            parameters["ContentDisposition"] = "attachment"
        return parameters
