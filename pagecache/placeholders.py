"""Per-reader values (a CSRF token, a form's one-time token) in cached pages.

Pages rendered for the cache get a placeholder instead of the value, the same
on every app server (derived from SECRET_KEY); the middleware replaces it with
a fresh value for each reader, so no reader's token is stored or shown to
another.
"""

import contextvars
import functools
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac

# True while the middleware renders a page for the cache.
rendering_for_cache = contextvars.ContextVar("page_cache_placeholders", default=False)


class PerReaderValue:
    """A value that must differ for each response, such as a token in a form.

    Pages rendered for the cache get a placeholder instead (the same on every
    app server: derived from SECRET_KEY), which the middleware replaces with a
    fresh value for each reader.
    """

    registry: dict[str, "PerReaderValue"] = {}

    def __init__(self, name: str, make: Callable[[HttpRequest], str]):
        self.name = name
        self.make = make
        self.registry[name] = self

    @property
    def placeholder(self) -> str:
        return _placeholder(self.name, settings.SECRET_KEY)

    def get(self, request: HttpRequest | None = None) -> str:
        """Return the placeholder while rendering for the cache, else a value."""
        if rendering_for_cache.get():
            return self.placeholder
        return self.make(request)


@functools.lru_cache(maxsize=32)
def _placeholder(name: str, secret: str) -> str:
    # The salt predates the app's move out of newsroom/: pages cached by the
    # previous release hold these placeholders.
    digest = salted_hmac("newsroom.page_cache", name, secret=secret).hexdigest()
    return f"pagecache{digest[:32]}"


CSRF_TOKEN = PerReaderValue("csrf-token", get_token)


def per_reader_values(request: HttpRequest) -> dict:
    """Context processor: the CSRF token as a placeholder in pages for the cache.

    Listed after Django's built-in csrf processor, whose csrf_token it replaces
    only while a page is rendered for the cache.
    """
    if rendering_for_cache.get():
        return {"csrf_token": CSRF_TOKEN.placeholder}
    return {}


def placeholders_in(content: bytes) -> tuple[str, ...]:
    """Return the names of the PerReaderValues the content holds placeholders for."""
    return tuple(
        name
        for name, value in PerReaderValue.registry.items()
        if value.placeholder.encode() in content
    )


def fill(
    request: HttpRequest, content: bytes, names: Iterable[str] | None = None
) -> tuple[bytes, bool]:
    """Replace placeholders with this reader's values: of the named values, or
    of all. Return the content and whether it held any."""
    values = PerReaderValue.registry
    filled = False
    for name in values if names is None else names:
        placeholder = values[name].placeholder.encode()
        if placeholder in content:
            content = content.replace(placeholder, values[name].make(request).encode())
            filled = True
    return content, filled
