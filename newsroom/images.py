"""Old home of the safe image field, kept because migrations import it by path."""

from images.fields import SafeImageField

__all__ = ["SafeImageField"]
