"""Old home of the upload paths, kept because migrations import them by path."""

from images.uploads import UnguessablePath

__all__ = ["UnguessablePath"]
