"""Post comments the way the real form does: with its token, and the trap left empty."""

import time
from html.parser import HTMLParser

from comments.forms import make_form_token

# How long the simulated reader spent writing (the form refuses under 3 seconds).
WRITING_SECONDS = 60


def form_token(article, *, seconds_ago: float = WRITING_SECONDS, key=None) -> str:
    """Return the token the form page gives for the article, issued a while ago."""
    return make_form_token(
        article_id=article.pk, issued_at=time.time() - seconds_ago, key=key
    )


def comment_form_data(article, **fields) -> dict:
    """Return POST data for the article's comment form, as if written a minute ago."""
    return {
        "name": "Marta Gil",
        "email": "marta@example.org",
        "body": "The new promenade looks wonderful.",
        "parent": "",
        "website": "",
        "form_token": form_token(article),
    } | fields


class _FormFields(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif self.inside and tag == "input" and attrs.get("name"):
            if attrs.get("type") == "checkbox" and "checked" not in attrs:
                return
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self.inside and tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None


def rendered_form_fields(html: str, form_id: str = "comment-form") -> dict[str, str]:
    """Return the named fields of a rendered form with their values."""
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.fields


def thread_keys(context) -> list[tuple[int, list[int]]]:
    """Return the article page's threads as (comment key, [reply keys]) pairs."""
    return [
        (comment.pk, [reply.pk for reply in replies])
        for comment, replies in context["comment_threads"]
    ]
