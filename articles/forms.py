"""The site search form: words, optionally narrowed by section, author and dates.

Search is the articles app's (its view is articles.views.search); the URL
/search/ and its name "search" are the site's, set in newsroom/urls.py.
"""

import functools
import re
from datetime import date

from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section
from articles.search import best_first, headline, highlight, snippet, web_search_query
from authors.models import Author
from core.text import CleanTextFormMixin
from pagecache.generations import generation_cached

QUERY_MAX_LENGTH = 200
WORD = re.compile(r"\w")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateInput(forms.DateInput):
    """A date picker that never echoes a value it can't show.

    A type="date" input may only hold a year-month-day date, so a bad one the
    reader typed is dropped (the field's error says what was wrong).
    """

    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            try:
                if not ISO_DATE.fullmatch(value):
                    raise ValueError(value)
                date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


def _attributes(attrs: dict) -> str:
    """Return HTML attributes as Django's widgets/attrs.html writes them."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(" " + conditional_escape(name))
        elif value is not False:
            parts.append(" " + conditional_escape(name) + '="' + escape(value) + '"')
    return "".join(parts)


class OnePassSelect(forms.Select):
    """A <select> of plain choices, rendered in one pass with Django's markup.

    Django's Select renders each option through a template of its own; for the
    search form's menus (every section and every author) that was most of the
    search page's rendering time.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # Option groups.
        wanted = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            # Only the first matching option is selected, as in Django's Select.
            selected = option_value in wanted
            if selected:
                wanted = set()
            value_html = escape(option_value)
            marked = " selected" if selected else ""
            label_html = conditional_escape(label)
            options.append(
                f'\n  <option value="{value_html}"{marked}>{label_html}</option>\n'
            )
        name_html = conditional_escape(name)
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        options_html = "".join(options)
        return mark_safe(
            f'<select name="{name_html}"{attributes}>{options_html}\n</select>'
        )


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, section: Section) -> str:
        # Regional editions are indented under their section (one level deep).
        return f"— {section.name}" if section.parent_id else section.name


def _choices_without_empty(field: forms.ModelChoiceField) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in field.choices if value != ""]


class SearchForm(CleanTextFormMixin, forms.Form):
    """The site search: words, optionally narrowed by section, author and dates.

    Every field is optional and validated, so any query string gives either
    results or a message on the form; the results are published articles only.
    """

    q = forms.CharField(
        label=_("Search for"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "Search for %(limit_value)d characters at most: try fewer words."
            )
        },
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    section = SectionChoiceField(
        label=_("Section"),
        queryset=Section.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
        error_messages={"invalid_choice": _("There is no such section.")},
        widget=OnePassSelect,
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        queryset=Author.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All authors"),
        error_messages={"invalid_choice": _("There is no such author.")},
        widget=OnePassSelect,
    )
    published_from = forms.DateField(
        label=_("Published from"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a real date, such as 2025-06-18.")},
    )
    published_to = forms.DateField(
        label=_("Published until"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a real date, such as 2025-06-18.")},
    )
    order = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("", _("Best match")), ("newest", _("Newest first"))],
        required=False,
        widget=OnePassSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.annotate(
            tree_order=Coalesce("parent__menu_order", "menu_order"),
            tree_name=Coalesce("parent__name", "name"),
        ).order_by(
            "tree_order", "tree_name", F("parent").asc(nulls_first=True), "menu_order"
        )
        self.fields["author"].queryset = Author.objects.order_by("name")
        # The menus' choices come from the shared cache (each change to a
        # section or author renews them); the querysets check what is sent.
        for name in ("section", "author"):
            field = self.fields[name]
            field.choices = [("", field.empty_label)] + generation_cached(
                f"search-form-{name}-choices",
                functools.partial(_choices_without_empty, field),
            )

    def clean(self):
        cleaned_data = super().clean()
        start = cleaned_data.get("published_from")
        end = cleaned_data.get("published_to")
        if start and end and start > end:
            self.add_error(
                "published_to", _("This date is before the “published from” date.")
            )
        return cleaned_data

    def has_words(self) -> bool:
        return bool(WORD.search(self.cleaned_data["q"]))

    def results(self):
        """Return the newest matches of the valid form, as (id, rank) rows."""
        data = self.cleaned_data
        # Filters first: only the newest matches among them are ranked.
        articles = Article.objects.published()
        if data["section"]:
            articles = articles.in_section(data["section"])
        if data["author"]:
            articles = articles.by_author(data["author"])
        if data["published_from"]:
            articles = articles.filter(published_at__date__gte=data["published_from"])
        if data["published_to"]:
            articles = articles.filter(published_at__date__lte=data["published_to"])
        return articles.search_ranks(data["q"])

    def result_ids(self) -> list[int]:
        """Return the matching articles' ids in the order asked for (one query)."""
        rows = self.results()
        if self.cleaned_data["order"] == "newest":
            return [row[0] for row in rows]
        return best_first(rows)

    def page_of_results(self, ids: list[int]) -> list[Article]:
        """Return a page of results with highlighted headlines and snippets.

        Two queries: the articles with their sections and snippets, then their
        bylines.
        """
        if not ids:
            return []
        query = web_search_query(self.cleaned_data["q"])
        found = (
            Article.objects.published()
            .for_listing()
            .annotate(snippet=snippet(query), marked_headline=headline(query))
            .in_bulk(ids)
        )
        articles = [found[pk] for pk in ids if pk in found]
        for article in articles:
            article.snippet = highlight(article.snippet)
            title = article.marked_headline
            article.marked_headline = highlight(title) if title else None
        return articles
