"""Old WordPress addresses of imported content: each answers with a 301.

Only addresses the import recorded redirect; anything else is the normal 404.
"""

from functools import wraps
from urllib.parse import unquote

from django.core.files.storage import default_storage
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.http import require_safe
from taggit.models import Tag

from articles.models import Article, Section
from images.models import Image
from wordpress.media import original_upload
from wordpress.models import Imported

Kind = Imported.Kind
FEEDS = {
    "": "articles:feed",
    "rss": "articles:feed",
    "rss2": "articles:feed",
    "rdf": "articles:feed",
    "atom": "articles:feed-atom",
}


def _ids(queryset):
    return queryset.order_by("-imported_at").values_list("object_id", flat=True)[:5]


def article_url(wp_id: str) -> str | None:
    """Return the URL of the published article imported from WordPress post wp_id."""
    links = Imported.objects.filter(kind=Kind.ARTICLE, wp_id=wp_id)
    article = Article.objects.published().filter(pk__in=list(_ids(links))).first()
    return article.get_absolute_url() if article else None


def article_url_for_slug(slug: str) -> str | None:
    links = Imported.objects.legacy(Kind.ARTICLE, slug)
    article = Article.objects.published().filter(pk__in=list(_ids(links))).first()
    return article.get_absolute_url() if article else None


def section_for(path: str, wp_id: str = "") -> Section | None:
    if wp_id:
        links = Imported.objects.filter(kind=Kind.SECTION, wp_id=wp_id)
    else:
        path = path.strip("/")
        last = path.rsplit("/", 1)[-1]
        links = Imported.objects.legacy(Kind.SECTION, path)
        if not links.exists():
            links = Imported.objects.filter(kind=Kind.SECTION).filter(
                legacy_path__endswith=f"/{last}"
            ) | Imported.objects.legacy(Kind.SECTION, last)
    return Section.objects.filter(pk__in=list(_ids(links))).first()


def _query_target(request: HttpRequest) -> str | None:
    query = request.GET
    if query.get("p", "").isdigit():
        return article_url(query["p"])
    if query.get("cat", "").isdigit():
        section = section_for("", wp_id=query["cat"])
        return section.get_absolute_url() if section else None
    if query.get("tag"):
        tag = Tag.objects.filter(slug=query["tag"]).first()
        return reverse("articles:tag", kwargs={"slug": tag.slug}) if tag else None
    if query.get("feed") in FEEDS:
        return reverse(FEEDS[query["feed"]])
    return None


def legacy_query_redirect(view):
    """Answer WordPress's query-string links on the home page (/?p=123) with a 301.

    The page cache keys pages on the whole URL, query string included, and
    stores only 200 answers, so /?p=123 is never served the cached home page.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.GET:
            target = _query_target(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
def archives(request: HttpRequest, wp_id: str) -> HttpResponse:
    """/archives/123: WordPress's numeric permalinks."""
    target = article_url(wp_id)
    if target is None:
        raise Http404
    return HttpResponsePermanentRedirect(target)


@require_safe
def category(request: HttpRequest, path: str) -> HttpResponse:
    """/category/parent/child/ (and its /feed/) → the section (or its feed)."""
    path = unquote(path).strip("/")
    feed = path == "feed" or path.endswith("/feed")
    if feed:
        path = path.removesuffix("feed").strip("/")
    section = section_for(path) if path else None
    if section is None:
        raise Http404
    if feed:
        return HttpResponsePermanentRedirect(
            reverse("articles:section-feed", kwargs={"slug": section.slug})
        )
    return HttpResponsePermanentRedirect(section.get_absolute_url())


@require_safe
def feed(request: HttpRequest, kind: str = "") -> HttpResponse:
    """/feed/rss2/, /feed/rdf/, /comments/feed/… → the site's feeds."""
    return HttpResponsePermanentRedirect(reverse(FEEDS.get(kind, "articles:feed")))


@require_safe
def upload(request: HttpRequest, path: str) -> HttpResponse:
    """/wp-content/uploads/2011/01/photo.jpg of an imported image → its file in
    the media library. WordPress's resized copies (photo-300x200.jpg) lead to
    the same file."""
    path = unquote(path)
    for candidate in dict.fromkeys((path, original_upload(path))):
        for link in Imported.objects.legacy(Kind.IMAGE, candidate)[:5]:
            if link.object_id is not None:
                # Not once its rights have expired.
                image = Image.objects.usable().filter(pk=link.object_id).first()
                if image is not None and image.file:
                    return HttpResponsePermanentRedirect(image.file.url)
            elif link.stored_name:
                return HttpResponsePermanentRedirect(
                    default_storage.url(link.stored_name)
                )
    raise Http404


@require_safe
def post(request: HttpRequest, path: str) -> HttpResponse:
    """/%postname%/, /%category%/%postname%/ and the like: the last part is the slug.

    Placed last among the site's URLs, so it only sees addresses nothing else
    answers; an unknown slug is the normal 404.
    """
    parts = [part for part in unquote(path).split("/") if part]
    if parts and parts[-1] == "feed":
        parts.pop()
    target = article_url_for_slug(parts[-1]) if parts else None
    if target:
        return HttpResponsePermanentRedirect(target)
    if not request.path.endswith("/"):
        # This catch-all keeps CommonMiddleware from adding the slash itself.
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not post:
            return HttpResponsePermanentRedirect(
                request.get_full_path().replace(request.path, request.path + "/", 1)
            )
    raise Http404
