"""Renditions for templates: each tag returns a Picture, or None to show no image.

Render a Picture with ``{% render_picture picture alt=… css_class=… eager=… %}``.
The tags read only the objects they are given (no database queries) and at most
one cache entry per image.
"""

from django import template
from django.utils.safestring import SafeString

from images import renditions
from images.renditions import Picture

register = template.Library()


@register.simple_tag
def render_picture(
    picture: Picture, alt: str = "", css_class: str = "", eager: bool = False
) -> SafeString:
    """Render a Picture as <picture>; eager for the page's largest image only."""
    return picture.html(alt=alt, css_class=css_class, eager=eager)


@register.simple_tag
def lead_picture(article) -> Picture | None:
    """Return the article page's lead figure, in the photo's own shape.

    None without a lead image or once its rights have expired.
    """
    return renditions.image_picture(article.shown_lead_image, renditions.LEAD)


@register.simple_tag
def card_picture(article, lead: bool = False) -> Picture | None:
    """Return a 16:9 list thumbnail cropped around the editor's focal point."""
    return renditions.image_picture(
        article.shown_lead_image,
        renditions.LEAD_CARD if lead else renditions.CARD,
    )


@register.simple_tag
def badge_picture(author, size: int) -> Picture | None:
    """Return an author's square badge photo of `size` CSS pixels (1x and 2x)."""
    return renditions.picture(author.photo, renditions.badge_shape(int(size)))


@register.simple_tag
def logo_picture(site_settings) -> Picture | None:
    """Return the site logo at the masthead's height (1x and 2x)."""
    return renditions.picture(site_settings.logo, renditions.LOGO)
