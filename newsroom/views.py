import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.meta import article_headline
from articles.models import Article
from core.meta import absolute_url, news_language
from core.text import xml_text
from newsroom import seo
from newsroom.front_page import front_page_content
from newsroom.models import SiteSettings
from pagecache.generations import generation_cached

NEWS_SITEMAP_MAX_AGE = timedelta(days=2)  # Google News' rule
NEWS_SITEMAP_MAX_ARTICLES = 1000  # Google News' rule

logger = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    # The stories and their rendered blocks (pagecache_tags) are kept until
    # the site changes; a comment's decision re-renders only the rest.
    content = generation_cached("front-page-content", front_page_content)
    return render(
        request,
        "newsroom/home.html",
        {
            "front_page": content,
            "lead": content.lead,
            "top_stories": content.top_stories,
            "latest": content.latest,
            "section_blocks": content.section_blocks,
            "breaking_news": content.breaking_news,
            "meta": seo.home_meta(),
        },
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Report whether the database and the cache answer (503 naming what fails)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        logger.exception("Health check: database unavailable")
        checks["database"] = "unavailable"
    try:
        cache.set("healthz", "ok", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "unavailable"
    except Exception:
        logger.exception("Health check: cache unavailable")
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /preview/",
        f"Disallow: {reverse('search')}",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap-index'))}",
        f"Sitemap: {absolute_url(reverse('news-sitemap'))}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@x_robots_tag
@require_safe
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Return the Google News sitemap: articles of the last two days and running
    live coverage, newest first."""
    since = timezone.now() - NEWS_SITEMAP_MAX_AGE
    articles = (
        Article.objects.published()
        # Running live coverage stays news however long ago it started.
        .filter(Q(published_at__gte=since) | Article.objects.live_q())
        .only("headline", "seo_headline", "slug", "published_at")
        .order_by("-published_at", "-id")[:NEWS_SITEMAP_MAX_ARTICLES]
    )
    entries = [
        {
            "location": absolute_url(article.get_absolute_url()),
            "published_at": article.published_at,
            "title": article_headline(article),
        }
        for article in articles
    ]
    return render_xml(
        request,
        "newsroom/news_sitemap.xml",
        {
            "entries": entries,
            "publication_name": SiteSettings.load().site_name,
            "language": news_language(),
        },
    )


def render_xml(request: HttpRequest, template_name: str, context: dict) -> HttpResponse:
    """Render an XML template; characters XML forbids never reach the document."""
    document = render_to_string(template_name, context, request)
    return HttpResponse(xml_text(document), content_type="application/xml")
