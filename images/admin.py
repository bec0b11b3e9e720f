from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from images import renditions
from images.forms import CHOOSER_THUMB, ImageForm, UploadBatchForm
from images.models import EXPIRING_SOON_DAYS, Image
from images.services import add_image
from images.usage import usages
from images.widgets import FocalPointImageWidget

CHOOSER_PAGE = 24


class RightsFilter(admin.SimpleListFilter):
    title = _("rights")
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return (
            (
                "expiring",
                _("Expiring within %(days)s days") % {"days": EXPIRING_SOON_DAYS},
            ),
            ("expired", _("Expired")),
            ("unlimited", _("No expiry")),
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value == "expiring":
            return queryset.expiring_soon()
        if value == "expired":
            return queryset.expired()
        if value == "unlimited":
            return queryset.filter(rights_expire_on__isnull=True)
        return queryset


def thumbnail(image: Image, shape=CHOOSER_THUMB) -> str:
    picture = renditions.picture(image.file, shape, image.focal)
    if picture is None:
        return ""
    return picture.fallback[-1].url


def chooser_entry(image: Image) -> dict:
    return {
        "id": image.pk,
        "title": image.title,
        "caption": image.caption,
        "credit": image.credit,
        "alt": image.alt,
        "decorative": image.decorative,
        "focal_x": image.focal_x,
        "focal_y": image.focal_y,
        "expired": image.is_expired,
        "thumbnail": thumbnail(image),
    }


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "thumbnail_column",
        "title",
        "credit",
        "uploaded_by",
        "uploaded_at",
        "rights_expire_on",
    )
    list_display_links = ("thumbnail_column", "title")
    list_filter = (
        RightsFilter,
        "uploaded_by",
        ("uploaded_at", admin.DateFieldListFilter),
    )
    list_select_related = ("uploaded_by",)
    search_fields = ("title", "caption", "credit", "tags__name")
    date_hierarchy = "uploaded_at"
    readonly_fields = (
        "preview",
        "used_in",
        "uploaded_by",
        "uploaded_at",
        "width",
        "height",
    )
    change_list_template = "admin/images/image/change_list.html"
    fieldsets = (
        (None, {"fields": ("preview", "file", "title", "caption", "tags")}),
        (
            _("Credit and description"),
            {
                "fields": (
                    "credit",
                    "credit_url",
                    "alt",
                    "decorative",
                    ("focal_x", "focal_y"),
                )
            },
        ),
        (_("Rights"), {"fields": ("source", "licence", "rights_expire_on")}),
        (_("Where it is used"), {"fields": ("used_in",)}),
        (
            _("Upload"),
            {
                "fields": ("uploaded_by", "uploaded_at", "width", "height"),
                "classes": ("collapse",),
            },
        ),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = FocalPointImageWidget(
                x_field="focal_x", y_field="focal_y"
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        return results, True

    @admin.display(description=_("photo"))
    def thumbnail_column(self, image: Image) -> str:
        url = thumbnail(image)
        if not url:
            return "—"
        return format_html(
            '<img src="{}" width="96" alt="" class="library-thumb">', url
        )

    @admin.display(description=_("preview"))
    def preview(self, image: Image) -> str:
        if image.pk is None:
            return "—"
        return self.thumbnail_column(image)

    @admin.display(description=_("used in"))
    def used_in(self, image: Image) -> str:
        if image.pk is None:
            return "—"
        found = usages([image.pk])
        if not found:
            return gettext("Not used in any article.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        _admin_url(usage.obj),
                        str(usage.obj),
                        usage.where,
                    )
                    for usage in found
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        """Refuse to delete a photo any article shows, listing those articles."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        shown = set()
        for usage in usages(image.pk for image in objs):
            label = gettext("“{article}” ({where})").format(
                article=usage.obj, where=usage.where
            )
            if label not in shown:
                shown.add(label)
                protected.append(label)
        return deleted, model_count, perms_needed, protected

    # The chooser (JSON for the article form's dialog) and the batch upload.

    def get_urls(self):
        return [
            path(
                "chooser/",
                self.admin_site.admin_view(self.chooser_view),
                name="images_image_chooser",
            ),
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="images_image_upload",
            ),
        ] + super().get_urls()

    def chooser_view(self, request: HttpRequest) -> HttpResponse:
        return _chooser(self, request)

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        added, refused = [], []
        if request.method == "POST":
            form = UploadBatchForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                for upload in data["files"]:
                    try:
                        added.append(
                            add_image(
                                upload,
                                title=_title_of(upload.name),
                                caption=data["caption"],
                                credit=data["credit"],
                                alt=data["alt"],
                                decorative=data["decorative"],
                                source=data["source"],
                                licence=data["licence"],
                                rights_expire_on=data["rights_expire_on"],
                                uploaded_by=request.user,
                            )
                        )
                    except ValidationError as error:
                        refused.append((upload.name, _messages(error)))
                if added:
                    messages.success(
                        request,
                        gettext("Added {count} photo(s) to the library.").format(
                            count=len(added)
                        ),
                    )
                for name, text in refused:
                    messages.error(
                        request,
                        gettext("{name} was not added: {reason}").format(
                            name=name, reason=text
                        ),
                    )
        else:
            form = UploadBatchForm()
        if (
            request.headers.get("Accept") == "application/json"
            and request.method == "POST"
        ):
            status = 200 if form.is_valid() else 400
            return JsonResponse(
                {
                    "added": [chooser_entry(image) for image in added],
                    "refused": [{"name": n, "reason": r} for n, r in refused],
                    "errors": {k: [str(e) for e in v] for k, v in form.errors.items()},
                },
                status=status,
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Upload photos"),
            "opts": self.model._meta,
            "form": form,
            "added": added,
            "refused": refused,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/images/image/upload.html", context)


def _admin_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=(obj.pk,))


def _title_of(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("_", " ").replace("-", " ").strip()[:200] or "Photo"


def _messages(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _chooser(model_admin: ImageAdmin, request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:200]
    images = Image.objects.all()
    if query:
        images = images.search(query)
    images = images.order_by("-uploaded_at", "-id")
    page = Paginator(images, CHOOSER_PAGE).get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "query": query,
            "results": [chooser_entry(image) for image in page.object_list],
            "has_next": page.has_next(),
            "page": page.number,
        }
    )
