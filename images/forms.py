"""Forms of the media library, and the chooser other apps' forms use."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from images import renditions
from images.fields import ACCEPT_ATTRIBUTE, SafeImageFormField
from images.models import Image
from images.widgets import PREVIEW

CHOOSER_THUMB = renditions.Shape(widths=(240,), aspect=4 / 3, formats=("JPEG",))


class ImageChooserWidget(forms.Widget):
    """A library image chosen in a dialog that never leaves the form, or uploaded.

    Posts the chosen image's id (a hidden input) and, in the same name, an
    optional new file: without JavaScript the file input still uploads a new
    photo with the form, and the focal point fields still take percentages.
    """

    template_name = "images/widgets/image_chooser.html"
    needs_multipart_form = True

    class Media:
        css = {"all": ["css/admin/image_chooser.css", "css/admin/focal_point.css"]}
        js = ["js/admin/image_chooser.js", "js/admin/focal_point.js"]

    def __init__(self, attrs=None, *, x_field: str = "", y_field: str = ""):
        super().__init__(attrs)
        self.x_field = x_field
        self.y_field = y_field

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates, whichever form renderer the form uses.
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))

    def value_from_datadict(self, data, files, name):
        upload = files.get(name)
        if upload is not None:
            return upload
        # The id, whatever else came in the same name (an empty file input).
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return next((value for value in values if value), None)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name not in files

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        image = None
        if isinstance(value, Image):
            image = value
        elif value not in (None, "") and not isinstance(value, UploadedFile):
            try:
                image = Image.objects.filter(pk=int(value)).first()
            except (TypeError, ValueError):
                image = None
        preview = None
        if image is not None:
            picture = renditions.picture(image.file, PREVIEW)
            preview = picture.fallback[-1] if picture else None
        context["widget"].update(
            {
                "image": image,
                "image_id": image.pk if image else "",
                "preview": preview,
                "accept": ACCEPT_ATTRIBUTE,
                "chooser_url": reverse("admin:images_image_chooser"),
                "x_field": self.x_field,
                "y_field": self.y_field,
            }
        )
        return context


class ImageChoiceField(forms.ModelChoiceField):
    """Choose a library image by id, or take a newly uploaded file to add one."""

    widget = ImageChooserWidget

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset if queryset is not None else Image.objects, **kwargs)
        self.upload_field = SafeImageFormField(required=False)

    def clean(self, value):
        if isinstance(value, UploadedFile):
            # Validated now, added to the library when the form is saved.
            return self.upload_field.clean(value)
        return super().clean(value)


class ImageForm(forms.ModelForm):
    # A credit link typed without a scheme is a web address.
    credit_url = Image._meta.get_field("credit_url").formfield(assume_scheme="https")

    class Meta:
        model = Image
        fields = (
            "file",
            "title",
            "caption",
            "credit",
            "credit_url",
            "alt",
            "decorative",
            "focal_x",
            "focal_y",
            "source",
            "licence",
            "rights_expire_on",
            "tags",
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files; each is validated on its own by the view that adds them."""

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


class UploadBatchForm(forms.Form):
    """Several photos at once, with the details they share."""

    files = MultipleFileField(
        label=_("Photos"),
        widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_("Choose one or more JPEG, PNG, WebP or GIF files."),
    )
    credit = forms.CharField(label=_("Credit"), max_length=150)
    alt = forms.CharField(
        label=_("Alt text"),
        max_length=250,
        required=False,
        help_text=_(
            "Describe the photos (refine each one in the library afterwards), or "
            "tick decorative."
        ),
    )
    decorative = forms.BooleanField(label=_("Decorative"), required=False)
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)
    licence = forms.CharField(label=_("Licence"), max_length=200, required=False)
    rights_expire_on = forms.DateField(
        label=_("Rights expire on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("decorative") and not (cleaned.get("alt") or "").strip():
            self.add_error(
                "alt",
                ValidationError(
                    _(
                        "Describe the photos for readers who can't see them, or "
                        "tick “decorative”."
                    )
                ),
            )
        return cleaned
