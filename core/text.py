"""Text without the control characters that XML and HTML can't carry.

Word processors paste a vertical tab for a soft line break, and copied text can
bring other C0 control characters (U+0000 to U+001F but tab, line feed and
carriage return). XML 1.0 forbids them, so one in a headline would take every
feed listing it down, and HTML calls them errors. They are cleaned out in three
places, all through clean_text():

- forms: CleanTextFormMixin cleans what is posted before it is validated, so
  length limits count what is kept and the writer sees the text that is saved;
- models: clean_text_fields(), a pre_save receiver each app connects for its
  models, so no save from any form, import or shell stores one;
- output: xml_text() for feeds and sitemaps, whatever older rows hold.
"""

import re
from collections.abc import Iterable

from django import forms
from django.db import models
from django.db.models.signals import pre_save

# Everything XML 1.0 can't hold: C0 controls but tab, LF and CR, surrogates and
# the two non-characters U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]+")
# Controls that separate lines or records (vertical tab, form feed, and the
# file/group/record/unit separators): removing them would join two words.
SEPARATORS = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Return value without control characters; separators become a line break
    (multiline) or a space."""
    if not NOT_XML.search(value):
        return value
    separator = "\n" if multiline else " "

    def replace(match: re.Match) -> str:
        return separator if SEPARATORS.intersection(match.group()) else ""

    return NOT_XML.sub(replace, value)


def xml_text(value: str) -> str:
    """Return value fit for an XML document (its controls dropped or spaced)."""
    return clean_text(value, multiline=True)


def clean_text_fields(sender, instance, **kwargs) -> None:
    """Clean every text field of the instance before it is saved (pre_save)."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            multiline = isinstance(field, models.TextField)
            setattr(instance, field.attname, clean_text(value, multiline=multiline))


def clean_text_on_save(models_to_clean: Iterable[type[models.Model]]) -> None:
    """Connect clean_text_fields() for each model (from an AppConfig.ready())."""
    for model in models_to_clean:
        pre_save.connect(
            clean_text_fields,
            sender=model,
            dispatch_uid=f"clean-text-{model._meta.label_lower}",
        )


class CleanTextFormMixin:
    """Clean control characters out of the posted text fields before validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        data = self.data.copy()
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            key = self.add_prefix(name)
            multiline = isinstance(field.widget, forms.Textarea)
            if hasattr(data, "getlist"):
                values = data.getlist(key)
                if values:
                    data.setlist(
                        key,
                        [
                            clean_text(value, multiline=multiline)
                            if isinstance(value, str)
                            else value
                            for value in values
                        ],
                    )
            elif isinstance(data.get(key), str):
                data[key] = clean_text(data[key], multiline=multiline)
        self.data = data


class CleanTextModelForm(CleanTextFormMixin, forms.ModelForm):
    """A ModelForm whose text fields never keep control characters."""
