"""Site-wide middleware: request logs, security headers, read-replica routing."""

import base64
import functools
import hashlib
import logging
import re
import time
import uuid

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse

from images.embeds import FRAME_HOSTS_HEADER
from newsroom import db_routers
from newsroom.logging import request_id as current_request_id

logger = logging.getLogger("newsroom.request")

# An id sent by the proxy (nginx's $request_id) is kept if it looks like one, so
# a reader can't write arbitrary text into the logs.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestLogMiddleware:
    """Log each request as one structured record: method, path, status, time, id.

    The id comes from the proxy's X-Request-ID header (or is made up), is added
    to every record logged during the request and is sent back as X-Request-ID,
    so a reader's report, the proxy's log and the app's logs can be matched up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("x-request-id", "")
        request.id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request.id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            current_request_id.reset(token)


class NulCharacterMiddleware:
    """Keep NUL characters out of every view: PostgreSQL can't hold them in text.

    No address here has one, so a path with one is not found; in the query
    string it is dropped, as forms drop control characters (core.text), so
    no filter, lookup or search of any app sends one to the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query:
            request.META["QUERY_STRING"] = query.replace("%00", "")
        return self.get_response(request)


class SharedPageVaryMiddleware:
    """Drop "Cookie" from Vary on pages shared by every anonymous reader.

    Django's session middleware adds it whenever a page looked at the session,
    as every page with the messages block does, though a reader without a
    session cookie has an empty one. A page sent public with no cookie set
    is the same whatever other cookies the reader holds (a csrftoken, a
    consent cookie), and with Vary: Cookie the nginx micro-cache (and any CDN)
    would keep a copy per distinct Cookie header, missing for most readers.
    Anyone with a session cookie keeps Vary: Cookie: caches bypass them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        vary = response.get("Vary")
        if (
            vary
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "authorization" not in request.headers
            and not response.cookies
            and "public" in response.get("Cache-Control", "").lower()
        ):
            kept = [
                part.strip()
                for part in vary.split(",")
                if part.strip() and part.strip().lower() != "cookie"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, letting the admin's rich-text editor work.

    django-prose-editor declares its JavaScript modules in an inline import map
    (<script type="importmap">), and its editor (TipTap) adds ProseMirror's base
    CSS as an inline <style> element; a policy without 'unsafe-inline' blocks
    both. Admin pages allow exactly these two by their hashes, nothing else
    inline; public pages get the strict policy unchanged.
    """

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponse,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        hosts = response.headers.get(FRAME_HOSTS_HEADER, "").split()
        if hosts:
            # A page with embeds: their players' hosts, and no other, may frame.
            if not report_only:
                del response[FRAME_HOSTS_HEADER]
            update = dict(parts.update or {})
            update["frame-src"] = [*update.get("frame-src", []), *hosts]
            parts.update = update
        if request.path_info.startswith("/" + settings.ADMIN_URL):
            update = dict(parts.update or {})
            for directive, sources in admin_inline_sources().items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts


def admin_inline_sources() -> dict[str, list[str]]:
    """Return the hashes of the admin editor's inline import map and style."""
    from django_prose_editor.widgets import importmap

    script = re.fullmatch(r"<script[^>]*>(.*)</script>", str(importmap), re.DOTALL)
    sources = {"script-src": [_hash_source(script[1])]}
    style = _editor_inline_style()
    if style is not None:
        sources["style-src"] = [_hash_source(style)]
    return sources


@functools.cache
def _editor_inline_style() -> str | None:
    """Return the CSS that TipTap injects (a template literal in its bundle)."""
    path = finders.find("django_prose_editor/editor.js")
    if path:
        with open(path, encoding="utf-8") as file:
            match = re.search(r"`(\.ProseMirror \{[^`$]*)`", file.read())
        if match:
            return match[1]
    logger.warning("Could not find the prose editor's CSS; the CSP will block it")
    return None


def _hash_source(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


class PermissionsPolicyMiddleware:
    """Turn off browser features no page of the site uses (Permissions-Policy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.NEWSROOM_PERMISSIONS_POLICY:
            response.setdefault(
                "Permissions-Policy", settings.NEWSROOM_PERMISSIONS_POLICY
            )
        return response


class ReplicaRoutingMiddleware:
    """Let the read replica answer anonymous GET requests to public pages.

    Everything else (writes, POSTs, logged-in users, the admin) reads from the
    primary, so editors and anyone who just changed something see their change
    at once. Only takes effect when DATABASE_REPLICA_URL is set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_safe(request):
            return self.get_response(request)
        with db_routers.reading_from_replica():
            return self.get_response(request)


def replica_safe(request: HttpRequest) -> bool:
    return (
        "replica" in settings.DATABASES
        and request.method in ("GET", "HEAD")
        and not request.path_info.startswith("/" + settings.ADMIN_URL)
        and not request.user.is_authenticated
        and db_routers.replica_is_current()
    )
