"""The page cache's receivers for comments, connected in CommentsConfig.ready().

A comment shows on its article's page and in the home page's most-commented
list, so a moderator's decision or edit invalidates those two pages only (and
the article's kept comment threads, comments.sections.shown_threads()); a new
comment waiting for moderation invalidates nothing. Deleting an approved
comment, or moving one to another article, invalidates everything (its article
may be being deleted too, and its URL can't be worked out for free).
"""

from django.urls import reverse

from comments.models import Comment
from pagecache.invalidation import pages_changed, site_changed


def comment_saved(sender, instance: Comment, created=False, raw=False, **kwargs):
    if raw or (created and instance.status != instance.Status.APPROVED):
        return  # A new comment waiting for a moderator shows nowhere.
    loaded_article_id = getattr(instance, "_loaded_article_id", None)
    if loaded_article_id not in (None, instance.article_id):
        site_changed()
        return
    pages_changed(instance.article.get_absolute_url(), reverse("home"))


def comment_deleted(sender, instance: Comment, **kwargs) -> None:
    if instance.__dict__.get("status") in (instance.Status.APPROVED, None):
        site_changed()
