"""The page shown when django-axes locks out too many failed admin logins."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """Say why signing in is paused and for how long (429, with Retry-After)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "axes/lockout.html",
        {"minutes": max(1, round(seconds / 60)), "noindex": True},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
