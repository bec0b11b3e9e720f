"""Rate limits on posting comments, counted in the shared cache (django-ratelimit).

Counting in Django's cache (Redis in production) makes the limits hold across all
app servers. When the cache is unreachable, comments are accepted: refusing
every reader because a cache is down would lose their words.
"""

import ipaddress
import logging
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from core.client_ip import client_ip

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limited:
    """A rate limit that was reached, and how long until it lifts."""

    scope: str
    retry_after: int


def ip_key(request: HttpRequest) -> str:
    """Return the client's IPv4 address or IPv6 /64 network (one household)."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    prefix = 64 if ":" in address else 32
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def _counted(request: HttpRequest, scope: str, rate: str, value: str):
    # The key is hashed before it is stored, so no email reaches the cache.
    return get_usage(
        request,
        group=f"comments:{scope}",
        key=lambda group, request, value=value: value,
        rate=rate,
        increment=True,
    )


def comment_form_rate_limited(request: HttpRequest) -> Limited | None:
    """Count one comment form fetched from the client's IP; return a limit if hit."""
    try:
        usage = _counted(
            request, "form", settings.NEWSROOM_COMMENT_FORM_RATE_PER_IP, ip_key(request)
        )
    except Exception:
        logger.warning("Comment form rate limit not checked", exc_info=True)
        return None
    if usage is not None and usage["should_limit"]:
        return Limited("form", max(1, usage["time_left"]))
    return None


def comment_rate_limited(request: HttpRequest, *, email: str) -> Limited | None:
    """Count one comment for the client's IP and email; return a limit if hit."""
    checks = (
        ("ip", settings.NEWSROOM_COMMENT_RATE_PER_IP, ip_key(request)),
        ("email", settings.NEWSROOM_COMMENT_RATE_PER_EMAIL, email.strip().lower()),
    )
    for scope, rate, value in checks:
        try:
            usage = _counted(request, scope, rate, value)
        except Exception:
            logger.warning("Comment rate limit not checked", exc_info=True)
            continue
        if usage is not None and usage["should_limit"]:
            return Limited(scope, max(1, usage["time_left"]))
    return None


def report_rate_limited(request: HttpRequest) -> Limited | None:
    """Count one report for the client's IP network; return the limit if hit."""
    try:
        usage = get_usage(
            request,
            group="comments:report",
            key=lambda group, request: ip_key(request),
            rate=settings.NEWSROOM_COMMENT_REPORT_RATE,
            increment=True,
        )
    except Exception:
        logger.warning("Report rate limit not checked", exc_info=True)
        return None
    if usage is not None and usage["should_limit"]:
        return Limited("ip", max(1, usage["time_left"]))
    return None
