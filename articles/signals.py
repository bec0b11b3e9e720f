"""The page cache's receivers and scheduled moments for articles, connected
in ArticlesConfig.ready().

An article that is not published, and wasn't before the save (a draft, an
article in review), is nobody's page: saving it invalidates nothing. Any other
save or delete starts a new generation for the whole site, once the transaction
commits (pagecache.invalidation). The other models readers see (bylines,
sections, corrections, tags) are watched whole; editors' review notes and
autosaves are nobody's page, and live entries invalidate their own pages only
(articles.live).
"""

from django.db.models import Min

from articles.models import Article
from pagecache import invalidation

_UNKNOWN = object()


def article_saving(sender, instance: Article, raw=False, **kwargs) -> None:
    """Note whether a saved article that isn't published now was (pre_save)."""
    published = Article.Status.PUBLISHED
    # The workflow services read the saved status with the row's lock and leave
    # it here for this save (None for a new article): no need to ask again.
    known = instance.__dict__.pop("saved_status", _UNKNOWN)
    if raw or instance.pk is None or instance.status == published:
        instance._page_cache_was_published = False
    elif known is not _UNKNOWN:
        instance._page_cache_was_published = known == published
    else:
        instance._page_cache_was_published = Article.objects.filter(
            pk=instance.pk, status=published
        ).exists()


def article_saved(sender, instance: Article, raw=False, **kwargs) -> None:
    if raw:  # loaddata
        return
    if instance.status != Article.Status.PUBLISHED and not getattr(
        instance, "_page_cache_was_published", False
    ):
        return  # A draft, or an article in review: nobody's page.
    invalidation.site_changed()


def article_deleted(sender, instance: Article, **kwargs) -> None:
    invalidation.site_changed()


def next_article_change(now):
    """Return when an article next changes by itself: a scheduled one going
    live, or live coverage starting or ending (the cards' LIVE badge)."""
    published = Article.objects.published()
    moments = [
        Article.objects.scheduled().aggregate(next=Min("published_at"))["next"],
        published.filter(coverage_started_at__gt=now).aggregate(
            next=Min("coverage_started_at")
        )["next"],
        published.filter(coverage_ended_at__gt=now).aggregate(
            next=Min("coverage_ended_at")
        )["next"],
    ]
    return min((moment for moment in moments if moment), default=None)
