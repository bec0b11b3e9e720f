from django_prose_editor.fields import ProseEditorField

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
}


class SanitizedHTMLField(ProseEditorField):
    """Rich text edited with ProseMirror and sanitised with nh3 on every save.

    ProseEditorField sanitises only in model validation; running the sanitiser in
    pre_save as well means no code path (shell, bulk import, fixtures) can store
    a script.
    """

    def pre_save(self, model_instance, add):
        value = self.sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
