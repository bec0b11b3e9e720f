"""reverse() for the links a page repeats many times: articles, sections, authors.

reverse() searches the URL resolver on each call (tens of microseconds), and a
list page links each of its twenty articles twice and their sections, plus the
sections of the menu. fast_reverse() reverses each URL pattern once per process
with marker values and fills the result in, so the URLconf stays the one place
that says what the URLs are.
"""

import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# Values that every built-in converter but int accepts and reverse() leaves as
# they are (no percent-encoding); anything else goes through reverse() itself.
PLAIN_VALUE = re.compile(r"[-a-zA-Z0-9_]+")
# Digits, so that int converters accept them too; all of one length, so that
# none contains another.
MARKER = "7391046285{:02d}"
MAX_TEMPLATES = 200

_templates: dict[tuple, str | None] = {}


@receiver(setting_changed)
def _forget_templates(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _templates.clear()


def fast_reverse(viewname: str, **kwargs: str) -> str:
    """Return reverse(viewname, kwargs=kwargs), without searching the resolver.

    Values are strings; those that aren't plain URL-safe slugs are handed to
    reverse(), which rejects or encodes them as usual.
    """
    # The script prefix and a per-request URLconf change what reverse() returns.
    key = (viewname, *kwargs, get_urlconf(), get_script_prefix())
    try:
        template = _templates[key]
    except KeyError:
        template = _template(viewname, tuple(kwargs))
        if len(_templates) >= MAX_TEMPLATES:
            _templates.clear()
        _templates[key] = template
    if template is None:
        return reverse(viewname, kwargs=kwargs)
    for value in kwargs.values():
        if not PLAIN_VALUE.fullmatch(value):
            return reverse(viewname, kwargs=kwargs)
    return template % kwargs


def _template(viewname: str, names: tuple[str, ...]) -> str | None:
    """Return the URL of viewname with %(name)s slots, or None if it has none."""
    markers = {name: MARKER.format(index) for index, name in enumerate(names)}
    url = reverse(viewname, kwargs=markers).replace("%", "%%")
    for name, marker in markers.items():
        # A converter that rewrites its value can't be filled in like this.
        if url.count(marker) != 1:
            return None
        url = url.replace(marker, f"%({name})s")
    return url
