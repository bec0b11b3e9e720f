"""Full-text search over articles, with PostgreSQL.

Each article's ``search_vector`` is computed in the database by a trigger (see
migration 0003): ``articles_search_document()`` weighs the headline and SEO
headline A, the standfirst B and the body's text C. Queries use the same
text-search configuration, ``settings.NEWSROOM_SEARCH_CONFIG``.

Snippets come from ``ts_headline`` over the standfirst and body as escaped
text (``ts_headline`` drops anything that looks like a tag, so it must never see
a raw "<"), with private-use characters as match delimiters. ``highlight()``
unescapes and re-escapes the text and turns only those delimiters into
``<mark>``, so no article text can add markup to the results page.
"""

import html
import re
from contextlib import contextmanager

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import OperationalError, connection, transaction
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Concat, Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Unicode private-use characters: never typed by readers, not HTML-special.
MATCH_START = "\ue000"
MATCH_STOP = "\ue001"
DELIMITERS = re.compile(f"([{MATCH_START}{MATCH_STOP}])")
FRAGMENT_SEPARATOR = " … "
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for statement_timeout


class SearchTooSlow(Exception):
    """The search matched too much to rank within the time limit."""


def search_config() -> str:
    return settings.NEWSROOM_SEARCH_CONFIG


def web_search_query(text: str) -> SearchQuery:
    """Return a query with web-search syntax: "a phrase", -excluded, or."""
    return SearchQuery(text, search_type="websearch", config=search_config())


def best_first(rows) -> list[int]:
    """Return the ids of ArticleQuerySet.search_ranks() rows, best first.

    The rows come newest first and sorted() is stable, so equal ranks stay
    newest first: the order of ArticleQuerySet.search().
    """
    return [row[0] for row in sorted(rows, key=lambda row: -row[1])]


def has_search_terms(text: str) -> bool:
    """Return whether the text keeps any searchable word (not only stop words)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s)) > 0",
            [search_config(), text],
        )
        return cursor.fetchone()[0]


@contextmanager
def time_limit():
    """Stop a search's queries after NEWSROOM_SEARCH_TIMEOUT seconds.

    Ranking reads every match, so a query matching most of a large archive is
    slow; readers get a message (SearchTooSlow) instead of a long wait.
    """
    milliseconds = max(1, round(settings.NEWSROOM_SEARCH_TIMEOUT * 1000))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)]
            )
        try:
            yield
        except OperationalError as error:
            cause = error.__cause__
            code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
            if code == QUERY_CANCELED:
                raise SearchTooSlow from error
            raise


class HTMLText(Func):
    """The text of sanitised HTML, with its entities (see migration 0003)."""

    function = "articles_html_to_text"
    output_field = TextField()


def escaped(field: str) -> Replace:
    """Return a plain-text field HTML-escaped, like HTMLText's output."""
    expression = F(field)
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        expression = Replace(
            expression, Value(character), Value(entity), output_field=TextField()
        )
    return expression


def snippet(query: SearchQuery) -> SearchHeadline:
    """Return the expression for a result's snippet, with delimited matches."""
    return SearchHeadline(
        Concat(
            escaped("standfirst"),
            Value(" "),
            HTMLText("body"),
            output_field=TextField(),
        ),
        query,
        config=search_config(),
        start_sel=MATCH_START,
        stop_sel=MATCH_STOP,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=FRAGMENT_SEPARATOR,
    )


def headline(query: SearchQuery) -> SearchHeadline:
    """Return the expression for a result's headline, with every match delimited."""
    return SearchHeadline(
        escaped("headline"),
        query,
        config=search_config(),
        start_sel=MATCH_START,
        stop_sel=MATCH_STOP,
        highlight_all=True,
    )


def highlight(text: str) -> SafeString:
    """Return escaped text (as ts_headline gives it) safe for HTML, with the
    delimited matches wrapped in <mark> and nothing else as markup."""
    parts = []
    open_mark = False
    for part in DELIMITERS.split(text or ""):
        if part == MATCH_START:
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif part == MATCH_STOP:
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        else:
            parts.append(escape(html.unescape(part)))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts).replace("<mark></mark>", ""))
