"""Who may do what with an article: the one place the newsroom's roles are decided.

The admin, the services and the preview all ask these functions, so a rule holds
the same on every path, whatever buttons a page happens to show.
"""

from django.db.models import Q

from articles.models import Article

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user) -> bool:
    """Return whether the user may publish, schedule, unpublish and send back."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def owns(user, article: Article) -> bool:
    """Return whether the user created the article or writes it as a byline author."""
    if article.pk is None:
        return True
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    # Read with the article (see Article.objects.with_byline_user_ids()).
    byline_user_ids = getattr(article, "byline_user_ids", None)
    if byline_user_ids is not None:
        return user.pk in byline_user_ids
    return Article.objects.owned_by(user).filter(pk=article.pk).exists()


def can_view(user, article: Article) -> bool:
    if not user.has_perm("articles.view_article") and not user.has_perm(
        "articles.change_article"
    ):
        return False
    return can_publish(user) or owns(user, article)


def can_edit(user, article: Article) -> bool:
    """Editors edit any article; reporters their own, until it is published."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    return article.status != Article.Status.PUBLISHED and owns(user, article)


def can_delete(user, article: Article) -> bool:
    """Editors delete any article; reporters only their own unpublished ones."""
    if not user.has_perm("articles.delete_article"):
        return False
    if can_publish(user):
        return True
    return article.status != Article.Status.PUBLISHED and owns(user, article)


def visible_articles(user):
    """Return the articles the user may see in the admin: published ones, and
    the unpublished ones the role lets them open (editors all, reporters theirs).

    Every admin page that names an article chosen by id (the comment queue's
    filters, the comment form) looks it up here, never in all articles.
    """
    published = Article.objects.published()
    if not user.has_perm("articles.view_article") and not user.has_perm(
        "articles.change_article"
    ):
        return published
    if can_publish(user):
        return Article.objects.all()
    return Article.objects.filter(
        Article.objects.published_q() | Q(pk__in=Article.objects.owned_by(user))
    )
