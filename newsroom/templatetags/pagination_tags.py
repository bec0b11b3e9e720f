from collections.abc import Callable
from dataclasses import dataclass

from django import template
from django.http import HttpRequest

register = template.Library()


@dataclass
class PageLinks:
    previous: str  # "" on the first page
    next: str  # "" on the last page
    numbered: list[dict]


@register.simple_tag(takes_context=True)
def page_links(context, page_obj) -> PageLinks:
    """Return the previous and next links and the numbered ones, gaps elided."""
    url = page_url_maker(context.request)
    ellipsis = page_obj.paginator.ELLIPSIS
    numbered = []
    for number in page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=1, on_ends=1
    ):
        if number == ellipsis:
            numbered.append({"gap": True})
        else:
            numbered.append(
                {
                    "number": number,
                    "url": url(number),
                    "current": number == page_obj.number,
                }
            )
    return PageLinks(
        previous=url(page_obj.number - 1) if page_obj.has_previous() else "",
        next=url(page_obj.number + 1) if page_obj.has_next() else "",
        numbered=numbered,
    )


def page_url_maker(request: HttpRequest) -> Callable[[int], str]:
    """Return a function giving the URL of page N of the request's list.

    The other parameters are kept (encoded once for all the links), ?page=N
    comes last, and page 1 is the list's own address, without ?page=1, so each
    page has one URL.
    """
    params = request.GET.copy()
    params.pop("page", None)
    others = params.urlencode()

    def url(number: int) -> str:
        if number == 1:
            return f"?{others}" if others else request.path
        return f"?{others}&page={number}" if others else f"?page={number}"

    return url
