"""Small helpers for article cards, which list pages repeat twenty times each."""

from django import template

register = template.Library()


@register.filter
def byline_names(article) -> str:
    """Return the byline's author names, comma-separated (from for_listing())."""
    return ", ".join(article.author_names)
