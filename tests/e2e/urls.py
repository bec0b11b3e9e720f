"""The site's URLs plus uploaded media, for the browser tests' live server only.

The project serves media through its storage (object storage or the web server in
front of the app) and `runserver` only with DEBUG on; the live server has neither.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import urlpatterns as site_urlpatterns


def media(request: HttpRequest, path: str) -> HttpResponse:
    # MEDIA_ROOT is read per request: each test has its own temporary folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media),
    *site_urlpatterns,
]
