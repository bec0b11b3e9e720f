"""Upload paths that never trust the uploaded file name."""

import uuid
from pathlib import PurePath

from django.utils import timezone
from django.utils.deconstruct import deconstructible

IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}


@deconstructible
class UnguessablePath:
    """Store uploads as <folder>/<yyyy>/<mm>/<random>.<ext>, ignoring the given name."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = PurePath(filename).suffix.lower().lstrip(".")
        if extension not in IMAGE_EXTENSIONS:
            extension = "bin"
        now = timezone.now()
        return f"{self.folder}/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, UnguessablePath) and other.folder == self.folder
