from django.contrib.admin.widgets import AdminFileWidget
from django.utils.html import format_html
from django.utils.translation import gettext as _

from images import renditions

PREVIEW = renditions.Shape(widths=(480,), formats=("JPEG",))


class FocalPointImageWidget(AdminFileWidget):
    """The admin's image input, with a preview where a click sets the focal point.

    The click needs JavaScript (static/js/admin/focal_point.js); without it the
    preview still shows and editors type the percentages into the two fields.
    """

    class Media:
        css = {"all": ["css/admin/focal_point.css"]}
        js = ["js/admin/focal_point.js"]

    def __init__(self, attrs=None, *, x_field: str, y_field: str):
        super().__init__(attrs)
        self.x_field = x_field
        self.y_field = y_field

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        stored = value and getattr(value, "_committed", False) and hasattr(value, "url")
        preview = renditions.picture(value, PREVIEW) if stored else None
        if preview is None:
            return html
        rendition = preview.fallback[-1]
        return html + format_html(
            '<div class="focal-point" data-x-field="id_{}" data-y-field="id_{}">'
            '<img src="{}" width="{}" height="{}" alt="{}">'
            '<span class="focal-point__marker" hidden></span></div>'
            '<p class="help">{}</p>',
            self.x_field,
            self.y_field,
            rendition.url,
            rendition.width,
            rendition.height,
            _("Lead image preview"),
            _(
                "Click the subject of the photo to set the focal point: "
                "thumbnails of other shapes are cropped around it."
            ),
        )
