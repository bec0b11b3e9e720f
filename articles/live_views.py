"""Readers' side of live coverage: the entries on the article page, permalinks,
and the endpoint the page polls for new entries."""

from django.core.paginator import InvalidPage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles import live
from articles.models import Article

# A CDN may keep an answer of the update endpoint this long (the page cache
# itself is invalidated at once by a new entry).
UPDATES_MAX_AGE = 5


def entry_redirect(request: HttpRequest, article: Article) -> HttpResponse:
    """Send an entry's permalink (?entry=<id>) to the page and anchor showing it."""
    try:
        entry_id = int(request.GET["entry"])
    except ValueError:
        raise Http404 from None
    location = live.entry_location(article, entry_id)
    if location is None:
        raise Http404
    return redirect(location)


def page_context(request: HttpRequest, article: Article) -> live.LivePage:
    """Return the live coverage shown on the article page (Http404 past the end)."""
    try:
        return live.live_page(article, request.GET.get("page"))
    except InvalidPage:
        raise Http404 from None


@require_safe
def live_updates(
    request: HttpRequest, year: int, month: int, day: int, slug: str
) -> HttpResponse:
    """Return the entries posted after ?since=<id>, rendered, newest first."""
    article = get_object_or_404(
        Article.objects.published().filter(coverage_started_at__isnull=False),
        slug=slug,
    )
    if request.path != live.updates_url(article):
        raise Http404
    try:
        since = int(request.GET.get("since", "0"))
        if since < 0:
            raise ValueError
    except ValueError:
        return JsonResponse(
            {"error": _("since must be the id of the newest update shown.")},
            status=400,
        )
    entries = live.new_entries(article, since)
    reload = len(entries) > live.MAX_UPDATES
    entries = entries[: live.MAX_UPDATES]
    response = JsonResponse(
        {
            "latest": entries[0].pk if entries else since,
            "live": article.is_live,
            "reload": reload,
            "entries": [
                {
                    "id": entry.pk,
                    "html": render_to_string(
                        "articles/includes/live_entry.html",
                        {"entry": entry, "article_url": article.get_absolute_url()},
                    ),
                }
                for entry in entries
            ],
        }
    )
    patch_cache_control(response, max_age=UPDATES_MAX_AGE)
    return response
