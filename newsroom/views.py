import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.models import Article

HOME_LATEST_COUNT = 20

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    articles = list(Article.objects.published().for_listing()[: HOME_LATEST_COUNT + 1])
    lead = next((article for article in articles if article.lead_image), None)
    if lead is None and articles:
        lead = articles[0]
    latest = [article for article in articles if article != lead][:HOME_LATEST_COUNT]
    return render(request, "newsroom/home.html", {"lead": lead, "latest": latest})


@never_cache
@require_GET
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
