"""The media library's part of the admin's front page: photos needing attention."""

from django import template
from django.db.models import Q

from images.models import Image

register = template.Library()

ATTENTION_LIMIT = 20


@register.inclusion_tag("admin/includes/library_attention.html", takes_context=True)
def library_attention(context) -> dict:
    """Return photos whose rights expired or expire soon, or lacking a credit or alt."""
    user = context["request"].user
    if not user.has_perm("images.view_image"):
        return {"show": False}
    expired = Image.objects.expired().order_by("rights_expire_on")
    incomplete = Image.objects.filter(
        Q(credit="") | Q(alt="", decorative=False)
    ).order_by("-uploaded_at")
    return {
        "show": True,
        "expired": list(expired[:ATTENTION_LIMIT]),
        "expired_count": expired.count(),
        "expiring_count": Image.objects.expiring_soon().count(),
        "incomplete": list(incomplete[:ATTENTION_LIMIT]),
        "incomplete_count": incomplete.count(),
    }
