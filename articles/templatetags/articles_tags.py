"""Data-backed widgets for article pages and the home page."""

from datetime import timedelta
from urllib.parse import quote, urlencode

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from core.meta import absolute_url
from newsroom.page_cache import generation_cached

register = template.Library()

RELATED_COUNT = 4
MOST_COMMENTED_DAYS = 7
MOST_COMMENTED_COUNT = 5


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


@register.inclusion_tag("articles/includes/most_commented.html")
def most_commented(
    days: int = MOST_COMMENTED_DAYS, count: int = MOST_COMMENTED_COUNT
) -> dict:
    """Show the stories of the last days with the most approved comments."""
    since = timezone.now() - timedelta(days=days)
    articles = Article.objects.published().most_commented(since, count)
    return {"articles": list(articles), "days": days}


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
