"""Articles' side of the media library: where images are used, what publishing needs."""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article
from images import body as body_media
from images.sanitiser import ID_IN_BODY
from images.usage import Usage


def image_usages(image_ids) -> list[Usage]:
    """Return each article showing one of the images, as lead image or in the body."""
    ids = sorted({int(pk) for pk in image_ids})
    found = [
        Usage(article.lead_image_id, article, _("lead image"))
        for article in Article.objects.filter(lead_image_id__in=ids).only(
            "pk", "headline", "lead_image_id"
        )
    ]
    pattern = ID_IN_BODY.format(ids="|".join(map(str, ids)))
    for article in Article.objects.filter(body__regex=pattern).only(
        "pk", "headline", "body"
    ):
        for pk in body_media.referenced_ids(article.body):
            if pk in ids:
                found.append(Usage(pk, article, _("in the body")))
    return found


def expired_images(article: Article) -> dict[str, list]:
    """Return the article's photos whose rights have expired, by form field."""
    found = {}
    if article.lead_image_id is not None and article.lead_image.is_expired:
        found["lead_image"] = [article.lead_image]
    in_body = body_media.expired_images(article.body)
    if in_body:
        found["body"] = in_body
    return found


def refuse_expired_images(article: Article) -> None:
    """Raise ValidationError naming each photo whose rights have expired."""
    found = expired_images(article)
    if not found:
        return
    raise ValidationError(
        {
            field: [
                _(
                    "The rights to the photo “{title}” expired on {date}: choose "
                    "another photo before publishing."
                ).format(title=image.title, date=date_format(image.rights_expire_on))
                for image in images
            ]
            for field, images in found.items()
        },
        code="rights_expired",
    )
