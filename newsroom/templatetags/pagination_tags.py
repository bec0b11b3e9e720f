from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """Return the link to a page of the current list, keeping the other parameters.

    Page 1 is the list's own address, without ?page=1, so each page has one URL.
    """
    request = context.request
    params = request.GET.copy()
    params.pop("page", None)
    if number != 1:
        params["page"] = number
    query = params.urlencode()
    return f"?{query}" if query else request.path


@register.simple_tag(takes_context=True)
def page_links(context, page_obj) -> list[dict]:
    """Return the numbered links around the current page, with gaps elided."""
    ellipsis = page_obj.paginator.ELLIPSIS
    links = []
    for number in page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=1, on_ends=1
    ):
        if number == ellipsis:
            links.append({"gap": True})
        else:
            links.append(
                {
                    "number": number,
                    "url": page_url(context, number),
                    "current": number == page_obj.number,
                }
            )
    return links
