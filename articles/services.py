from django.db import transaction
from django.utils import timezone

from articles.models import Article, PreviousSlug


@transaction.atomic
def article_save(*, article: Article, user) -> Article:
    """Save an article from the admin, keeping its old published URL working."""
    if article.pk is None:
        article.created_by = user
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    previous = (
        Article.objects.filter(pk=article.pk).values("slug", "status").first()
        if article.pk
        else None
    )
    article.full_clean(exclude=["tags"])
    article.save()
    if (
        previous
        and previous["slug"] != article.slug
        and previous["status"] == Article.Status.PUBLISHED
    ):
        PreviousSlug.objects.update_or_create(
            slug=previous["slug"], defaults={"article": article}
        )
    PreviousSlug.objects.filter(slug=article.slug).delete()
    return article
