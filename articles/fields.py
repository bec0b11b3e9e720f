from django_prose_editor.fields import ProseEditorField

from images import sanitiser

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Link": {"enableTarget": False},
    "Heading": {"levels": [2, 3, 4]},
    "Blockquote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "History": True,
    # django-prose-editor turns the browser's spellcheck off by default.
    "NoSpellCheck": False,
    # Library figures, galleries and embeds (images/body.py; the editor's side
    # is static/js/admin/prose_media.js, registered in settings).
    "LibraryMedia": True,
}


class SanitizedHTMLField(ProseEditorField):
    """Rich text edited with ProseMirror and sanitised with nh3 on every save.

    ProseEditorField sanitises only in model validation; running the sanitiser in
    pre_save as well means no code path (shell, bulk import, fixtures) can store
    a script.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_html = self.sanitize
        self.sanitize = lambda value: sanitiser.drop_empty_figures(
            clean_html(sanitiser.embed_pasted_urls(value))
        )

    def clean(self, value, model_instance):
        # Name every forged figure and unsupported embed before the sanitiser
        # would quietly drop it.
        from images.body import validate

        validate(value)
        return super().clean(value, model_instance)

    def pre_save(self, model_instance, add):
        value = self.sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
