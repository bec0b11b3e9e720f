"""The plain Django reference: each benchmarked page's bytes, by name (bench only)."""

import functools
import os
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


@functools.cache
def page_bytes(name: str) -> bytes | None:
    file = Path(os.environ["BENCH_PAGES_DIR"]) / f"{name}.html"
    return file.read_bytes() if file.is_file() else None


def page(request: HttpRequest, name: str) -> HttpResponse:
    content = page_bytes(name)
    if content is None:
        raise Http404
    return HttpResponse(content, content_type="text/html; charset=utf-8")


urlpatterns = [path("<slug:name>.html", page)]
