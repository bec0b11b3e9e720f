"""Post the article admin's form the way a browser does: from the rendered page.

Reading the fields from the page (rather than writing them out in each test)
keeps these tests true to what editors really send, whatever fields the form
grows later.
"""

from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from articles.models import Article

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


class _FormData(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_multiple = False
        self._options: list[tuple[str, bool]] = []

    def _add(self, name: str, value: str):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in SKIPPED_INPUTS:
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
            self._select_multiple = "multiple" in attrs
            self._options = []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not self._select_multiple and self._options:
                chosen = [self._options[0][0]]
            for value in chosen:
                self._add(self._select, value)
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def form_data(html: str, form_id: str = "article_form") -> dict:
    """Return what submitting the form would send (without any button)."""
    parser = _FormData(form_id)
    parser.feed(html)
    # A textarea's content starts with a newline the browser drops.
    return {
        name: (values[0].removeprefix("\n") if len(values) == 1 else values)
        for name, values in parser.data.items()
    }


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=(article.pk,))


def add_url() -> str:
    return reverse("admin:articles_article_add")


def open_form(client: Client, url: str) -> dict:
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return form_data(page.text)


def press(
    client: Client,
    url: str,
    button: str | None = None,
    data: dict | None = None,
    **changes,
):
    """Open the form at url, change fields, and press a workflow button."""
    fields = open_form(client, url) if data is None else dict(data)
    fields.update(changes)
    if button is not None:
        fields["workflow_action"] = button
    return client.post(url, fields)


def errors_of(response) -> dict:
    """Return the form's and inlines' errors from an admin page that did not save."""
    form = response.context["adminform"].form
    errors = dict(form.errors)
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.non_form_errors():
            errors[inline.formset.prefix] = inline.formset.non_form_errors()
    return errors
