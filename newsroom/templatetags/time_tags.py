"""<time> elements for reader pages: a valid datetime and the text shown."""

import re
from datetime import date, datetime
from functools import lru_cache

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# Formats made only of these django.utils.dateformat characters (and escaped or
# non-letter ones) give the same text for every time of a day.
DATE_ONLY_FORMAT = re.compile(r"(?:\\.|[^a-zA-Z]|[bdDEFjlLmMnNoStwWyYz])*")


@register.simple_tag
def time_element(value: datetime | None, format_string: str) -> SafeString | str:
    """Render <time>: the local time to the second, shown in format_string.

    The text is ``{{ value|date:format_string }}``. The datetime attribute has no
    microseconds, unlike Django's "c" format: HTML allows at most three digits.
    """
    if value is None:
        return ""
    local = timezone.localtime(value)
    if DATE_ONLY_FORMAT.fullmatch(format_string):
        text = day_text(local.date(), format_string, get_language())
    else:
        text = dateformat.format(local, format_string)
    return format_html(
        '<time datetime="{}">{}</time>', local.isoformat(timespec="seconds"), text
    )


@lru_cache(maxsize=4096)
def day_text(day: date, format_string: str, language: str) -> str:
    """Return the day formatted in the language (month names are translated).

    Lists repeat a few days many times, and formatting is the costly part.
    """
    return dateformat.format(day, format_string)
