"""Where library images are used: other apps register finders, the library asks.

The library can't import the apps that use it (dependencies point the other
way), so each such app registers a finder in its AppConfig.ready(): a function
taking image ids and returning Usage rows.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Usage:
    image_id: int
    obj: object  # the article (or other object) showing the image
    where: str  # "lead image", "body"…


Finder = Callable[[Iterable[int]], list[Usage]]
_finders: list[Finder] = []


def register(finder: Finder) -> Finder:
    if finder not in _finders:
        _finders.append(finder)
    return finder


def usages(image_ids: Iterable[int]) -> list[Usage]:
    """Return every registered use of the images with `image_ids`."""
    ids = list(image_ids)
    if not ids:
        return []
    return [usage for finder in _finders for usage in finder(ids)]
