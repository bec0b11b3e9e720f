import functools
import re
from datetime import date

from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section
from articles.search import headline, highlight, snippet, web_search_query
from authors.models import Author
from newsroom.page_cache import generation_cached

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


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, section: Section) -> str:
        # Regional editions are indented under their section (one level deep).
        return f"— {section.name}" if section.parent_id else section.name


def _choices_without_empty(field: forms.ModelChoiceField) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in field.choices if value != ""]


class SearchForm(forms.Form):
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
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        queryset=Author.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All authors"),
        error_messages={"invalid_choice": _("There is no such author.")},
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
        """Return the published articles matching the valid form, best first."""
        data = self.cleaned_data
        # Filters first: search() ranks only the newest matches among them.
        articles = Article.objects.published()
        if data["section"]:
            articles = articles.in_section(data["section"])
        if data["author"]:
            articles = articles.by_author(data["author"])
        if data["published_from"]:
            articles = articles.filter(published_at__date__gte=data["published_from"])
        if data["published_to"]:
            articles = articles.filter(published_at__date__lte=data["published_to"])
        articles = articles.search(data["q"]).for_listing()
        if data["order"] == "newest":
            articles = articles.order_by("-published_at", "-id")
        return articles

    def with_snippets(self, articles: list[Article]) -> list[Article]:
        """Give a page of results highlighted headlines and snippets (one query)."""
        if not articles:
            return articles
        query = web_search_query(self.cleaned_data["q"])
        rows = (
            Article.objects.filter(pk__in=[article.pk for article in articles])
            .annotate(snippet=snippet(query), marked_headline=headline(query))
            .values_list("pk", "snippet", "marked_headline")
        )
        marked = {pk: (text, title) for pk, text, title in rows}
        for article in articles:
            text, title = marked.get(article.pk, ("", ""))
            article.snippet = highlight(text)
            article.marked_headline = highlight(title) if title else None
        return articles
