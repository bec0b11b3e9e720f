"""Blocks of the article page that other apps provide: today, the comments.

Dependencies point one way (README, "Layout"): comments may use articles, never
the reverse, so the article page can't call the comments app. Instead an app
that adds a block to the page registers an ArticleSection from its
AppConfig.ready() (comments/apps.py). The article page's context is built in one
place, articles.views.article_page_context(), for the public page and the
admin's preview alike; it asks every registered section for its part.

A section may do more than add context: answer the request itself (the redirect
after its form's POST), set the page's status and headers (a 429 with
Retry-After), and answer a POST the database failed on (the comment kept for the
reader to send again) rather than leave it to the error page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse


@dataclass
class PageContext:
    """A page's template context, and what it asks of the response."""

    context: dict
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # When set, the answer to the request instead of the page.
    redirect: HttpResponse | None = None

    def finish(self, response: HttpResponse) -> HttpResponse:
        """Add the headers to the response of the page."""
        for name, value in self.headers.items():
            response[name] = value
        return response


@dataclass(frozen=True)
class ArticleSection:
    """A block of the article page: its context, and its POSTs' database failures."""

    name: str
    # (request, article) -> PageContext; may raise Http404.
    context: Callable[[HttpRequest, object], PageContext]
    # (request) -> the answer to a POST the database failed on, or None.
    database_unavailable: Callable[[HttpRequest], HttpResponse | None] | None = None


_sections: dict[str, ArticleSection] = {}


def register(section: ArticleSection) -> None:
    """Add the section to every article page (again: replace it)."""
    _sections[section.name] = section


def registered() -> list[ArticleSection]:
    return list(_sections.values())


def sections_context(request: HttpRequest, article) -> PageContext:
    """Return the registered sections' context; the first redirect ends it.

    The page's status is the first one other than 200 that a section asks for.
    """
    page = PageContext(context={})
    for section in _sections.values():
        part = section.context(request, article)
        if part.redirect is not None:
            return part
        page.context.update(part.context)
        page.headers.update(part.headers)
        if page.status == 200:
            page.status = part.status
    return page


def answer_database_failures(view):
    """Let the sections answer a POST to the view that hits a database outage.

    The article page takes the comment form's POST; when the database is away,
    the comments section answers with a page that keeps the reader's text. A
    GET, or a failure no section answers, goes on to the error page as before.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        try:
            return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError):
            for section in _sections.values():
                if section.database_unavailable is not None:
                    response = section.database_unavailable(request)
                    if response is not None:
                        return response
            raise

    return wrapper
