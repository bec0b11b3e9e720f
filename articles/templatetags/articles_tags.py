"""Data-backed widgets for article pages and the home page."""

from urllib.parse import quote, urlencode

from django import template
from django.utils.translation import gettext as _

from articles.models import Article
from core.meta import absolute_url
from pagecache.generations import generation_cached

register = template.Library()

RELATED_COUNT = 4


@register.inclusion_tag("articles/includes/related_articles.html")
def related_articles(article: Article, count: int = RELATED_COUNT) -> dict:
    """Show stories sharing the article's tags, then from its section.

    Found once per site generation (any change readers could see starts a new
    one), not on every render of the article page.
    """

    def find() -> list[Article]:
        return list(
            Article.objects.published().for_listing().related_to(article, count)
        )

    return {"articles": generation_cached(f"related:{article.pk}:{count}", find)}


@register.inclusion_tag("articles/includes/share_links.html")
def share_links(article: Article) -> dict:
    """Link to share the article: plain URLs, so no third-party script loads."""
    url = absolute_url(article.get_absolute_url())
    title = article.headline
    return {
        "links": [
            (
                "Facebook",
                "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
            ),
            (
                "X",
                "https://x.com/intent/post?" + urlencode({"url": url, "text": title}),
            ),
            ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"})),
            (
                "LinkedIn",
                "https://www.linkedin.com/sharing/share-offsite/?"
                + urlencode({"url": url}),
            ),
            (
                _("Email"),
                "mailto:?"
                + urlencode({"subject": title, "body": url}, quote_via=quote),
            ),
        ]
    }
